/**
 * Reads (or zips) and uploads the prepared items one at a time, so at most one item's bytes are in memory; a
 * file on the local disk is not held in memory at all but streamed while it uploads (reading overlaps sending).
 * Nothing is sent here: the caller queues the messages only after the whole batch, so a cancelled share leaves
 * nothing half-posted in the group (an uploaded media id that is never used is harmless; they never expire).
 */

import { DingTalkError } from '../dingtalk/errors';
import { BodyLengthError, ByteSource } from '../dingtalk/transport';
import type { MediaUpload } from '../dingtalk/media';
import { ArchiveEntry, ArchiveTooLargeError, buildArchive, ShareCancelledError, throwIfAborted } from './archive';
import { SHARE_LIMITS } from './classify';
import { ShareFileSystem, ShareFsError } from './fileSystem';
import type { UploadedMedia } from './payloads';
import type { PreparedItem } from './preflight';
import { readProblem } from './preflight';
import type { ItemFailure, ItemProblem } from './problems';

/** Uploads one file; resolves with its media id. */
export type MediaUploader = (upload: MediaUpload, signal: AbortSignal | undefined) => Promise<string>;

export interface UploadedItem {
  readonly location: string;
  readonly name: string;
  readonly media: UploadedMedia;
  readonly bytes: number;
}

export interface BatchResult {
  readonly uploaded: UploadedItem[];
  readonly failed: ItemFailure[];
  /** The user cancelled: the caller must not send anything. */
  readonly cancelled: boolean;
}

export interface UploadBatchOptions {
  readonly signal?: AbortSignal;
  readonly maxBatchBytes?: number;
  /** Called before each item's work starts (for progress). */
  readonly onItem?: (item: PreparedItem, index: number, phase: 'zipping' | 'reading' | 'uploading') => void;
  /** For a streamed file: called as its bytes are handed to the connection (a retry starts again from 0). */
  readonly onUploadProgress?: (item: PreparedItem, index: number, sentBytes: number, totalBytes: number) => void;
}

/** DingTalk errors about this one file; any other error (credentials, network, quota…) would repeat for the rest. */
const ITEM_SPECIFIC = new Set(['fileTooLarge', 'unsupportedFileType', 'invalidParameter', 'contentRejected']);

function isCancellation(err: unknown, signal: AbortSignal | undefined): boolean {
  return err instanceof ShareCancelledError || (err instanceof DingTalkError && err.kind === 'cancelled') || Boolean(signal?.aborted);
}

/**
 * The item's content: a source streamed from disk when the file system can (its size is the one checked; a
 * file that changes meanwhile fails the upload with a BodyLengthError), otherwise the bytes, read or zipped.
 */
async function readItem(fs: ShareFileSystem, item: PreparedItem, options: UploadBatchOptions, index: number): Promise<Uint8Array | ByteSource> {
  const { plan } = item;
  if (plan.kind !== 'zip' && fs.readStream && fs.streamable?.(item.location)) {
    const readStream = fs.readStream.bind(fs);
    const report = options.onUploadProgress;
    return { byteLength: item.size, open: () => (report ? counted(readStream(item.location), (sent) => report(item, index, sent, item.size)) : readStream(item.location)) };
  }
  if (plan.kind !== 'zip') {
    options.onItem?.(item, index, 'reading');
    return fs.readFile(item.location);
  }
  options.onItem?.(item, index, 'zipping');
  const entries: ArchiveEntry[] = item.listing?.entries ?? [{ kind: 'file', path: item.name, size: item.size, mtime: item.mtime, read: () => fs.readFile(item.location) }];
  return buildArchive(entries, { maxBytes: plan.maxUploadBytes, signal: options.signal });
}

/** Passes chunks through, telling how many bytes have gone by. */
async function* counted(chunks: AsyncIterable<Uint8Array>, onBytes: (sent: number) => void): AsyncIterable<Uint8Array> {
  let sent = 0;
  for await (const chunk of chunks) {
    yield chunk;
    // After the yield: the consumer has taken the chunk (and waited for the socket to drain if it was full).
    sent += chunk.byteLength;
    onBytes(sent);
  }
}

export async function uploadBatch(fs: ShareFileSystem, items: readonly PreparedItem[], upload: MediaUploader, options: UploadBatchOptions = {}): Promise<BatchResult> {
  const maxBatchBytes = options.maxBatchBytes ?? SHARE_LIMITS.maxBatchBytes;
  const uploaded: UploadedItem[] = [];
  const failed: ItemFailure[] = [];
  let total = 0;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const fail = (problem: ItemProblem): void => void failed.push({ location: item.location, name: item.name, problem });
    try {
      throwIfAborted(options.signal);
      let data: Uint8Array | ByteSource;
      try {
        data = await readItem(fs, item, options, index);
      } catch (err) {
        if (isCancellation(err, options.signal)) throw err;
        if (err instanceof ArchiveTooLargeError) fail({ code: 'archiveTooLarge', size: err.bytes, limit: err.limit });
        else fail(readProblem(err));
        continue;
      }
      throwIfAborted(options.signal);
      const bytes = data.byteLength;
      // The file may have changed since it was checked.
      if (bytes === 0) {
        fail({ code: 'empty' });
        continue;
      }
      if (bytes > item.plan.maxUploadBytes) {
        const limit = item.plan.maxUploadBytes;
        fail(item.plan.kind === 'zip' ? { code: 'archiveTooLarge', size: bytes, limit } : { code: 'tooLarge', size: bytes, limit, mediaType: item.plan.mediaType });
        continue;
      }
      if (total + bytes > maxBatchBytes) {
        fail({ code: 'batchBytes', size: total + bytes, limit: maxBatchBytes });
        continue;
      }
      options.onItem?.(item, index, 'uploading');
      let mediaId: string;
      try {
        mediaId = await upload({ type: item.plan.mediaType, fileName: item.plan.uploadName, data }, options.signal);
      } catch (err) {
        if (isCancellation(err, options.signal)) throw err;
        // A streamed file that changed or could not be read: a problem of this file only.
        if (err instanceof BodyLengthError) {
          fail({ code: 'changed' });
          continue;
        }
        if (err instanceof ShareFsError) {
          fail(readProblem(err));
          continue;
        }
        fail({ code: 'upload', error: err });
        if (err instanceof DingTalkError && ITEM_SPECIFIC.has(err.kind)) continue;
        for (const rest of items.slice(index + 1)) failed.push({ location: rest.location, name: rest.name, problem: { code: 'notAttempted', error: err } });
        break;
      }
      total += bytes;
      const media: UploadedMedia = item.plan.kind === 'image' ? { kind: 'image', mediaId } : { kind: 'file', mediaId, fileName: item.plan.uploadName, fileType: item.plan.fileType };
      uploaded.push({ location: item.location, name: item.name, media, bytes });
    } catch (err) {
      if (isCancellation(err, options.signal)) return { uploaded, failed, cancelled: true };
      throw err;
    }
  }
  return { uploaded, failed, cancelled: false };
}

/**
 * Media upload, docs/dingtalk-api.md §5: `POST {oapiBase}/media/upload?access_token=…&type=…`, multipart with
 * the file in a part named exactly `media` (with filename and content type) and `type` also as a form field
 * (the doc's fix for 40004 is the query copy; the official Python SDK sends the form field). Size and extension
 * are checked before uploading so the user learns what is wrong without a round trip.
 */

import { AppHttp } from './appHttp';
import { DingTalkError } from './errors';
import { extensionOf } from './messages';
import { encodeMultipart } from './multipart';
import type { ByteSource } from './transport';

/** Upload types DingTalk accepts. */
export type MediaType = 'image' | 'voice' | 'video' | 'file';

const MB = 1024 * 1024;

/** Per-type size limits and extensions from the official upload-media-files page. */
export const MEDIA_LIMITS: Readonly<Record<MediaType, { readonly maxBytes: number; readonly extensions: readonly string[] }>> = {
  image: { maxBytes: 20 * MB, extensions: ['jpg', 'gif', 'png', 'bmp'] },
  voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] },
  video: { maxBytes: 20 * MB, extensions: ['mp4'] },
  file: { maxBytes: 20 * MB, extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'] },
};

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', gif: 'image/gif', png: 'image/png', bmp: 'image/bmp',
  amr: 'audio/amr', mp3: 'audio/mpeg', wav: 'audio/wav', mp4: 'video/mp4',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip', pdf: 'application/pdf', rar: 'application/vnd.rar',
};

/** A file to upload. */
export interface MediaUpload {
  type: MediaType;
  /** Name including the extension; DingTalk shows it and checks the extension. */
  fileName: string;
  /** The bytes, or a source streamed while uploading (read again on a retry). */
  data: Uint8Array | ByteSource;
  /** Default: derived from the extension. */
  contentType?: string;
}

/** DingTalk's answer to an upload. */
export interface UploadedMedia {
  /** The media id, typically starting with `@`; usable as sampleImageMsg.photoURL / sampleFile.mediaId. */
  mediaId: string;
  type: string;
  /** Epoch ms, when DingTalk reports it. */
  createdAt?: number;
}

/**
 * Checks an upload against the per-type limits; throws `unsupportedFileType` or `fileTooLarge` naming the file,
 * its size and the limit.
 */
export function checkMediaUpload(upload: Pick<MediaUpload, 'type' | 'fileName'> & { size: number }): void {
  const limits = MEDIA_LIMITS[upload.type];
  if (!limits) {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: `"${String(upload.type)}" is not a media type DingTalk accepts (image, voice, video, file).`,
      remedy: 'Use image, voice, video or file.',
      details: { parameter: 'type' },
    });
  }
  const extension = extensionOf(upload.fileName);
  if (!limits.extensions.includes(extension)) {
    throw new DingTalkError({
      kind: 'unsupportedFileType',
      details: { fileName: upload.fileName, type: upload.type, extension, allowed: limits.extensions.join(', ') },
    });
  }
  if (upload.size > limits.maxBytes) {
    throw new DingTalkError({
      kind: 'fileTooLarge',
      details: { fileName: upload.fileName, type: upload.type, size: upload.size, limit: limits.maxBytes },
    });
  }
  if (upload.size === 0) {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: `The file ${upload.fileName} is empty.`,
      remedy: 'Choose a file with content.',
      details: { parameter: 'media', fileName: upload.fileName },
    });
  }
}

/** `media/upload`. */
export class MediaApi {
  constructor(private readonly http: AppHttp) {}

  /** Uploads a file after checking its type and size locally. */
  async upload(upload: MediaUpload, options: { signal?: AbortSignal } = {}): Promise<UploadedMedia> {
    checkMediaUpload({ type: upload.type, fileName: upload.fileName, size: upload.data.byteLength });
    const fileName = upload.fileName.split(/[\\/]/).pop()!;
    const contentType = upload.contentType ?? CONTENT_TYPES[extensionOf(fileName)] ?? 'application/octet-stream';
    const result = await this.http.oapi<Record<string, unknown>>({
      method: 'POST',
      path: '/media/upload',
      query: { type: upload.type },
      // Encoded once: a retry sends the same bytes again.
      multipart: encodeMultipart([
        { name: 'type', value: upload.type },
        { name: 'media', fileName, contentType, data: upload.data },
      ]),
      operation: `media.upload ${upload.type}`,
      // A repeated upload only creates an unused media id.
      idempotent: true,
      signal: options.signal,
      // The default 15 s would fail a 20 MB upload on a slow uplink: allow for about 100 KB/s.
      timeoutMs: uploadTimeoutMs(upload.data.byteLength),
    });
    const mediaId = result.media_id ?? result.mediaId;
    if (typeof mediaId !== 'string' || mediaId === '') {
      throw new DingTalkError({ kind: 'unknown', dingTalkMessage: 'media/upload returned no media_id' });
    }
    const createdAt = Number(result.created_at ?? result.createdAt);
    return { mediaId, type: typeof result.type === 'string' ? result.type : upload.type, createdAt: Number.isFinite(createdAt) ? createdAt : undefined };
  }
}

/** Per-attempt timeout of an upload: at least a minute, plus a second for every 100 KB (a slow uplink). */
export function uploadTimeoutMs(bytes: number): number {
  return Math.max(60_000, 15_000 + Math.ceil(bytes / 100_000) * 1_000);
}

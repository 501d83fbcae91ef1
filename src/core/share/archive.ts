/**
 * Builds a .zip with fflate's streaming `Zip`: entries are read one at a time and fed in 1 MB slices, yielding
 * to the event loop between slices, so the extension host stays responsive, cancellation is noticed within a
 * slice, and building stops as soon as the archive passes DingTalk's upload limit (no need to compress 200 MB
 * to learn that the result would be 30 MB). Names keep their Unicode and spaces: fflate sets the UTF-8 flag
 * (general purpose bit 11) on non-ASCII names, and entries say they were made on Unix with ordinary permissions,
 * because Debian's and Ubuntu's unzip re-encode the names of "MS-DOS" entries as CP437 despite the flag.
 */

import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { isCompressed } from './classify';

/** One archive member: a file (read lazily) or an (empty) folder. */
export type ArchiveEntry =
  | { readonly kind: 'file'; readonly path: string; readonly size: number; readonly mtime: number; read(): Promise<Uint8Array> }
  | { readonly kind: 'directory'; readonly path: string; readonly mtime: number };

/** The archive would be larger than allowed; `bytes` is how far it got. */
export class ArchiveTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the archive passed ${limit} bytes`);
    this.name = 'ArchiveTooLargeError';
  }
}

/** Cancelled through the signal. */
export class ShareCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ShareCancelledError';
  }
}

const SLICE_BYTES = 1024 * 1024;
const DOS_EPOCH_MS = Date.UTC(1980, 0, 2);
const DOS_END_MS = Date.UTC(2099, 11, 31);

/** ZIP stores local DOS times from 1980 to 2099; anything else (0, far future) would make fflate throw. */
function zipTime(mtime: number): number {
  return Number.isFinite(mtime) && mtime >= DOS_EPOCH_MS && mtime <= DOS_END_MS ? mtime : Date.now();
}

/** "Made by" Unix, with rw-r--r-- files and rwxr-xr-x folders (the upper 16 bits of the external attributes). */
const UNIX = 3;
const FILE_ATTRS = (0o100644 << 16) >>> 0;
const DIR_ATTRS = ((0o040755 << 16) | 0x10) >>> 0;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ShareCancelledError();
}

/**
 * Zips `entries` in order. Throws {@link ArchiveTooLargeError} once the output passes `maxBytes`,
 * {@link ShareCancelledError} when `signal` aborts, and whatever an entry's `read()` throws.
 */
export async function buildArchive(entries: readonly ArchiveEntry[], options: { maxBytes: number; signal?: AbortSignal; level?: 6 | 9 | 1 }): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let failure: Error | undefined;
  const zip = new Zip((err, data) => {
    if (err) {
      failure = err;
      return;
    }
    chunks.push(data);
    total += data.length;
  });
  const check = (): void => {
    if (failure) throw failure;
    if (total > options.maxBytes) throw new ArchiveTooLargeError(total, options.maxBytes);
    throwIfAborted(options.signal);
  };
  try {
    for (const entry of entries) {
      check();
      if (entry.kind === 'directory') {
        const dir = new ZipPassThrough(entry.path.endsWith('/') ? entry.path : `${entry.path}/`);
        dir.mtime = zipTime(entry.mtime);
        dir.os = UNIX;
        dir.attrs = DIR_ATTRS;
        zip.add(dir);
        dir.push(new Uint8Array(0), true);
        continue;
      }
      const data = await entry.read();
      check();
      const member = isCompressed(entry.path) ? new ZipPassThrough(entry.path) : new ZipDeflate(entry.path, { level: options.level ?? 6 });
      member.mtime = zipTime(entry.mtime);
      member.os = UNIX;
      member.attrs = FILE_ATTRS;
      zip.add(member);
      if (data.length === 0) member.push(data, true);
      for (let offset = 0; offset < data.length; offset += SLICE_BYTES) {
        member.push(data.subarray(offset, offset + SLICE_BYTES), offset + SLICE_BYTES >= data.length);
        check();
        await tick();
      }
    }
    zip.end();
    check();
  } catch (err) {
    zip.terminate();
    throw err;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

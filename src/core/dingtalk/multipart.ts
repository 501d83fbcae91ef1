/**
 * A multipart/form-data body as a list of chunks: the small part headers, and each file's bytes as they are
 * (not copied: a 19 MB upload needs no second 19 MB buffer), or a source streamed from disk while it is sent.
 * The transport writes the chunks to the socket one after another.
 *
 * fetch can encode a FormData itself, but it streams a Blob part through web streams in small chunks: 1.25×
 * slower than curl in plain Node. Encoding follows the HTML form-data algorithm that browsers and undici use:
 * names as UTF-8, with `"`, CR and LF percent-escaped.
 */

import { randomBytes } from 'crypto';
import type { BodyChunk, ByteSource } from './transport';

/** A text field or a file part. */
export type MultipartPart =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly fileName: string; readonly contentType: string; readonly data: Uint8Array | ByteSource };

/** The encoded body and the content type (with the boundary) to send it with. */
export interface MultipartBody {
  /** Concatenated, the body. File parts are the caller's arrays: do not change them until the request ends. */
  readonly chunks: readonly BodyChunk[];
  readonly byteLength: number;
  readonly contentType: string;
}

const encoder = new TextEncoder();

function escapeName(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/**
 * Encodes `parts` without copying file bytes. The boundary carries 96 random bits, so like browsers and
 * undici it is not searched for in the data: a chance collision is as unlikely as guessing a 96-bit key.
 */
export function encodeMultipart(parts: readonly MultipartPart[]): MultipartBody {
  const boundary = `----vscode-dingtalk-${randomBytes(12).toString('hex')}`;
  const chunks: BodyChunk[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"`;
    if ('data' in part) head += `; filename="${escapeName(part.fileName)}"\r\nContent-Type: ${part.contentType}`;
    chunks.push(encoder.encode(`${head}\r\n\r\n`));
    chunks.push('data' in part ? part.data : encoder.encode(part.value));
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { chunks, byteLength: chunks.reduce((n, c) => n + c.byteLength, 0), contentType: `multipart/form-data; boundary=${boundary}` };
}

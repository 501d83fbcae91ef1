/**
 * The transport's default fetch: one request over Node's `http`/`https` modules, answered with a standard
 * `Response`.
 *
 * Why not the global fetch: in VS Code's extension host both are patched with the user's proxy settings
 * (`http.proxy`, `http.proxySupport`, PAC, `http.noProxy`) and system certificates, but the patched fetch streams
 * a request body several times slower: a 19 MB upload to the sandbox took ≈ 240 ms with it and ≈ 80 ms with
 * `http.request` (curl ≈ 140 ms) side by side in the same host. `http.request` is also what node-fetch wraps.
 * test/integration/proxy.test.ts proves the proxy support of this path.
 *
 * Body chunks (a multipart body) are written one after another, so a file's bytes are never joined into a
 * second buffer; a streamed source is read as the socket drains, and must yield exactly the length it declared
 * (sent as Content-Length), or the request is abandoned with a {@link RequestBodyError}.
 */

import * as http from 'http';
import * as https from 'https';
import { BodyChunk, BodyLengthError, FetchLike, HttpRequestInit, RequestBodyError } from './transport';

/** Statuses whose Response must have no body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const nodeHttpFetch: FetchLike = (url, init) =>
  new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!transport) {
      reject(new TypeError(`Unsupported URL scheme "${target.protocol}"; use https:// (or http:// for a local sandbox).`));
      return;
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const chunks = bodyChunks(init.body);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    if (init.body !== undefined) headers['content-length'] = String(chunks.reduce((n, c) => n + c.byteLength, 0));

    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const request = transport.request(url, { method: init.method, headers }, (response) => {
      const received: Buffer[] = [];
      response.on('data', (chunk: Buffer) => received.push(chunk));
      response.on('error', (err) => settle(() => reject(err)));
      response.on('aborted', () => settle(() => reject(Object.assign(new Error('The connection closed before the response ended.'), { code: 'ECONNRESET' }))));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
        }
        settle(() => {
          try {
            const content = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(received);
            resolve(new Response(content, { status, statusText: response.statusMessage ?? '', headers: responseHeaders }));
          } catch (err) {
            reject(err); // a status outside 200–599 (a broken proxy)
          }
        });
      });
    });
    function onAbort(): void {
      settle(() => reject(signal!.reason));
      request.destroy();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (err) => settle(() => reject(err)));
    writeBody(request, chunks, () => settled).then(
      () => {
        if (!settled) request.end();
      },
      (err: unknown) => {
        settle(() => reject(err instanceof RequestBodyError ? err : new RequestBodyError('the request body could not be read', err)));
        request.destroy();
      },
    );
  });

function bodyChunks(body: HttpRequestInit['body']): readonly BodyChunk[] {
  if (body === undefined) return [];
  if (typeof body === 'string') return [Buffer.from(body, 'utf8')];
  if (body instanceof Uint8Array) return [body];
  return body;
}

/**
 * Writes the chunks in order. Byte arrays are handed over as they are (write() keeps a reference, no copy);
 * streamed sources are read only as fast as the socket drains. Stops early once the request has settled
 * (aborted, failed), which closes the source.
 */
async function writeBody(request: http.ClientRequest, chunks: readonly BodyChunk[], settled: () => boolean): Promise<void> {
  for (const chunk of chunks) {
    if (chunk instanceof Uint8Array) {
      request.write(chunk);
      continue;
    }
    let read = 0;
    for await (const piece of chunk.open()) {
      if (settled()) return;
      read += piece.byteLength;
      if (read > chunk.byteLength) throw new RequestBodyError('a body source yielded more than it declared', new BodyLengthError(chunk.byteLength, read));
      if (!request.write(piece)) await drained(request);
    }
    if (read !== chunk.byteLength) throw new RequestBodyError('a body source yielded less than it declared', new BodyLengthError(chunk.byteLength, read));
  }
}

/** Resolves when the request can take more data, or is closed (then the caller sees `settled`). */
function drained(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      request.off('drain', done);
      request.off('close', done);
      resolve();
    };
    request.on('drain', done);
    request.on('close', done);
  });
}

import * as assert from 'node:assert/strict';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { nodeHttpFetch } from '../../../src/core/dingtalk/nodeHttp';
import { BodyLengthError, HttpTransport, RequestBodyError } from '../../../src/core/dingtalk/transport';

/** A real HTTP server on 127.0.0.1 whose handler each test sets. */
describe('nodeHttpFetch (the transport default) over real HTTP', () => {
  let server: http.Server;
  let base: string;
  let handle: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('sends method, headers and a byte body with its length, and answers with status, headers and body', async () => {
    let seen: { method?: string; type?: string; length?: string; body?: Buffer } = {};
    handle = (req, body, res) => {
      seen = { method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], body };
      res.writeHead(201, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end('{"ok":"好"}');
    };
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const response = await nodeHttpFetch(`${base}/media/upload?x=1`, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=b' }, body: bytes });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('retry-after'), '3');
    assert.deepEqual(await response.json(), { ok: '好' });
    assert.equal(seen.method, 'POST');
    assert.equal(seen.type, 'multipart/form-data; boundary=b');
    assert.equal(seen.length, '300000');
    assert.ok(seen.body?.equals(Buffer.from(bytes)));
  });

  it('sends byte chunks one after another as one body, with their total length', async () => {
    let received: Buffer = Buffer.alloc(0);
    let length = '';
    handle = (req, body, res) => {
      received = body;
      length = req.headers['content-length'] ?? '';
      res.writeHead(200).end('{}');
    };
    const parts = [Buffer.from('head\r\n'), new Uint8Array(100_000).fill(7), Buffer.from('\r\ntail')];
    await nodeHttpFetch(`${base}/upload`, { method: 'POST', body: parts });
    assert.equal(length, String(6 + 100_000 + 6));
    assert.ok(received.equals(Buffer.concat(parts)));
  });

  it('streams a source between byte chunks, reading it afresh for every attempt', async () => {
    const bodies: Buffer[] = [];
    handle = (_req, body, res) => {
      bodies.push(body);
      if (bodies.length === 1) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    };
    let opened = 0;
    const source = {
      byteLength: 200_000,
      async *open() {
        opened++;
        for (let i = 0; i < 4; i++) yield new Uint8Array(50_000).fill(i + 1);
      },
    };
    const transport = new HttpTransport({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await transport.request({ method: 'POST', operation: 'upload', surface: 'oapi', idempotent: true, prepare: () => ({ url: `${base}/up`, body: [Buffer.from('<'), source, Buffer.from('>')] }) });
    assert.equal(opened, 2);
    assert.equal(bodies.length, 2);
    for (const body of bodies) {
      assert.equal(body.length, 200_002);
      assert.equal(body[0], '<'.charCodeAt(0));
      assert.equal(body[50_001], 2);
      assert.equal(body[200_001], '>'.charCodeAt(0));
    }
  });

  it('abandons a request whose source yields another length or fails, and the transport rethrows the cause without retrying', async () => {
    let completed = 0;
    handle = (_req, _body, res) => {
      completed++;
      res.writeHead(200).end('{}');
    };
    const short = { byteLength: 10, async *open() { yield new Uint8Array(4); } };
    const long = { byteLength: 10, async *open() { yield new Uint8Array(8); yield new Uint8Array(8); } };
    const gone = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const failing = { byteLength: 10, async *open() { yield new Uint8Array(2); throw gone; } };
    await assert.rejects(nodeHttpFetch(`${base}/up`, { method: 'POST', body: [short] }), (err: unknown) => err instanceof RequestBodyError && err.cause instanceof BodyLengthError && err.cause.actual === 4);
    await assert.rejects(nodeHttpFetch(`${base}/up`, { method: 'POST', body: [long] }), (err: unknown) => err instanceof RequestBodyError && err.cause instanceof BodyLengthError);
    let opened = 0;
    const counted = { byteLength: 10, open: () => (opened++, failing.open()) };
    const transport = new HttpTransport({ retry: { maxAttempts: 4, baseDelayMs: 1 } });
    await assert.rejects(
      transport.request({ method: 'POST', operation: 'upload', surface: 'oapi', idempotent: true, prepare: () => ({ url: `${base}/up`, body: [counted] }) }),
      (err: unknown) => err === gone,
    );
    assert.equal(opened, 1, 'a body that cannot be read is not retried');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(completed, 0, 'the server never saw a complete request');
  });

  it('sends a string body as UTF-8 and gives 204 an empty body', async () => {
    let received = '';
    handle = (_req, body, res) => {
      received = body.toString('utf8');
      res.writeHead(204).end();
    };
    const response = await nodeHttpFetch(`${base}/x`, { method: 'PUT', body: '{"t":"待办"}' });
    assert.equal(received, '{"t":"待办"}');
    assert.equal(response.status, 204);
    assert.equal(await response.text(), '');
  });

  it('rejects at once when the signal aborts mid-request, and the transport reports a timeout', async () => {
    handle = () => undefined; // never answers
    const controller = new AbortController();
    const pending = nodeHttpFetch(`${base}/slow`, { method: 'GET', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
    const transport = new HttpTransport({ timeoutMs: 50, retry: { maxAttempts: 1 } });
    await assert.rejects(
      transport.request({ method: 'GET', operation: 'slow', surface: 'v1', prepare: () => ({ url: `${base}/slow` }) }),
      (err: unknown) => err instanceof DingTalkError && err.kind === 'timeout',
    );
  });

  it('a refused connection is a network error the transport knows was never delivered', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(nodeHttpFetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED');
    const transport = new HttpTransport({ retry: { maxAttempts: 1 } });
    await assert.rejects(
      transport.request({ method: 'POST', operation: 'refused', surface: 'v1', prepare: () => ({ url: `http://127.0.0.1:${port}/`, body: '{}' }) }),
      (err: unknown) => err instanceof DingTalkError && err.kind === 'network' && /ECONNREFUSED/.test(String(err.details.cause)),
    );
  });

  it('refuses schemes other than http and https', async () => {
    await assert.rejects(nodeHttpFetch('file:///etc/passwd', { method: 'GET' }), /Unsupported URL scheme "file:"/);
  });
});

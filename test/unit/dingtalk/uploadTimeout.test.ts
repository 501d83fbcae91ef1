import * as assert from 'node:assert/strict';
import { uploadTimeoutMs } from '../../../src/core/dingtalk/media';
import { HttpTransport } from '../../../src/core/dingtalk/transport';
import { captureLogger } from './logCapture';

describe('per-request timeouts', () => {
  it('gives uploads time for a slow uplink: at least a minute, and about 100 KB/s for large files', () => {
    assert.equal(uploadTimeoutMs(1_000), 60_000);
    assert.ok(uploadTimeoutMs(20 * 1024 * 1024) >= 200_000, `20 MB gets ${uploadTimeoutMs(20 * 1024 * 1024)} ms`);
    assert.ok(uploadTimeoutMs(20 * 1024 * 1024) > uploadTimeoutMs(2 * 1024 * 1024));
  });

  it('applies a request\'s own timeout instead of the transport\'s', async () => {
    // The fake fetch never answers; only the abort signal ends it. The transport default (1 h) would hang the test.
    const transport = new HttpTransport({
      timeoutMs: 3_600_000,
      retry: { maxAttempts: 1 },
      logger: captureLogger,
      fetch: (_url, init) =>
        new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    });
    await assert.rejects(
      transport.request({ method: 'GET', operation: 'test', surface: 'v1', timeoutMs: 50, prepare: () => ({ url: 'http://127.0.0.1:9/x', headers: {} }) }),
      (err: { kind?: string }) => err.kind === 'timeout',
    );
  });
});

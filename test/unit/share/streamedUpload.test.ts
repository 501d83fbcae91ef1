import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DingTalkAppClient } from '../../../src/core/dingtalk/appClient';
import { preflight } from '../../../src/core/share/preflight';
import { MediaUploader, uploadBatch } from '../../../src/core/share/uploadBatch';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { captureLogger } from '../dingtalk/logCapture';
import { noise, StreamingNodeShareFs, tempTree } from './helpers';

/**
 * Files on the local disk are streamed while they upload (never held whole in memory). Over real HTTP to the
 * sandbox: the bytes arrive intact, and a file that changes or vanishes mid-upload fails alone, leaves nothing
 * in the sandbox, and the batch goes on.
 */
describe('streamed uploads of local files (real HTTP to the sandbox)', () => {
  let sandbox: Sandbox;
  let root: string;
  let upload: MediaUploader;
  const big = noise(3 * 1024 * 1024 + 17);

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    const { app } = sandbox.demo;
    const client = new DingTalkAppClient({ credentials: { appKey: app.appKey, appSecret: app.appSecret }, robotCode: app.robotCode, apiBaseUrl: sandbox.baseUrl, oapiBaseUrl: sandbox.baseUrl, logger: captureLogger, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    upload = async (u, signal) => (await client.media.upload(u, { signal })).mediaId;
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    root = tempTree({ 'report 报告.pdf': big, 'photo.png': noise(5000), 'next.pdf': '%PDF-1.4 next' });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const at = (...names: string[]): string[] => names.map((n) => path.join(root, n));

  it('uploads a file and an image byte for byte, reporting the bytes as they go out', async () => {
    const streaming = new StreamingNodeShareFs();
    const { items } = await preflight(streaming, at('report 报告.pdf', 'photo.png'));
    const progress: Array<[number, number, number]> = [];
    const result = await uploadBatch(streaming, items, upload, { onUploadProgress: (_item, index, sent, total) => progress.push([index, sent, total]) });
    const ofPdf = progress.filter(([index]) => index === 0);
    assert.ok(ofPdf.length > 10, `several reports for a 3 MB file in 64 KB reads: ${ofPdf.length}`);
    assert.ok(ofPdf.every(([, sent], i) => i === 0 || sent > ofPdf[i - 1][1]), 'increasing');
    assert.deepEqual(ofPdf.at(-1), [0, big.length, big.length]);
    assert.deepEqual(progress.at(-1), [1, 5000, 5000]);
    assert.deepEqual(result.failed, []);
    const [pdf, png] = result.uploaded.map((u) => sandbox.state.mediaBytes(u.media.mediaId));
    assert.ok(pdf?.equals(Buffer.from(big)), 'the pdf arrived intact');
    assert.ok(png?.equals(fs.readFileSync(path.join(root, 'photo.png'))), 'the image arrived intact');
    assert.deepEqual(result.uploaded.map((u) => u.bytes), [big.length, 5000]);
  });

  it('fails a file that grows or shrinks while it uploads as "changed", stores nothing for it, and goes on', async () => {
    for (const change of ['grow', 'shrink'] as const) {
      sandbox.reset();
      const streaming = new StreamingNodeShareFs();
      streaming.afterFirstChunk = (location) => {
        if (!location.endsWith('.pdf') || location.endsWith('next.pdf')) return;
        if (change === 'grow') fs.appendFileSync(location, 'more bytes written meanwhile');
        else fs.truncateSync(location, 100_000);
      };
      fs.writeFileSync(path.join(root, 'report 报告.pdf'), big);
      const { items } = await preflight(streaming, at('report 报告.pdf', 'next.pdf'));
      const result = await uploadBatch(streaming, items, upload);
      assert.deepEqual(result.failed.map((f) => [f.name, f.problem.code]), [['report 报告.pdf', 'changed']], change);
      assert.deepEqual(result.uploaded.map((u) => u.name), ['next.pdf'], change);
      assert.equal(sandbox.state.media().length, 1, `${change}: only next.pdf reached the sandbox`);
    }
  });

  it('fails a file deleted after it was checked as "notFound", and goes on', async () => {
    const streaming = new StreamingNodeShareFs();
    const { items } = await preflight(streaming, at('report 报告.pdf', 'next.pdf'));
    fs.rmSync(path.join(root, 'report 报告.pdf'));
    const result = await uploadBatch(streaming, items, upload);
    assert.deepEqual(result.failed.map((f) => [f.name, f.problem.code]), [['report 报告.pdf', 'notFound']]);
    assert.deepEqual(result.uploaded.map((u) => u.name), ['next.pdf']);
    assert.equal(sandbox.state.media().length, 1);
  });

  it('stops reading the file when the share is cancelled mid-upload', async () => {
    const streaming = new StreamingNodeShareFs();
    const controller = new AbortController();
    streaming.afterFirstChunk = () => controller.abort();
    const { items } = await preflight(streaming, at('report 报告.pdf'));
    const result = await uploadBatch(streaming, items, upload, { signal: controller.signal });
    assert.equal(result.cancelled, true);
    assert.equal(sandbox.state.media().length, 0);
  });
});

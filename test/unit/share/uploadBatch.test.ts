import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import type { MediaUpload } from '../../../src/core/dingtalk/media';
import { preflight } from '../../../src/core/share/preflight';
import { MediaUploader, uploadBatch } from '../../../src/core/share/uploadBatch';
import { FaultyFs, noise, NodeShareFs, tempTree } from './helpers';

/** Records uploads; `fail` maps a file name to the error its upload throws. */
function recorder(fail: Record<string, unknown> = {}): { uploads: MediaUpload[]; upload: MediaUploader } {
  const uploads: MediaUpload[] = [];
  return {
    uploads,
    upload: async (u) => {
      if (fail[u.fileName]) throw fail[u.fileName];
      uploads.push(u);
      return `@media-${uploads.length}`;
    },
  };
}

describe('uploading a checked selection', () => {
  let root: string;
  before(() => {
    root = tempTree({ 'a.ts': 'export const a = 1;\n', 'b.pdf': '%PDF-1.4 b', 'c.png': noise(1000), 'd.txt': 'd', 'e.pdf': '%PDF e' });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const at = (...names: string[]): string[] => names.map((n) => path.join(root, n));

  it('uploads a zip, a file and an image, in order, with the original bytes inside the zip', async () => {
    const nodeFs = new NodeShareFs();
    const { items } = await preflight(nodeFs, at('a.ts', 'b.pdf', 'c.png'));
    const { uploads, upload } = recorder();
    const result = await uploadBatch(nodeFs, items, upload);
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(uploads.map((u) => [u.type, u.fileName]), [['file', 'a.ts.zip'], ['file', 'b.pdf'], ['image', 'c.png']]);
    assert.deepEqual(Buffer.from(unzipSync(uploads[0].data as Uint8Array)['a.ts']).toString(), 'export const a = 1;\n');
    assert.deepEqual(result.uploaded.map((u) => u.media), [
      { kind: 'file', mediaId: '@media-1', fileName: 'a.ts.zip', fileType: 'zip' },
      { kind: 'file', mediaId: '@media-2', fileName: 'b.pdf', fileType: 'pdf' },
      { kind: 'image', mediaId: '@media-3' },
    ]);
  });

  it('goes on past a file that vanished or became unreadable after it was checked', async () => {
    const faulty = new FaultyFs({ 'b.pdf': 'vanish', 'd.txt': 'deny' });
    const { items } = await preflight(faulty, at('a.ts', 'b.pdf', 'd.txt', 'e.pdf'));
    const { uploads, upload } = recorder();
    const result = await uploadBatch(faulty, items, upload);
    assert.deepEqual(uploads.map((u) => u.fileName), ['a.ts.zip', 'e.pdf']);
    assert.deepEqual(result.failed.map((f) => [f.name, f.problem.code]), [['b.pdf', 'notFound'], ['d.txt', 'unreadable']]);
    assert.equal((result.failed[1].problem as { noPermission: boolean }).noPermission, true);
  });

  it('skips a file DingTalk refuses and continues; stops at an error that would repeat, marking the rest not tried', async () => {
    const nodeFs = new NodeShareFs();
    const { items } = await preflight(nodeFs, at('a.ts', 'b.pdf', 'c.png', 'e.pdf'));
    const refused = new DingTalkError({ kind: 'unsupportedFileType', details: { fileName: 'a.ts.zip' } });
    const network = new DingTalkError({ kind: 'network' });
    const { uploads, upload } = recorder({ 'a.ts.zip': refused, 'c.png': network });
    const result = await uploadBatch(nodeFs, items, upload);
    assert.deepEqual(uploads.map((u) => u.fileName), ['b.pdf']);
    assert.deepEqual(result.failed.map((f) => [f.name, f.problem.code]), [['a.ts', 'upload'], ['c.png', 'upload'], ['e.pdf', 'notAttempted']]);
  });

  it('refuses an upload that would take the share over its byte limit, before uploading it', async () => {
    const nodeFs = new NodeShareFs();
    const { items } = await preflight(nodeFs, at('b.pdf', 'e.pdf'));
    const { uploads, upload } = recorder();
    const result = await uploadBatch(nodeFs, items, upload, { maxBatchBytes: 12 });
    assert.deepEqual(uploads.map((u) => u.fileName), ['b.pdf']);
    assert.deepEqual(result.failed.map((f) => f.problem), [{ code: 'batchBytes', size: 16, limit: 12 }]);
  });

  it('refuses a file that grew past the limit or became empty since it was checked', async () => {
    const dir = tempTree({ 'grow.pdf': 'x', 'shrink.pdf': 'y' });
    try {
      const nodeFs = new NodeShareFs();
      const { items } = await preflight(nodeFs, [path.join(dir, 'grow.pdf'), path.join(dir, 'shrink.pdf')]);
      fs.writeFileSync(path.join(dir, 'grow.pdf'), noise(21 * 1024 * 1024));
      fs.writeFileSync(path.join(dir, 'shrink.pdf'), '');
      const { uploads, upload } = recorder();
      const result = await uploadBatch(nodeFs, items, upload);
      assert.deepEqual(uploads, []);
      assert.deepEqual(result.failed.map((f) => f.problem.code), ['tooLarge', 'empty']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an archive still over 20 MB after zipping, before uploading it', async () => {
    const dir = tempTree({ 'random.bin': noise(21 * 1024 * 1024) });
    try {
      const nodeFs = new NodeShareFs();
      const { items } = await preflight(nodeFs, [path.join(dir, 'random.bin')]);
      const { uploads, upload } = recorder();
      const result = await uploadBatch(nodeFs, items, upload);
      assert.deepEqual(uploads, []);
      assert.equal(result.failed[0].problem.code, 'archiveTooLarge');
      assert.equal((result.failed[0].problem as { limit: number }).limit, 20 * 1024 * 1024);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when cancelled during an upload and reports cancelled, uploading nothing after', async () => {
    const nodeFs = new NodeShareFs();
    const { items } = await preflight(nodeFs, at('b.pdf', 'e.pdf', 'c.png'));
    const abort = new AbortController();
    const names: string[] = [];
    const upload: MediaUploader = async (u, signal) => {
      names.push(u.fileName);
      if (names.length === 2) {
        abort.abort();
        assert.ok(signal?.aborted, 'the upload gets the signal');
        throw new DingTalkError({ kind: 'cancelled' });
      }
      return '@m';
    };
    const result = await uploadBatch(nodeFs, items, upload, { signal: abort.signal });
    assert.equal(result.cancelled, true);
    assert.deepEqual(names, ['b.pdf', 'e.pdf']);
    assert.equal(result.uploaded.length, 1, 'what was uploaded before is reported, for the caller to discard');
  });
});

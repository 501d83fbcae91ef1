import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strToU8, unzipSync } from 'fflate';
import { ArchiveEntry, ArchiveTooLargeError, buildArchive, ShareCancelledError } from '../../../src/core/share/archive';
import { noise } from './helpers';

const file = (p: string, data: Uint8Array, mtime = Date.UTC(2024, 4, 1)): ArchiveEntry => ({ kind: 'file', path: p, size: data.length, mtime, read: async () => data });

describe('share archive', () => {
  it('round-trips bytes exactly, with Unicode and spaces in names, empty files and empty folders', async () => {
    const members: Record<string, Uint8Array> = {
      '项目 demo/说明 文档.md': strToU8('# 你好\nhello\n'),
      '项目 demo/src/main file.ts': strToU8('export const x = 1;\n'.repeat(1000)),
      '项目 demo/image.png': noise(50_000),
      '项目 demo/empty.txt': new Uint8Array(0),
    };
    const zip = await buildArchive([...Object.entries(members).map(([p, d]) => file(p, d)), { kind: 'directory', path: '项目 demo/logs/', mtime: 0 }], { maxBytes: 20 * 1024 * 1024 });
    const out = unzipSync(zip);
    assert.deepEqual(Object.keys(out).sort(), [...Object.keys(members), '项目 demo/logs/'].sort());
    for (const [p, d] of Object.entries(members)) assert.deepEqual(out[p], d, p);
  });

  it('is read by Info-ZIP unzip with the UTF-8 names intact', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-unzip-'));
    const zipPath = path.join(dir, 'a.zip');
    fs.writeFileSync(zipPath, await buildArchive([file('文件夹/报告 final.txt', strToU8('内容'))], { maxBytes: 1e6 }));
    try {
      execFileSync('unzip', ['-q', zipPath, '-d', path.join(dir, 'out')]);
      assert.equal(fs.readFileSync(path.join(dir, 'out', '文件夹', '报告 final.txt'), 'utf8'), '内容');
      assert.equal(fs.statSync(path.join(dir, 'out', '文件夹', '报告 final.txt')).mode & 0o777, 0o644);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores already-compressed files and deflates text', async () => {
    const text = strToU8('a'.repeat(100_000));
    const png = noise(100_000);
    const zip = await buildArchive([file('a.txt', text), file('b.png', png)], { maxBytes: 1e6 });
    // Local headers: compression method at offset 8 (0 = stored, 8 = deflate).
    const methods: Record<string, number> = {};
    for (let i = 0; i + 30 < zip.length; i++) {
      if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x03 && zip[i + 3] === 0x04) {
        const nameLength = zip[i + 26] | (zip[i + 27] << 8);
        methods[Buffer.from(zip.subarray(i + 30, i + 30 + nameLength)).toString()] = zip[i + 8];
      }
    }
    assert.deepEqual(methods, { 'a.txt': 8, 'b.png': 0 });
    assert.ok(zip.length < png.length + 2_000, 'the text compressed to almost nothing');
  });

  it('stops as soon as the archive passes the limit, without reading the rest', async () => {
    let readsAfterLimit = 0;
    const entries: ArchiveEntry[] = [file('big.bin', noise(3 * 1024 * 1024)), { kind: 'file', path: 'later.bin', size: 10, mtime: 0, read: async () => (readsAfterLimit++, new Uint8Array(10)) }];
    await assert.rejects(buildArchive(entries, { maxBytes: 1024 * 1024 }), (err: unknown) => err instanceof ArchiveTooLargeError && err.limit === 1024 * 1024 && err.bytes > err.limit);
    assert.equal(readsAfterLimit, 0);
  });

  it('notices cancellation between slices', async () => {
    const abort = new AbortController();
    const entries: ArchiveEntry[] = [
      { kind: 'file', path: 'a.bin', size: 4 * 1024 * 1024, mtime: 0, read: async () => (setImmediate(() => abort.abort()), noise(4 * 1024 * 1024)) },
      { kind: 'file', path: 'b.bin', size: 1, mtime: 0, read: async () => assert.fail('b.bin must not be read after cancelling') },
    ];
    await assert.rejects(buildArchive(entries, { maxBytes: 1e9, signal: abort.signal }), ShareCancelledError);
  });

  it('accepts modification times a ZIP cannot store (before 1980, NaN) instead of failing', async () => {
    const zip = await buildArchive([file('old.txt', strToU8('x'), 0), file('nan.txt', strToU8('y'), Number.NaN)], { maxBytes: 1e6 });
    assert.deepEqual(Object.keys(unzipSync(zip)).sort(), ['nan.txt', 'old.txt']);
  });

  it('passes a read failure through unchanged', async () => {
    const boom = new Error('EIO');
    await assert.rejects(buildArchive([{ kind: 'file', path: 'x', size: 1, mtime: 0, read: async () => Promise.reject(boom) }], { maxBytes: 1e6 }), (e) => e === boom);
  });
});

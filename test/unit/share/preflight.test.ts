import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preflight, topLevelLocations } from '../../../src/core/share/preflight';
import { NodeShareFs, tempTree } from './helpers';

const MB = 1024 * 1024;

describe('checking a selection before any upload', () => {
  let root: string;
  before(() => {
    root = tempTree({
      'a.ts': 'export {};\n',
      'doc.pdf': '%PDF-1.4',
      'empty.pdf': '',
      'empty.txt': '',
      'folder/inner.ts': 'x',
      'folder/.gitignore': 'ignored.txt\n',
      'folder/ignored.txt': 'i',
      'big.pdf': '',
      'huge.png': '',
    });
    // Sparse: as large as DingTalk refuses without using the disk.
    fs.truncateSync(path.join(root, 'big.pdf'), 25 * MB);
    fs.truncateSync(path.join(root, 'huge.png'), 21 * MB);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const at = (name: string): string => path.join(root, name);

  it('drops repeats and items inside a selected folder', () => {
    assert.deepEqual(topLevelLocations(['/w/a', '/w/b/c', '/w/a', '/w/b', '/w/bc']), ['/w/a', '/w/b', '/w/bc']);
  });

  it('refuses, naming the limit, a file over DingTalk\'s limit for its type — before reading it', async () => {
    const result = await preflight(new NodeShareFs(), [at('big.pdf'), at('huge.png'), at('doc.pdf')]);
    assert.deepEqual(result.refused.map((r) => [r.name, r.problem]), [
      ['big.pdf', { code: 'tooLarge', size: 25 * MB, limit: 20 * MB, mediaType: 'file' }],
      ['huge.png', { code: 'tooLarge', size: 21 * MB, limit: 20 * MB, mediaType: 'image' }],
    ]);
    assert.deepEqual(result.items.map((i) => i.name), ['doc.pdf']);
  });

  it('refuses empty files and files that are gone; lists folders without their ignored files', async () => {
    const result = await preflight(new NodeShareFs(), [at('empty.pdf'), at('empty.txt'), at('gone.pdf'), at('folder'), at('folder/inner.ts')]);
    assert.deepEqual(result.refused.map((r) => [r.name, r.problem.code]), [['empty.pdf', 'empty'], ['empty.txt', 'empty'], ['gone.pdf', 'notFound']]);
    assert.equal(result.items.length, 1);
    assert.deepEqual(result.items[0].listing?.entries.map((e) => e.path).sort(), ['folder/.gitignore', 'folder/inner.ts']);
    assert.equal(result.items[0].plan.uploadName, 'folder.zip');
  });

  it('refuses the whole share over the item count or the byte total of what is uploaded unchanged', async () => {
    const many = Array.from({ length: 3 }, (_, i) => at(`x${i}.ts`));
    assert.deepEqual((await preflight(new NodeShareFs(), many, { limits: { maxItems: 2 } })).batch, { code: 'tooManyItems', count: 3, limit: 2 });
    const bytes = await preflight(new NodeShareFs(), [at('doc.pdf'), at('a.ts')], { limits: { maxBatchBytes: 4 } });
    assert.deepEqual(bytes.batch, { code: 'batchBytes', size: 8, limit: 4 });
    assert.deepEqual(bytes.items, []);
  });

  it('refuses a file too large to zip before reading it', async () => {
    const result = await preflight(new NodeShareFs(), [at('a.ts')], { limits: { maxArchiveInputBytes: 5 } });
    assert.deepEqual(result.refused.map((r) => r.problem), [{ code: 'tooLargeToZip', size: 11, limit: 5 }]);
  });
});

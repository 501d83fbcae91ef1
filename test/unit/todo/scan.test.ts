import * as assert from 'node:assert/strict';
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { excludeMatcher, compileGlob, enabledGlobs } from '../../../src/core/todo/globs';
import { IgnoreRules, parseIgnoreFile } from '../../../src/core/todo/ignoreFiles';
import { scanWithNode } from '../../../src/core/todo/nodeScan';
import { ripgrepArgs, RipgrepUnavailableError, scanWithRipgrep } from '../../../src/core/todo/ripgrepScan';
import type { ScanOptions, ScanResult } from '../../../src/core/todo/scanTypes';

const TAGS = ['TODO', 'FIXME'];

function rgPath(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'rg');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('ripgrep (rg) is not on PATH: install it (Debian: apt-get install ripgrep) to run the scan tests');
}

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-scan-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function paths(result: ScanResult): string[] {
  return result.files.map((f) => `${f.relativePath}:${f.items.map((i) => i.line + 1).join(',')}`).sort();
}

/** True while a process with this pid exists (zombies included: a zombie still answers signal 0). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const engines: Array<[string, (o: ScanOptions) => Promise<ScanResult>]> = [
  ['ripgrep', (o) => scanWithRipgrep(rgPath(), o)],
  ['node', (o) => scanWithNode(o)],
];

describe('todo workspace scan', function () {
  this.timeout(30_000);
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
  const make = (files: Record<string, string>): string => {
    const r = tree(files);
    roots.push(r);
    return r;
  };

  const FIXTURE = {
    '.gitignore': 'dist/\n*.gen.ts\n!keep.gen.ts\n/rootonly.ts\n',
    'src/a.ts': '// TODO: a\nconst s = "// TODO: no";\n',
    'src/b.py': 'x = 1  # FIXME: b\n',
    'src/rootonly.ts': '// TODO: not ignored: the pattern is anchored to the root\n',
    'rootonly.ts': '// TODO: ignored\n',
    'src/x.gen.ts': '// TODO: generated, ignored\n',
    'src/keep.gen.ts': '// TODO: re-included\n',
    'dist/out.js': '// TODO: build output, ignored\n',
    'node_modules/lib/index.js': '// TODO: excluded by files.exclude\n',
    'docs/readme.md': '<!-- TODO: docs -->\n',
    'sub/.ignore': 'secret/\n',
    'sub/secret/s.ts': '// TODO: ignored by .ignore\n',
    'sub/open.ts': '// TODO: visible\n',
    'data.bin': 'TODO\u0000\u0001binary',
    '.github/workflows/ci.yml': '# TODO: hidden folders are scanned\n',
    'notes.txt': 'TODO: plain text has no comments\n',
  };
  const EXPECTED = ['.github/workflows/ci.yml:1', 'docs/readme.md:1', 'src/a.ts:1', 'src/b.py:1', 'src/keep.gen.ts:1', 'src/rootonly.ts:1', 'sub/open.ts:1'];

  for (const [name, scan] of engines) {
    it(`${name}: honours .gitignore/.ignore (anchored, negated, dir-only), excludes, hidden folders, binary and unknown files`, async () => {
      const root = make(FIXTURE);
      const result = await scan({ root, tags: TAGS, excludeGlobs: ['**/node_modules'] });
      assert.deepEqual(paths(result), EXPECTED);
      assert.equal(result.itemCount, EXPECTED.length);
    });

    it(`${name}: useIgnoreFiles=false scans ignored files too`, async () => {
      const root = make(FIXTURE);
      const result = await scan({ root, tags: TAGS, excludeGlobs: ['**/node_modules'], useIgnoreFiles: false });
      assert.ok(paths(result).includes('dist/out.js:1') && paths(result).includes('sub/secret/s.ts:1'));
    });

    it(`${name}: stops at maxItems and says so`, async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 200; i++) files[`f${i}.ts`] = '// TODO: one\n// TODO: two\n';
      const root = make(files);
      const result = await scan({ root, tags: TAGS, maxItems: 50 });
      assert.equal(result.truncated, true);
      assert.ok(result.itemCount >= 50 && result.itemCount < 400, String(result.itemCount));
    });

    it(`${name}: scans only the given paths`, async () => {
      const root = make(FIXTURE);
      const result = await scan({ root, tags: TAGS, paths: ['src'] });
      assert.deepEqual(paths(result), ['src/a.ts:1', 'src/b.py:1', 'src/keep.gen.ts:1', 'src/rootonly.ts:1']);
    });

    it(`${name}: a signal aborted before the start scans nothing`, async () => {
      const abort = new AbortController();
      abort.abort();
      const result = await scan({ root: make(FIXTURE), tags: TAGS, signal: abort.signal });
      assert.equal(result.cancelled, true);
      assert.equal(result.itemCount, 0);
    });
  }

  it('kills rg when the scan is cancelled, and settles only after rg is gone (no zombie, no orphan)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`d${i % 40}/f${i}.ts`] = `${'const x = 1;\n'.repeat(200)}// TODO: item ${i}\n`;
    const root = make(files);
    const abort = new AbortController();
    let child: ChildProcess | undefined;
    const result = await scanWithRipgrep(rgPath(), { root, tags: TAGS, signal: abort.signal }, (c) => {
      child = c;
      abort.abort(); // cancel the moment rg starts
    });
    assert.ok(child?.pid);
    assert.equal(result.cancelled, true);
    assert.equal(child.signalCode, 'SIGKILL', 'rg was killed, not left to finish');
    assert.equal(exists(child.pid), false, 'rg has exited and been reaped');
  });

  it('kills rg when maxItems is reached', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`f${i}.ts`] = '// TODO: x\n'.repeat(20);
    const root = make(files);
    let child: ChildProcess | undefined;
    const result = await scanWithRipgrep(rgPath(), { root, tags: TAGS, maxItems: 100 }, (c) => (child = c));
    assert.equal(result.truncated, true);
    assert.ok(child?.pid && !exists(child.pid));
  });

  it('says when rg cannot start, so the caller can fall back', async () => {
    await assert.rejects(scanWithRipgrep('/nonexistent/rg', { root: os.tmpdir(), tags: TAGS }), (err: unknown) => err instanceof RipgrepUnavailableError && err.code === 'ENOENT');
  });

  it('builds a fixed-string, no-config rg command line with the excludes', () => {
    const args = ripgrepArgs({ root: '/r', tags: ['TODO', 'FIX-ME'], excludeGlobs: ['**/node_modules', './out'], useIgnoreFiles: false });
    for (const a of ['--no-config', '--fixed-strings', '--null', '--no-ignore', '--hidden']) assert.ok(args.includes(a), a);
    assert.deepEqual(args.slice(-4), ['-e', 'TODO', '-e', 'FIX-ME']);
    assert.ok(args.join(' ').includes('--glob !**/node_modules --glob !out'));
  });
});

describe('todo globs and ignore files', () => {
  it('matches VS Code globs, folders excluding their contents', () => {
    const ex = excludeMatcher(['**/node_modules', '**/*.min.js', 'out', '**/{dist,build}/**', 'src/**/gen?.ts', '**/[Tt]emp']);
    const yes = ['node_modules/a.js', 'a/node_modules/b/c.js', 'x/y.min.js', 'out/a.js', 'a/dist/b.js', 'src/a/b/gen1.ts', 'Temp/x', 'a/temp/y'];
    const no = ['a/out/b.js', 'src/a.ts', 'min.js.map', 'src/gen10.ts', 'attempt/x'];
    for (const p of yes) assert.equal(ex(p), true, p);
    for (const p of no) assert.equal(ex(p), false, p);
    assert.equal(compileGlob('{unclosed').test('{unclosed'), false);
    assert.deepEqual(enabledGlobs({ a: true, b: false, c: { when: '$(basename).ts' } }), ['a']);
  });

  it('follows git ignore semantics', () => {
    const files: Record<string, string> = {
      '.gitignore': '*.log\n!important.log\nbuild/\n/top.txt\ndocs/**/draft.md\n\\#hash\n',
      'pkg/.gitignore': '*.tmp\n!keep.tmp\n',
      '.git/info/exclude': 'local-only/\n',
    };
    const rules = new IgnoreRules((rel) => files[rel]);
    const cases: Array<[string, boolean, boolean?]> = [
      ['a.log', true], ['x/important.log', false], ['build', true, true], ['a/build/x.js', true], ['build.js', false],
      ['top.txt', true], ['a/top.txt', false], ['docs/a/b/draft.md', true], ['docs/draft.md', true], ['#hash', true],
      ['pkg/a.tmp', true], ['pkg/keep.tmp', false], ['a.tmp', false], ['local-only/x', true], ['.git/config', true], ['src/a.ts', false],
    ];
    for (const [p, ignored, dir] of cases) assert.equal(rules.isIgnored(p, dir ?? false), ignored, p);
    assert.equal(parseIgnoreFile('# comment\n\n   \n').length, 0);
  });
});

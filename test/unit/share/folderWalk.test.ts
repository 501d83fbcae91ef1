import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FolderEntryError, FolderTooLargeError, listFolder } from '../../../src/core/share/folderWalk';
import { FaultyFs, NodeShareFs, tempTree } from './helpers';

const paths = (l: Awaited<ReturnType<typeof listFolder>>): string[] => l.entries.map((e) => e.path).sort();

describe('listing a shared folder', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string | Uint8Array>): string => {
    const r = tempTree(files);
    roots.push(r);
    return r;
  };
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('leaves out .git and what .gitignore files (nested ones too) exclude, and keeps empty folders', async () => {
    const root = tree({
      'proj/.gitignore': 'node_modules/\n*.log\n/dist\n',
      'proj/.git/HEAD': 'ref: refs/heads/main\n',
      'proj/.git/config': '[core]\n',
      'proj/src/app.ts': 'x',
      'proj/src/app.log': 'log',
      'proj/src/.gitignore': '!keep.log\ngenerated/\n',
      'proj/src/keep.log': 'kept by the nested negation',
      'proj/src/generated/out.js': 'g',
      'proj/src/lib/dist/inside.js': 'not anchored here: kept',
      'proj/dist/bundle.js': 'b',
      'proj/node_modules/a/index.js': 'n',
      'proj/docs/我的 笔记.md': '笔记',
      'proj/empty/': '',
    });
    const listing = await listFolder(new NodeShareFs(), path.join(root, 'proj'), 'proj');
    assert.deepEqual(paths(listing), [
      'proj/.gitignore',
      'proj/docs/我的 笔记.md',
      'proj/empty/',
      'proj/src/.gitignore',
      'proj/src/app.ts',
      'proj/src/keep.log',
      'proj/src/lib/dist/inside.js',
    ]);
    assert.equal(listing.files, 6);
    assert.equal(listing.ignored, 5); // .git, node_modules, dist, src/app.log, src/generated
  });

  it('applies the .gitignore files of the folders above it, up to the workspace folder', async () => {
    const root = tree({
      '.gitignore': '*.tmp\n/packages/web/secret.txt\n',
      'packages/.gitignore': 'coverage/\n',
      'packages/web/index.ts': 'x',
      'packages/web/cache.tmp': 't',
      'packages/web/secret.txt': 's',
      'packages/web/coverage/lcov.info': 'c',
    });
    const web = path.join(root, 'packages', 'web');
    const listing = await listFolder(new NodeShareFs(), web, 'web', { ancestors: [root, path.join(root, 'packages')] });
    assert.deepEqual(paths(listing), ['web/index.ts']);
  });

  it('agrees with git about what is ignored', async () => {
    const root = tree({
      '.gitignore': ['# comment', '*.o', '!important.o', 'build/', '/root-only.txt', 'docs/**/draft-*.md', '**/tmp', 'a/**/z.txt', 'log[0-9].txt', 'name\\ with\\ space '].join('\n'),
      'main.o': '', 'important.o': '', 'src/x.o': '', 'src/important.o': '',
      'build/out': '', 'src/build/out': '', 'src/build.txt': '',
      'root-only.txt': '', 'src/root-only.txt': '',
      'docs/draft-1.md': '', 'docs/a/b/draft-2.md': '', 'docs/final.md': '',
      'tmp/x': '', 'src/tmp/y': '', 'src/tmpfile': '',
      'a/z.txt': '', 'a/b/c/z.txt': '', 'b/a/z.txt': '',
      'log1.txt': '', 'logx.txt': '',
      'name with space ': '', 'name with space': '',
      'sub/.gitignore': '!*.o\n*.txt\n', 'sub/q.o': '', 'sub/q.txt': '', 'sub/deeper/r.txt': '',
    });
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    const fromGit = git('ls-files', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean).sort();
    const listing = await listFolder(new NodeShareFs(), root, 'r');
    const ours = listing.entries.filter((e) => e.kind === 'file').map((e) => e.path.slice('r/'.length)).sort();
    assert.deepEqual(ours, fromGit);
  });

  it('does not follow symlinked folders (they can loop or leave the workspace)', async () => {
    const root = tree({ 'f/a.txt': 'a' });
    fs.symlinkSync(path.join(root, 'f'), path.join(root, 'f', 'loop'));
    const listing = await listFolder(new NodeShareFs(), path.join(root, 'f'), 'f');
    assert.deepEqual(paths(listing), ['f/a.txt']);
  });

  it('refuses a folder over the file-count or byte limits while listing', async () => {
    const root = tree({ 'f/a.txt': 'aaaa', 'f/b.txt': 'bbbb', 'f/c.txt': 'cccc' });
    await assert.rejects(listFolder(new NodeShareFs(), path.join(root, 'f'), 'f', { maxEntries: 2 }), (e) => e instanceof FolderTooLargeError && e.what === 'entries' && e.limit === 2);
    await assert.rejects(listFolder(new NodeShareFs(), path.join(root, 'f'), 'f', { maxBytes: 10 }), (e) => e instanceof FolderTooLargeError && e.what === 'bytes' && e.limit === 10);
  });

  it('names the file inside the folder that cannot be read', async () => {
    const root = tree({ 'f/ok.txt': 'ok', 'f/sub/secret.key': 'k' });
    const listing = await listFolder(new FaultyFs({ 'secret.key': 'deny' }), path.join(root, 'f'), 'f');
    const entry = listing.entries.find((e) => e.path === 'f/sub/secret.key');
    assert.ok(entry && entry.kind === 'file');
    await assert.rejects(entry.read(), (e) => e instanceof FolderEntryError && e.path === 'sub/secret.key');
  });
});

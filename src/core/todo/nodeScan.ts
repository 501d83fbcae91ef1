/**
 * The scan for when ripgrep cannot run (not shipped, wrong architecture): walks the folder in Node, honouring
 * the ignore files and excludes, and reads only files whose language has comments this extension knows. Slower
 * than rg, but it works out of the box; cancellable and bounded the same way.
 */

import { Dirent, promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { excludeMatcher } from './globs';
import { IgnoreRules } from './ignoreFiles';
import { styleForPath } from './languages';
import { DEFAULT_MAX_FILE_SIZE, ScannedFile, ScanOptions, ScanResult } from './scanTypes';
import { findTodos, mentionsTag } from './todoFinder';

export async function scanWithNode(options: ScanOptions): Promise<ScanResult> {
  const styleFor = options.styleFor ?? styleForPath;
  const excluded = excludeMatcher(options.excludeGlobs ?? []);
  const ignore = options.useIgnoreFiles === false ? undefined : new IgnoreRules((rel) => readText(path.join(options.root, rel)));
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const maxSize = options.maxFileSizeBytes ?? DEFAULT_MAX_FILE_SIZE;
  const files: ScannedFile[] = [];
  let itemCount = 0;
  let truncated = false;
  const dirs: string[] = [];
  const candidates: string[] = [];
  for (const start of options.paths?.length ? options.paths : ['']) {
    const rel = start.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
    try {
      if (rel === '' || (await fs.stat(path.join(options.root, rel))).isDirectory()) dirs.push(rel);
      else candidates.push(rel);
    } catch {
      // gone already
    }
  }

  const cancelled = (): boolean => options.signal?.aborted === true;
  const scanFile = async (rel: string): Promise<void> => {
    const style = styleFor(rel);
    if (!style) return;
    const abs = path.join(options.root, rel);
    try {
      const stat = await fs.stat(abs);
      if (stat.size > maxSize) return;
      const text = await fs.readFile(abs, 'utf8');
      if (!mentionsTag(text, options.tags) || text.includes('\u0000')) return;
      const items = findTodos(text, style, options.tags);
      if (items.length === 0 || truncated) return;
      files.push({ relativePath: rel, items });
      itemCount += items.length;
      if (itemCount >= maxItems) truncated = true;
      if (files.length % 50 === 0) options.onProgress?.({ files: files.length, items: itemCount });
    } catch {
      // Vanished or unreadable: skip, as rg does.
    }
  };

  while (dirs.length > 0 && !cancelled() && !truncated) {
    const dir = dirs.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(options.root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.name === '.git' || excluded(rel)) continue;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue; // symlinks are not followed, like rg by default
      if (ignore?.isIgnored(rel, isDir)) continue;
      if (isDir) dirs.push(rel);
      else candidates.push(rel);
    }
    // Read in batches as the walk goes, so memory stays flat on big trees.
    while (candidates.length >= 64 && !cancelled() && !truncated) await Promise.all(candidates.splice(0, 16).map(scanFile));
  }
  while (candidates.length > 0 && !cancelled() && !truncated) await Promise.all(candidates.splice(0, 16).map(scanFile));
  return { files, itemCount, truncated, cancelled: cancelled(), filesReadInFull: files.length };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

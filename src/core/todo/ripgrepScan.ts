/**
 * The workspace scan with ripgrep: rg finds the lines holding a tag (a fixed-string search, so it runs at disk
 * speed and honours .gitignore and the excludes), and each line is classified on its own; only files with a line
 * that cannot be classified alone (a tag that may sit in a block comment or docstring) are read in full.
 *
 * The rg process is always reaped: killed on abort or when `maxItems` is reached, and the promise settles only
 * after it has exited, so a cancelled or disposed scan leaves no process behind.
 */

import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { styleForPath } from './languages';
import { DEFAULT_MAX_FILE_SIZE, ScannedFile, ScanOptions, ScanResult } from './scanTypes';
import { atLine, classifyLine, findTodos, TodoItem } from './todoFinder';

/** rg could not be started (missing, not executable, wrong architecture): fall back to another scan. */
export class RipgrepUnavailableError extends Error {
  override readonly name = 'RipgrepUnavailableError';
  constructor(readonly rgPath: string, readonly code: string | undefined) {
    super(`ripgrep could not be started from ${rgPath} (${code ?? 'unknown error'}).`);
  }
}

/** rg ran but failed (a bad exclude pattern, say). */
export class RipgrepFailedError extends Error {
  override readonly name = 'RipgrepFailedError';
  constructor(readonly exitCode: number | null, readonly stderr: string) {
    super(`ripgrep failed (exit code ${exitCode}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`);
  }
}

/** The command line: fixed strings (fast), file name + NUL + line number + text, every file type, no user config. */
export function ripgrepArgs(options: ScanOptions): string[] {
  const args = [
    '--no-config', '--no-messages', '--color', 'never', '--null', '--with-filename', '--line-number', '--no-heading',
    '--case-sensitive', '--fixed-strings', '--hidden', '--max-columns', '2000',
    // Ignore files count in folders that are not git repositories too, as in VS Code's search and the Node scan.
    '--no-require-git',
    '--max-filesize', String(options.maxFileSizeBytes ?? DEFAULT_MAX_FILE_SIZE),
    '--glob', '!.git',
  ];
  if (options.useIgnoreFiles === false) args.push('--no-ignore');
  for (const glob of options.excludeGlobs ?? []) {
    const g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (g) args.push('--glob', `!${g}`);
  }
  for (const tag of options.tags) args.push('-e', tag);
  if (options.paths?.length) args.push('--', ...options.paths);
  return args;
}

/** Runs rg in `options.root`. Throws {@link RipgrepUnavailableError} when rg cannot start. */
export function scanWithRipgrep(rgPath: string, options: ScanOptions, onSpawn?: (child: ChildProcess) => void): Promise<ScanResult> {
  const styleFor = options.styleFor ?? styleForPath;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const signal = options.signal;
  if (signal?.aborted) return Promise.resolve({ files: [], itemCount: 0, truncated: false, cancelled: true, filesReadInFull: 0 });

  const found = new Map<string, TodoItem[]>();
  const ambiguous = new Set<string>();
  let itemCount = 0;
  let truncated = false;
  let lastReport = 0;

  const onLine = (raw: string): boolean => {
    const nul = raw.indexOf('\0');
    if (nul <= 0) return true;
    const file = raw.slice(0, nul).replace(/\\/g, '/').replace(/^\.\//, '');
    const colon = raw.indexOf(':', nul + 1);
    if (colon < 0) return true;
    const lineNo = Number(raw.slice(nul + 1, colon)) - 1;
    if (!(lineNo >= 0)) return true;
    let text = raw.slice(colon + 1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const style = styleFor(file);
    if (!style || ambiguous.has(file)) return true;
    const result = classifyLine(text, style, options.tags);
    if (result.ambiguous) {
      ambiguous.add(file);
      return true;
    }
    if (result.items.length === 0) return true;
    let list = found.get(file);
    if (!list) found.set(file, (list = []));
    for (const item of result.items) list.push(atLine(item, lineNo));
    itemCount += result.items.length;
    if (options.onProgress && itemCount - lastReport >= 250) {
      lastReport = itemCount;
      options.onProgress({ files: found.size, items: itemCount });
    }
    if (itemCount >= maxItems) {
      truncated = true;
      return false;
    }
    return true;
  };

  return new Promise<ScanResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(rgPath, ripgrepArgs(options), { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      reject(new RipgrepUnavailableError(rgPath, (err as NodeJS.ErrnoException).code));
      return;
    }
    let stopped = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    let stderr = '';
    let pending = '';
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      child.kill('SIGKILL');
    };
    const onAbort = (): void => stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    onSpawn?.(child);
    // Aborted between the check above and now (or by onSpawn): the listener will not fire, so stop here.
    if (signal?.aborted) stop();

    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (stopped) return;
      const text = pending + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        const keepGoing = onLine(text.slice(start, nl));
        start = nl + 1;
        if (!keepGoing) {
          stop();
          return;
        }
      }
      pending = text.slice(start);
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      if (stderr.length < 8192) stderr += chunk;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (spawnError && child.pid === undefined) {
        reject(new RipgrepUnavailableError(rgPath, spawnError.code));
        return;
      }
      if (!stopped && pending) onLine(pending);
      const cancelled = signal?.aborted === true;
      if (!cancelled && !truncated && code === 2 && found.size === 0 && ambiguous.size === 0 && stderr.trim()) {
        reject(new RipgrepFailedError(code, stderr));
        return;
      }
      if (cancelled) {
        resolve({ files: toFiles(found), itemCount, truncated, cancelled, filesReadInFull: 0 });
        return;
      }
      readAmbiguousFiles(options, ambiguous, found, maxItems - itemCount).then(
        ({ added, read, full }) => resolve({ files: toFiles(found), itemCount: itemCount + added, truncated: truncated || full, cancelled: signal?.aborted === true, filesReadInFull: read }),
        reject,
      );
    });
  });
}

function toFiles(found: Map<string, TodoItem[]>): ScannedFile[] {
  return [...found].map(([relativePath, items]) => ({ relativePath, items: items.sort((a, b) => a.line - b.line || a.column - b.column) }));
}

/** Reads the files whose lines were ambiguous and parses them whole (a few at a time). */
async function readAmbiguousFiles(
  options: ScanOptions,
  files: Set<string>,
  found: Map<string, TodoItem[]>,
  budget: number,
): Promise<{ added: number; read: number; full: boolean }> {
  const styleFor = options.styleFor ?? styleForPath;
  const read = options.readFile ?? ((p: string) => fs.readFile(p, 'utf8'));
  const queue = [...files];
  let added = 0;
  let count = 0;
  let full = false;
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (options.signal?.aborted || full) return;
      const style = styleFor(file);
      if (!style) continue;
      let text: string;
      try {
        text = await read(path.join(options.root, file));
      } catch {
        continue; // deleted or unreadable since rg saw it
      }
      count++;
      const items = findTodos(text, style, options.tags);
      const before = found.get(file)?.length ?? 0;
      if (items.length > 0) found.set(file, items);
      else found.delete(file);
      added += items.length - before;
      if (added >= budget) full = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  return { added, read: count, full };
}

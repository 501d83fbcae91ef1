/**
 * The workspace scan with ripgrep: rg finds the lines holding a tag (a fixed-string search, so it runs at disk
 * speed and honours .gitignore and the excludes), and each line is classified on its own; only files with a line
 * that cannot be classified alone (a tag that may sit in a block comment or docstring) are read in full — while
 * rg is still running, a few milliseconds at a time.
 *
 * The rg process is always reaped: killed on abort or when `maxItems` is reached, and the promise settles only
 * after it has exited, so a cancelled or disposed scan leaves no process behind.
 */

import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { styleForPath } from './languages';
import { DEFAULT_MAX_FILE_SIZE, ScannedFile, ScanOptions, ScanResult } from './scanTypes';
import { classifyLine, findTodos, TodoItem } from './todoFinder';

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

/** Whole-file reads run in slices this long, so the extension host stays responsive. */
const READ_SLICE_MS = 8;

/** Runs rg in `options.root`. Throws {@link RipgrepUnavailableError} when rg cannot start. */
export function scanWithRipgrep(rgPath: string, options: ScanOptions, onSpawn?: (child: ChildProcess) => void): Promise<ScanResult> {
  const styleFor = options.styleFor ?? styleForPath;
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const signal = options.signal;
  if (signal?.aborted) return Promise.resolve({ files: [], itemCount: 0, truncated: false, cancelled: true, filesReadInFull: 0 });

  const found = new Map<string, TodoItem[]>();
  const ambiguous = new Set<string>();
  const toRead: string[] = [];
  let readInFull = 0;
  let itemCount = 0;
  let truncated = false;
  let lastReport = 0;

  const counted = (delta: number): boolean => {
    itemCount += delta;
    if (options.onProgress && itemCount - lastReport >= 250) {
      lastReport = itemCount;
      options.onProgress({ files: found.size, items: itemCount });
    }
    if (itemCount >= maxItems) truncated = true;
    return !truncated;
  };

  // rg prints a file's lines together: remember the last file's style rather than look it up per line.
  let lastFile = '';
  let lastStyle: ReturnType<typeof styleFor>;
  const onLine = (raw: string): boolean => {
    const nul = raw.indexOf('\0');
    if (nul <= 0) return true;
    let file = raw.slice(0, nul);
    if (file !== lastFile) {
      lastFile = file;
      lastStyle = styleFor(normalisePath(file));
    }
    const style = lastStyle;
    if (!style) return true;
    file = normalisePath(file);
    if (ambiguous.has(file)) return true;
    const colon = raw.indexOf(':', nul + 1);
    if (colon < 0) return true;
    const lineNo = Number(raw.slice(nul + 1, colon)) - 1;
    if (!(lineNo >= 0)) return true;
    let text = raw.slice(colon + 1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const result = classifyLine(text, style, options.tags, lineNo);
    if (result.ambiguous) {
      ambiguous.add(file);
      toRead.push(file);
      return true;
    }
    if (result.items.length === 0) return true;
    let list = found.get(file);
    if (!list) found.set(file, (list = []));
    list.push(...result.items);
    return counted(result.items.length);
  };

  /** Parses one ambiguous file whole; its line-by-line results so far are replaced. */
  const readOne = (file: string): void => {
    let text: string;
    try {
      text = read(path.join(options.root, file));
    } catch {
      return; // deleted or unreadable since rg saw it
    }
    readInFull++;
    const items = findTodos(text, styleFor(file)!, options.tags);
    const before = found.get(file)?.length ?? 0;
    if (items.length > 0) found.set(file, items);
    else found.delete(file);
    counted(items.length - before);
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
    let closed = false;
    let settled = false;
    let pumping = false;
    let exitCode: number | null = null;
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

    const finish = (): void => {
      if (settled || !closed || pumping) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const cancelled = signal?.aborted === true;
      if (!cancelled && !truncated && exitCode === 2 && found.size === 0 && ambiguous.size === 0 && stderr.trim()) {
        reject(new RipgrepFailedError(exitCode, stderr));
        return;
      }
      resolve({ files: toFiles(found), itemCount, truncated, cancelled, filesReadInFull: readInFull });
    };

    // Reads queued files in short slices between rg's output chunks, and drains the queue after rg is done.
    const pump = (): void => {
      const deadline = performance.now() + READ_SLICE_MS;
      while (toRead.length > 0 && !truncated && !signal?.aborted && performance.now() < deadline) readOne(toRead.shift()!);
      if (truncated) stop();
      if (toRead.length > 0 && !truncated && !signal?.aborted) setImmediate(pump);
      else {
        pumping = false;
        finish();
      }
    };
    const startPump = (): void => {
      if (pumping || toRead.length === 0) return;
      pumping = true;
      setImmediate(pump);
    };

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
      startPump();
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      if (stderr.length < 8192) stderr += chunk;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.on('close', (code) => {
      if (spawnError && child.pid === undefined) {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(new RipgrepUnavailableError(rgPath, spawnError.code));
        return;
      }
      if (!stopped && pending) onLine(pending);
      exitCode = code;
      closed = true;
      if (signal?.aborted || truncated) toRead.length = 0;
      startPump();
      finish();
    });
  });
}

/** rg's path as the scan reports it: `/` separators, no leading `./`. */
function normalisePath(file: string): string {
  if (file.includes('\\')) file = file.replace(/\\/g, '/');
  return file.startsWith('./') ? file.slice(2) : file;
}

function toFiles(found: Map<string, TodoItem[]>): ScannedFile[] {
  return [...found].map(([relativePath, items]) => ({ relativePath, items: items.sort((a, b) => a.line - b.line || a.column - b.column) }));
}

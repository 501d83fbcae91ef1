import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { styleForPath } from '../../src/core/todo/languages';
import { ripgrepArgs, scanWithRipgrep } from '../../src/core/todo/ripgrepScan';
import type { ScanOptions } from '../../src/core/todo/scanTypes';
import { findTodos } from '../../src/core/todo/todoFinder';
import { groupTodos, TodoEntry } from '../../src/core/todo/todoGroups';
import { TodoIndex } from '../../src/core/todo/todoIndex';
import { statusOf } from '../../src/core/todo/todoStatus';
import { REPO_ROOT } from '../runner/codeServer';
import { BenchFigure, figure, median, percentile } from './figures';

const FILES = 20_000;
const TODOS = 5_000;
const TARGET_FILE_BYTES = 10_000; // ≈ 200 MB in all
const RUNS = 11;
const EDITS = 300;
const TAGS = ['TODO', 'FIXME'];

/** VS Code's own rg as code-server ships it (what the extension uses), else the one on PATH. */
function ripgrep(): string {
  const bundled = path.join(REPO_ROOT, '.vscode-test', 'code-server-4.100.3', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (fs.existsSync(bundled)) return bundled;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, 'rg'))) return path.join(dir, 'rg');
  throw new Error('ripgrep (rg) not found: install it (Debian: apt-get install ripgrep) or provision code-server (npm run test:integration)');
}

/** Code bodies per language, repeated to the target size. */
const BODIES: Record<string, string> = {
  ts: 'export function f{n}(a: number, b: number): number {\n  // Multiplies and offsets.\n  const s = "a string";\n  return a * b + {n} + s.length;\n}\n',
  py: 'def f{n}(a, b):\n    """Multiply."""\n    s = "# a string"\n    return a * b + {n}\n\n',
  go: 'func F{n}(a, b int) int {\n\ts := "// a string"\n\t_ = s\n\treturn a*b + {n}\n}\n',
  java: '    public int f{n}(int a, int b) {\n        String s = "a string";\n        return a * b + {n};\n    }\n',
  md: 'Paragraph {n}: prose, which is not a comment.\n\n',
};
/** Lines that mention a tag but are no TODOs (strings, prose, names), in one file in four: what rg reports in vain. */
const NEGATIVES: Record<string, string> = {
  ts: '  const hint = "// TODO: not a comment"; const TODONOW = 1;',
  py: '    message = "# TODO: a string"',
  go: '	const label = "FIXME: a string"',
  java: '        String s = "TODO in a string"; // see TODO.md',
  md: 'The TODO list lives in the tracker.',
};
/** TODO lines in the forms people write; the third sits in a block comment or docstring, which rg alone cannot place. */
const TODO_LINES: Record<string, string[]> = {
  ts: ['  // TODO(@alice, 2026-12-01, P1): tighten the types of f{n}', '  // FIXME: overflow for large inputs {n}', ' * TODO: document f{n}'],
  py: ['    # TODO(@bob): cache f{n}', '    # FIXME due:+3d !urgent handle None in f{n}', '    TODO: in a docstring {n}'],
  go: ['\t// TODO(@lina, 周五): return an error from F{n}', '\t// FIXME: F{n} ignores overflow', '\tTODO: in a block comment {n}'],
  java: ['        // TODO @zhangwei due:2026-12-05 !critical validate f{n}', '        // FIXME(P2): f{n} is slow', '     * TODO: javadoc for f{n}'],
  md: ['<!-- TODO: rewrite paragraph {n} -->', '<!-- FIXME(@chenjing): broken link {n} -->', '<!-- TODO: check {n} -->'],
};
const EXTENSIONS = Object.keys(BODIES);

function fileText(ext: string, n: number, withTodo: boolean): string {
  const body = BODIES[ext];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_FILE_BYTES; i++) {
    const chunk = body.replace(/\{n\}/g, String(n * 100 + i));
    parts.push(chunk);
    size += chunk.length;
  }
  if (n % 4 === 1) parts.splice(1, 0, `${NEGATIVES[ext]}\n`);
  if (withTodo) {
    const forms = TODO_LINES[ext];
    // One TODO in eight is in a block comment or docstring (n is a multiple of 4 here).
    const form = n % 32 === 0 ? forms[2] : forms[(n / 4) % 2];
    const line = form.replace(/\{n\}/g, String(n));
    const at = Math.floor(parts.length / 2);
    if (form === forms[2]) {
      const [open, close] = ext === 'py' ? [`def doc${n}():\n    """`, '    """'] : ext === 'md' ? ['', ''] : ext === 'java' ? ['    /**', '     */'] : ['/*', ' */'];
      parts.splice(at, 0, `${open}\n${line}\n${close}\n`);
    } else parts.splice(at, 0, `${line}\n`);
  }
  return parts.join('');
}

/** 20,000 files in 200 folders, 5,000 of them with one TODO. Written synchronously: it is I/O bound either way. */
export function generateTree(root: string): { bytes: number; sample: { file: string; text: string } } {
  let bytes = 0;
  let sample = { file: '', text: '' };
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(root, `pkg${String(i % 200).padStart(3, '0')}`);
    if (i < 200) fs.mkdirSync(dir, { recursive: true });
    const ext = EXTENSIONS[i % EXTENSIONS.length];
    const withTodo = i % (FILES / TODOS) === 0;
    const text = fileText(ext, i, withTodo);
    const file = path.join(dir, `m${i}.${ext}`);
    fs.writeFileSync(file, text);
    bytes += text.length;
    if (withTodo && ext === 'ts' && !sample.file) sample = { file, text };
  }
  return { bytes, sample };
}

/**
 * rg itself, its output read and thrown away: with the scan's very command line (the floor for the scan), or with
 * rg's defaults (`rg -F -e TODO -e FIXME`, what a person would type).
 */
function rawRipgrep(rg: string, options: ScanOptions, defaults = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = defaults ? ['--fixed-strings', ...options.tags.flatMap((t) => ['-e', t])] : ripgrepArgs(options);
    const child = spawn(rg, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

export async function run(): Promise<BenchFigure[]> {
  const rg = ripgrep();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-todo-bench-'));
  try {
    const genStarted = performance.now();
    const { bytes, sample } = generateTree(root);
    const genMs = performance.now() - genStarted;
    const options: ScanOptions = { root, tags: TAGS, maxItems: 100_000 };

    // Warm the page cache so both sides read from memory, then run them in pairs, back to back (the machine is
    // shared and noisy: a pair sees the same load), alternating which goes first.
    await rawRipgrep(rg, options);
    const raw: number[] = [];
    const rawDefaults: number[] = [];
    const scans: number[] = [];
    const pairRatios: number[] = [];
    let found = 0;
    let readInFull = 0;
    const scanOnce = async (): Promise<number> => {
      const started = performance.now();
      const result = await scanWithRipgrep(rg, options);
      found = result.itemCount;
      readInFull = result.filesReadInFull;
      return performance.now() - started;
    };
    for (let i = 0; i < RUNS; i++) {
      let r: number;
      let s: number;
      if (i % 2 === 0) {
        r = await rawRipgrep(rg, options);
        s = await scanOnce();
      } else {
        s = await scanOnce();
        r = await rawRipgrep(rg, options);
      }
      raw.push(r);
      scans.push(s);
      pairRatios.push(s / r);
      rawDefaults.push(await rawRipgrep(rg, options, true));
    }
    if (found !== TODOS) throw new Error(`the scan found ${found} TODOs; the tree holds ${TODOS}`);

    // The incremental path after one edit: re-parse the edited file and update the index (what runs per keystroke).
    const index = new TodoIndex();
    const fullScan = await scanWithRipgrep(rg, options);
    for (const f of fullScan.files) index.set(path.join(root, f.relativePath), f.items);
    const style = styleForPath(sample.file)!;
    const editLatency: number[] = [];
    let text = sample.text;
    for (let i = 0; i < EDITS; i++) {
      // Alternate: type in code far from the TODO, and add/remove a TODO line.
      text = i % 2 === 0 ? `${text.slice(0, 200)}x${text.slice(200)}` : i % 4 === 1 ? `// TODO: new ${i}\n${text}` : text.slice(text.indexOf('\n') + 1);
      const started = performance.now();
      index.set(sample.file, findTodos(text, style, TAGS));
      editLatency.push(performance.now() - started);
    }
    // Redrawing the view regroups everything; it is throttled (once per 150 ms burst), shown here for scale.
    const regroup: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const entries: TodoEntry[] = [];
      const now = Date.now();
      for (const [key, items] of index.entries()) for (const item of items) entries.push({ key, item, status: statusOf(item, undefined, now), assignees: item.assignees, mine: false });
      groupTodos(entries);
      regroup.push(performance.now() - started);
    }

    const rawMs = median(raw);
    return [
      figure('TODO scan: generated tree', bytes / 2 ** 20, 'MiB', undefined, `${FILES} files, ${TODOS} TODOs, generated in ${(genMs / 1000).toFixed(1)} s, ${os.cpus().length} CPUs`),
      figure('TODO scan: raw rg (same command line)', rawMs, 'ms', undefined, `median of ${RUNS}, ${rg}`),
      figure('TODO scan: full scan (rg + classification)', median(scans), 'ms', { name: 'raw rg', value: rawMs }, `target ≤ 1.3×; ${readInFull} files read in full for block comments/docstrings`),
      figure('TODO scan: full scan vs rg with its defaults', median(scans), 'ms', { name: 'rg -F -e TODO -e FIXME', value: median(rawDefaults) }),
      figure('TODO scan ÷ raw rg, median of paired runs', median(pairRatios), '×', undefined, `target ≤ 1.3; pairs: ${pairRatios.map((x) => x.toFixed(2)).join(' ')}`),
      figure('TODO incremental update after one edit (median)', median(editLatency), 'ms', undefined, `target ≤ 5 ms; ${(sample.text.length / 1024).toFixed(1)} KiB file, ${EDITS} edits`),
      figure('TODO incremental update after one edit (p95)', percentile(editLatency, 95), 'ms'),
      figure('TODO view regroup of all TODOs (throttled)', median(regroup), 'ms', undefined, `${found} TODOs`),
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

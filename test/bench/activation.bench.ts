import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../runner/codeServer';
import { runInExtensionHost } from '../runner/runIntegration';
import { BenchFigure, figure, median } from './figures';

const RUNS = 3;

/** A trivial extension whose activation is the baseline: what any extension pays to be activated at all. */
function writeTrivialExtension(dir: string, name: string): string {
  const ext = path.join(dir, `vscode-dingtalk-bench.${name}-0.0.1`);
  fs.mkdirSync(ext);
  fs.writeFileSync(
    path.join(ext, 'package.json'),
    JSON.stringify({
      name, publisher: 'vscode-dingtalk-bench', version: '0.0.1', engines: { vscode: '^1.90.0' }, main: './extension.js',
      activationEvents: [], contributes: { commands: [{ command: `dingtalkBench.${name}`, title: name }] },
    }),
  );
  fs.writeFileSync(path.join(ext, 'extension.js'), "exports.activate = function () { return {}; };\n");
  return ext;
}

/** Activation time of the extension in the real extension host, next to the baseline's, median of 3 hosts. */
export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-bench-'));
  const extensions = [writeTrivialExtension(dir, 'warmup'), writeTrivialExtension(dir, 'baseline')];
  const samples: Array<{ baselineMs: number; extensionMs: number }> = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const file = path.join(dir, `activation-${i}.json`);
      const r = await runInExtensionHost({
        label: 'bench-activation',
        testsPath: path.join(REPO_ROOT, 'out', 'test', 'bench', 'activationHost.js'),
        env: { DT_BENCH_FILE: file, DT_BENCH_ORDER: i % 2 === 0 ? 'baseline-first' : 'extension-first' },
        install: extensions,
        noResults: true,
      });
      if (r.failed || !fs.existsSync(file)) throw new Error('the activation benchmark failed in the extension host (run with DT_TEST_VERBOSE=1)');
      samples.push(JSON.parse(fs.readFileSync(file, 'utf8')));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ext = median(samples.map((s) => s.extensionMs));
  const base = median(samples.map((s) => s.baselineMs));
  return [figure('activation time (real extension host)', ext, 'ms', { name: 'trivial extension activation', value: base }, `median of ${RUNS} fresh extension hosts, after a warm-up activation, order alternated`)];
}

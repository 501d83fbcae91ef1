import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Mocha = require('mocha');
import { REPO_ROOT } from './codeServer';
import { ProcessTreeMemorySampler } from './memory';
import type { TierResults } from './tierResults';

/**
 * The e2e tier: mocha in plain Node, each test driving the real workbench UI (code-server + headless
 * Chromium) with the packaged .vsix installed, or a page of the DingTalk sandbox.
 */
export async function runE2e(): Promise<TierResults & { wallMs: number; peakMemoryBytes: number }> {
  const started = Date.now();
  const dir = path.join(REPO_ROOT, 'out', 'test', 'e2e');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.test.js')).sort() : [];
  if (files.length === 0) throw new Error(`no e2e tests in ${dir}: run \`npm run compile-tests\` first.`);
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-e2e-')), 'results.json');
  process.env.DT_RESULTS_FILE = resultsFile;
  const memory = new ProcessTreeMemorySampler().start();
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: path.join(__dirname, 'resultsReporter.js'), grep: process.env.DT_TEST_GREP || undefined });
  for (const f of files) mocha.addFile(path.join(dir, f));
  await new Promise<void>((resolve) => mocha.run(() => resolve()));
  delete process.env.DT_RESULTS_FILE;
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as TierResults;
  return { ...results, wallMs: Date.now() - started, peakMemoryBytes: memory.stop() };
}

if (require.main === module) {
  runE2e()
    .then((r) => {
      process.stdout.write(`\ne2e: wall ${(r.wallMs / 1000).toFixed(1)} s, peak memory ${(r.peakMemoryBytes / 2 ** 20).toFixed(0)} MiB\n`);
      process.stdout.write(`${r.passed} passed, ${r.failed} failed\n`);
      process.exit(r.failed > 0 || r.passed === 0 ? 1 : 0);
    })
    .catch((err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(1);
    });
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser } from './browser';
import { REPO_ROOT, startCodeServer } from './codeServer';
import { ProcessTreeMemorySampler } from './memory';
import type { TierResults } from './tierResults';

const TEST_OUTPUT_TAG = '[dt-test] '; // keep in sync with test/integration/index.ts

/**
 * The integration tier: the mocha suite in out/test/integration runs inside a real VS Code extension host
 * (code-server 4.100.3 = VS Code 1.100.3, offline), with this repository loaded as the development
 * extension through the workbench's `?payload=` route. A headless Chromium opens the workbench, because
 * the extension host only starts when a browser connects.
 */
export interface IntegrationRunOptions {
  /** Folder opened in VS Code. */
  readonly workspace?: string;
  readonly testsPath?: string;
  readonly env?: Record<string, string>;
  readonly userSettings?: Record<string, unknown>;
  readonly timeoutMs?: number;
  readonly label?: string;
  /** Extension folders or .vsix files installed beside the development extension. */
  readonly install?: readonly string[];
  /** For host scripts that are not mocha suites (benchmarks): do not expect a results file. */
  readonly noResults?: boolean;
}

export interface IntegrationRunResult extends TierResults {
  readonly wallMs: number;
  readonly peakMemoryBytes: number;
}

export async function runInExtensionHost(opts: IntegrationRunOptions = {}): Promise<IntegrationRunResult> {
  const started = Date.now();
  const label = opts.label ?? 'integration';
  const extensionMain = path.join(REPO_ROOT, 'dist', 'extension.js');
  const testsPath = opts.testsPath ?? path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(extensionMain)) throw new Error(`${extensionMain} is missing: run \`npm run build\` first.`);
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: run \`npm run compile-tests\` first.`);

  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), `dingtalk-${label}-`));
  const resultsFile = path.join(resultsDir, 'results.json');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-ws-'));
  fs.cpSync(opts.workspace ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  const memory = new ProcessTreeMemorySampler().start();
  // A known profile folder, so tests can inspect what VS Code wrote to disk (settings files, logs).
  const userDataDir = path.join(resultsDir, 'user-data');
  const server = await startCodeServer({
    workspace,
    userDataDir,
    env: { DT_RESULTS_FILE: resultsFile, DT_REPO_ROOT: REPO_ROOT, DT_USER_DATA_DIR: userDataDir, ...opts.env },
    userSettings: opts.userSettings,
    install: opts.install,
  });
  const browser = await launchBrowser();
  let exitCode: number | undefined;
  try {
    const page = await browser.context.newPage();
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, message: unknown) => {
      const text = Array.isArray(message) ? message.join(' ') : String(message);
      // Only mocha's lines (tagged in test/integration/index.ts) are of interest, unless verbose.
      const tagged = text.indexOf(TEST_OUTPUT_TAG);
      if (tagged >= 0) process.stdout.write(`${text.slice(tagged + TEST_OUTPUT_TAG.length)}\n`);
      else if (process.env.DT_TEST_VERBOSE) process.stdout.write(`[workbench] ${text}\n`);
    });
    await page.goto(
      server.workbenchUrl([
        ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
        ['extensionTestsPath', server.remoteUri(testsPath)],
      ]),
    );
    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    exitCode = await Promise.race([
      exited,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error(`${label}: the extension host did not finish within ${timeoutMs / 1000} s`)), timeoutMs).unref(),
      ),
    ]);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const peakMemoryBytes = memory.stop();
  if (opts.noResults) {
    fs.rmSync(resultsDir, { recursive: true, force: true });
    const ok = exitCode === 0;
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, pending: 0, durationMs: 0, failures: [], wallMs: Date.now() - started, peakMemoryBytes };
  }
  if (!fs.existsSync(resultsFile)) {
    throw new Error(`${label}: no results were written (exit code ${exitCode}). The suite failed to load: run with DT_TEST_VERBOSE=1 to see the extension host's output.`);
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as TierResults;
  fs.rmSync(resultsDir, { recursive: true, force: true });
  return { ...results, wallMs: Date.now() - started, peakMemoryBytes };
}

if (require.main === module) {
  runInExtensionHost()
    .then((r) => {
      for (const f of r.failures) process.stdout.write(`\nFAILED: ${f.title}\n${f.error}\n`);
      process.stdout.write(`\nintegration: wall ${(r.wallMs / 1000).toFixed(1)} s, peak memory ${(r.peakMemoryBytes / 2 ** 20).toFixed(0)} MiB\n`);
      process.stdout.write(`${r.passed} passed, ${r.failed} failed\n`);
      process.exit(r.failed > 0 || r.passed === 0 ? 1 : 0);
    })
    .catch((err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(1);
    });
}

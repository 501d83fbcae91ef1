import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './codeServer';
import { runE2e } from './runE2e';
import { runInExtensionHost } from './runIntegration';
import type { TierResults } from './tierResults';

/**
 * `npm test`: the three tiers in order (unit in plain Node, integration inside a real VS Code, e2e through
 * the workbench UI), then ONE closing line `N passed, N failed` totalling all three. Exits non-zero if
 * anything failed or a tier could not run. (`npm test`'s pretest step has already type-checked, linted,
 * compiled the tests and packaged the .vsix.)
 */
interface TierOutcome extends TierResults {
  readonly tier: string;
  readonly wallMs: number;
  readonly peakMemoryBytes?: number;
}

function runUnitTier(): TierOutcome {
  const started = Date.now();
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-unit-')), 'results.json');
  const res = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', path.join(__dirname, 'resultsReporter.js')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, DT_RESULTS_FILE: resultsFile },
  });
  if (!fs.existsSync(resultsFile)) throw new Error(`the unit tier did not run (mocha exit ${res.status})`);
  return { tier: 'unit', ...(JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as TierResults), wallMs: Date.now() - started };
}

async function main(): Promise<number> {
  const only = process.env.DT_TIERS?.split(',').map((s) => s.trim());
  const tiers: Array<[string, () => Promise<TierOutcome> | TierOutcome]> = [
    ['unit', runUnitTier],
    ['integration', async () => ({ tier: 'integration', ...(await runInExtensionHost()) })],
    ['e2e', async () => ({ tier: 'e2e', ...(await runE2e()) })],
  ];
  const outcomes: TierOutcome[] = [];
  for (const [name, run] of tiers) {
    if (only && !only.includes(name)) continue;
    process.stdout.write(`\n=== ${name} tier ===\n`);
    try {
      outcomes.push(await run());
    } catch (err) {
      // A tier that cannot run is a failure with the reason, never a skip.
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      outcomes.push({ tier: name, passed: 0, failed: 1, pending: 0, durationMs: 0, wallMs: 0, failures: [{ title: `${name} tier could not run`, error: (err as Error).message }] });
    }
  }
  process.stdout.write('\n=== summary ===\n');
  for (const o of outcomes) {
    const mem = o.peakMemoryBytes ? `, peak ${(o.peakMemoryBytes / 2 ** 20).toFixed(0)} MiB` : '';
    process.stdout.write(`${o.tier.padEnd(12)} ${String(o.passed).padStart(4)} passed ${String(o.failed).padStart(3)} failed ${String(o.pending).padStart(3)} pending  (${(o.wallMs / 1000).toFixed(1)} s${mem})\n`);
    for (const f of o.failures) process.stdout.write(`  ✗ ${f.title}\n    ${f.error.split('\n')[0]}\n`);
  }
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  const pending = outcomes.reduce((n, o) => n + o.pending, 0);
  // Pending (skipped) tests count as failures: a skip never stands in for a pass.
  const totalFailed = failed + pending;
  process.stdout.write(`${passed} passed, ${totalFailed} failed\n`);
  return totalFailed > 0 || passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../runner/codeServer';
import type { BenchFigure } from './figures';

/**
 * `npm run bench`: runs every benchmark (each `*.bench.js` beside this file exports `run()`), writes
 * bench/results.json and prints the same as a table. Figures are compared with a baseline measured in the
 * same run where one exists, because the machines are shared and noisy: ratios travel, absolute times do not.
 */
async function main(): Promise<void> {
  const only = process.env.DT_BENCH?.split(',');
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort();
  const results: Array<BenchFigure & { benchmark: string }> = [];
  let failed = 0;
  for (const f of files) {
    const name = f.replace(/\.bench\.js$/, '');
    if (only && !only.includes(name)) continue;
    process.stderr.write(`[bench] ${name}…\n`);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(__dirname, f)) as { run(): Promise<BenchFigure[]> };
      for (const fig of await mod.run()) results.push({ benchmark: name, ...fig });
    } catch (err) {
      failed++;
      process.stderr.write(`[bench] ${name} failed: ${(err as Error).stack ?? err}\n`);
    }
  }
  const out = path.join(REPO_ROOT, 'bench', 'results.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, figures: results }, null, 2)}\n`);
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, r.baseline ? `${r.baseline.value} ${r.unit} (${r.baseline.name})` : '', r.ratio !== undefined ? `${r.ratio}×` : '']);
  const header = ['figure', 'value', 'baseline (same run)', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n\nwritten to ${path.relative(REPO_ROOT, out)}\n`);
  if (failed) process.exit(1);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});

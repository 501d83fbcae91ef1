import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../runner/codeServer';
import { runInExtensionHost } from '../runner/runIntegration';
import { startSandbox } from '../sandbox/server';
import { BenchFigure, figure, median } from './figures';
import type { ShareBenchInput, ShareBenchSample } from './shareHost';

const RUNS = 21;
const MB = 1024 * 1024;
const FILE_BYTES = 19 * MB;

/**
 * Sharing a 19 MB file (just under DingTalk's 20 MB limit) with "DingTalk: Share File" in a real extension host,
 * against the sandbox in this process, next to curl uploading the same file to the same endpoint in the same
 * run (curl is started from the extension host between the shares, so both compete with the same workbench);
 * and how much the extension host's memory grows while it shares.
 */
export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-bench-share-'));
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace);
  // Incompressible content, as a real PDF's streams are.
  const data = Buffer.alloc(FILE_BYTES);
  for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, i);
  fs.writeFileSync(path.join(workspace, 'report 报告.pdf'), data);
  fs.writeFileSync(path.join(workspace, 'warmup.pdf'), '%PDF-1.4 warm-up');

  const sandbox = await startSandbox({ port: 0 });
  try {
    const group = sandbox.demo.groups[0];
    const input: ShareBenchInput = {
      baseUrl: sandbox.baseUrl,
      token: sandbox.issueToken(sandbox.demo.app.appKey),
      app: { appKey: sandbox.demo.app.appKey, appSecret: sandbox.demo.app.appSecret, robotCode: sandbox.demo.app.robotCode },
      openConversationId: group.openConversationId,
      file: 'report 报告.pdf',
      warmupFile: 'warmup.pdf',
      runs: RUNS,
    };
    const out = path.join(dir, 'share.json');
    const r = await runInExtensionHost({
      label: 'bench-share',
      testsPath: path.join(REPO_ROOT, 'out', 'test', 'bench', 'shareHost.js'),
      workspace,
      env: { DT_BENCH_FILE: out, DT_BENCH_SHARE: JSON.stringify(input) },
      noResults: true,
    });
    if (r.failed || !fs.existsSync(out)) throw new Error('the share benchmark failed in the extension host (run with DT_TEST_VERBOSE=1)');
    const samples = JSON.parse(fs.readFileSync(out, 'utf8')) as ShareBenchSample[];
    // DT_BENCH_VERBOSE=1 prints every run (the order alternates: even runs start with curl).
    if (process.env.DT_BENCH_VERBOSE) console.log(samples.map((s, i) => `${i % 2 ? 'extension first' : 'curl first     '}  curl ${s.curlMs.toFixed(0)} ms  extension ${s.uploadMs.toFixed(0)} ms`).join('\n'));
    const curl = median(samples.map((s) => s.curlMs));
    // The machine is shared: also the median of each run's own ratio, which a slow moment affects less.
    const paired = (pick: (s: ShareBenchSample) => number): string => `median of paired ratios ${median(samples.map((s) => pick(s) / s.curlMs)).toFixed(2)}×`;
    const note = `19 MB incompressible .pdf; median of ${RUNS} interleaved runs each, after warm-ups`;
    return [
      figure('Share File upload of 19 MB (check, stream from disk, media/upload)', median(samples.map((s) => s.uploadMs)), 'ms', { name: 'curl media/upload of the same file', value: curl }, `${note}; ${paired((s) => s.uploadMs)}`),
      figure('Share File command, 19 MB (upload + file message delivered + summary)', median(samples.map((s) => s.shareMs)), 'ms', { name: 'curl media/upload of the same file', value: curl }, `${note}; ${paired((s) => s.shareMs)}`),
      figure('extension host RSS growth while sharing 19 MB', median(samples.map((s) => s.rssGrowthBytes)) / MB, 'MB', undefined, 'whole command: peak RSS minus RSS before it (after a full GC), sampled every 5 ms'),
      figure('extension host ArrayBuffer growth while sharing 19 MB', median(samples.map((s) => s.arrayBuffersGrowthBytes)) / MB, 'MB', undefined, 'read buffers not yet collected and socket buffers (the file is streamed, never held whole)'),
    ];
  } finally {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as vscodeApi from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { REPO_ROOT } from '../runner/codeServer';
import { runInExtensionHost } from '../runner/runIntegration';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { BenchFigure, figure, median, percentile } from './figures';

const MESSAGES = 200;
const WARMUP = 20;

/** What the runner passes to the extension host (this same file, in host mode). */
interface HostInput {
  readonly baseUrl: string;
  readonly app: { appKey: string; appSecret: string; robotCode: string; robotName: string };
  /** Entries to wait for before writing the results. */
  readonly expect: number;
}

/** Wall-clock time with sub-millisecond resolution, comparable between the runner and the extension host. */
const now = (): number => performance.timeOrigin + performance.now();

/**
 * Mention latency: from a person posting on the sandbox (the page's HTTP endpoint) to the entry in the
 * extension's inbox, in a real extension host connected over Stream Mode — next to the raw WebSocket round trip
 * on the same connection in the same run (the sandbox's SYSTEM ping and the client's echo), interleaved one by one.
 *
 * This file has two roles: `npm run bench` calls run() in Node (the runner, which hosts the sandbox), and the
 * runner starts the extension host with this file as its test entry, where run() receives the messages.
 */
export async function run(): Promise<BenchFigure[]> {
  if (process.env.DT_STREAM_BENCH_HOST) {
    await host(JSON.parse(process.env.DT_STREAM_BENCH_HOST) as HostInput, process.env.DT_BENCH_FILE as string);
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-bench-stream-'));
  const sandbox = await startSandbox({ port: 0 });
  try {
    const app = sandbox.demo.app;
    const input: HostInput = { baseUrl: sandbox.baseUrl, app: { appKey: app.appKey, appSecret: app.appSecret, robotCode: app.robotCode, robotName: app.robotName }, expect: WARMUP + MESSAGES };
    const out = path.join(dir, 'stream.json');
    const hostRun = runInExtensionHost({
      label: 'bench-stream',
      testsPath: path.join(REPO_ROOT, 'out', 'test', 'bench', 'stream.bench.js'),
      env: { DT_BENCH_FILE: out, DT_STREAM_BENCH_HOST: JSON.stringify(input) },
      noResults: true,
    });
    const { posted, pingsMs } = await drive(sandbox, app.appKey, app.robotName);
    const r = await hostRun;
    if (r.failed || !fs.existsSync(out)) throw new Error('the stream benchmark failed in the extension host (run with DT_TEST_VERBOSE=1)');
    const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, number>;
    const latencies = posted.map((p) => {
      const at = seen[p.text];
      if (at === undefined) throw new Error(`"${p.text}" never reached the inbox`);
      return at - p.at;
    });
    const rtt = { name: 'raw WebSocket round trip (ping → echo, same connection)', value: median(pingsMs) };
    const note = `${MESSAGES} mentions posted one at a time through /__sandbox/chat/post after ${WARMUP} warm-ups; sandbox in the runner, extension in code-server's extension host`;
    return [
      figure('mention → inbox entry, median', median(latencies), 'ms', rtt, note),
      figure('mention → inbox entry, p95', percentile(latencies, 95), 'ms', { name: 'raw WebSocket round trip, p95', value: percentile(pingsMs, 95) }, note),
      figure('raw WebSocket round trip, median', median(pingsMs), 'ms', undefined, `${MESSAGES} SYSTEM pings, each just before a mention`),
    ];
  } finally {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The runner's side: waits for the extension's connection, then pings and posts, one after the other. */
async function drive(sandbox: Sandbox, appKey: string, robotName: string): Promise<{ posted: Array<{ text: string; at: number }>; pingsMs: number[] }> {
  const [connection] = await sandbox.stream.hub.whenConnected(appKey);
  const groups = sandbox.demo.groups;
  const posted: Array<{ text: string; at: number }> = [];
  const pingsMs: number[] = [];
  for (let i = 0; i < WARMUP + MESSAGES; i++) {
    const measured = i >= WARMUP;
    const pingStarted = now();
    await sandbox.stream.hub.ping(connection.id);
    if (measured) pingsMs.push(now() - pingStarted);
    const text = `bench ${i}`;
    const at = now();
    const res = await fetch(`${sandbox.baseUrl}/__sandbox/chat/post`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openConversationId: groups[i % groups.length].openConversationId, from: 'alice.chen', text: `@${robotName} ${text}` }),
    });
    const body = (await res.json()) as { deliveries: Array<{ msgId: string }> };
    const delivery = sandbox.stream.hub.deliveries().find((d) => d.key === body.deliveries[0]?.msgId);
    if (!delivery) throw new Error(`post ${i} reached no connection`);
    // The extension ACKs after storing the entry, so the next post never overtakes this one.
    await sandbox.stream.hub.whenAcked(delivery);
    if (measured) posted.push({ text, at });
  }
  return { posted, pingsMs };
}

/** The extension host's side: points the extension at the sandbox, turns the stream on, timestamps each entry. */
async function host(input: HostInput, file: string): Promise<void> {
  // Only available inside the extension host; the runner never gets here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require('vscode') as typeof vscodeApi;
  const config = vscode.workspace.getConfiguration('dingtalk');
  await config.update('network.oapiBaseUrl', input.baseUrl, vscode.ConfigurationTarget.Global);
  await config.update('network.apiBaseUrl', input.baseUrl, vscode.ConfigurationTarget.Global);
  const api = (await vscode.extensions.getExtension<ExtensionApi>('vscode-dingtalk.vscode-dingtalk')!.activate()).testing!;
  await api.destinations.saveApp({ appKey: input.app.appKey, robotCode: input.app.robotCode, robotName: input.app.robotName }, input.app.appSecret);
  const inbox = api.stream.service.inbox;
  const seen: Record<string, number> = {};
  const done = new Promise<void>((resolve) => {
    const sub = inbox.onDidChange((change) => {
      const at = now();
      for (const item of change.added) seen[item.text] ??= at;
      if (Object.keys(seen).length >= input.expect) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.commands.executeCommand('dingtalk.toggleStream', { enabled: true });
  await done;
  await vscode.commands.executeCommand('dingtalk.toggleStream', { enabled: false });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(seen));
  fs.renameSync(`${file}.tmp`, file);
}

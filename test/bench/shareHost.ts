import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import type { ShareOutcome } from '../../src/commands/shareFileArgs';
import { preflight } from '../../src/core/share/preflight';
import { uploadBatch } from '../../src/core/share/uploadBatch';
import type { ExtensionApi } from '../../src/extension';
import { ancestorsOf, WorkspaceShareFs } from '../../src/host/shareFs';
import { clientMediaUploader } from '../../src/host/shareUpload';

/** What share.bench.ts passes in DT_BENCH_SHARE. */
export interface ShareBenchInput {
  readonly baseUrl: string;
  /** An app access token for curl's uploads. */
  readonly token: string;
  readonly app: { appKey: string; appSecret: string; robotCode: string };
  readonly openConversationId: string;
  /** Workspace-relative file to share, and a small one for the warm-up. */
  readonly file: string;
  readonly warmupFile: string;
  readonly runs: number;
}

export interface ShareBenchSample {
  /** curl uploading the same file to the same endpoint, started from this process, just before the share. */
  readonly curlMs: number;
  /** The share's upload phase with the command's own code: checks, the file streamed from disk (as WorkspaceShareFs does for file: URIs), media/upload. */
  readonly uploadMs: number;
  /** The whole command: the upload phase, then the file message queued, delivered and the summary shown. */
  readonly shareMs: number;
  /** Peak RSS during the share minus RSS just before it (after a full GC). */
  readonly rssGrowthBytes: number;
  /** The same for V8's ArrayBuffers (file bytes, the archive, the multipart body). */
  readonly arrayBuffersGrowthBytes: number;
}

// A full GC before each measurement, so the baseline is not inflated by garbage of the previous run.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** curl's upload, the way the extension uploads (multipart part `media`); the sandbox runs in the bench runner. */
function curlUpload(input: ShareBenchInput, file: string): Promise<number> {
  const started = performance.now();
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-F', 'type=file', '-F', `media=@${file};type=application/pdf`, `${input.baseUrl}/media/upload?access_token=${input.token}&type=file`];
  return new Promise((resolve, reject) => {
    execFile('curl', args, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      const ms = performance.now() - started;
      if (err || stdout !== '200') reject(new Error(`curl failed (HTTP ${stdout}): ${stderr || err?.message}`));
      else resolve(ms);
    });
  });
}

function sampler(): { stop(): { rss: number; arrayBuffers: number } } {
  let rss = 0;
  let arrayBuffers = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    arrayBuffers = Math.max(arrayBuffers, m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 5);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { rss, arrayBuffers };
    },
  };
}

/**
 * Runs inside the extension host (as extensionTestsPath): points the extension at the sandbox, then `runs` times
 * (after warm-ups): curl uploads the file, the share's upload phase uploads it, and "DingTalk: Share File" shares
 * it while memory is sampled; writes the samples to DT_BENCH_FILE.
 */
export async function run(): Promise<void> {
  const input = JSON.parse(process.env.DT_BENCH_SHARE as string) as ShareBenchInput;
  const config = vscode.workspace.getConfiguration('dingtalk');
  await config.update('network.oapiBaseUrl', input.baseUrl, vscode.ConfigurationTarget.Global);
  await config.update('network.apiBaseUrl', input.baseUrl, vscode.ConfigurationTarget.Global);
  const api = (await vscode.extensions.getExtension<ExtensionApi>('vscode-dingtalk.vscode-dingtalk')!.activate()).testing!;
  await api.destinations.saveApp({ appKey: input.app.appKey, robotCode: input.app.robotCode }, input.app.appSecret);
  await api.destinations.saveAppGroup({ kind: 'appGroup', name: 'bench', openConversationId: input.openConversationId });
  const root = vscode.workspace.workspaceFolders![0].uri;
  const share = async (file: string): Promise<void> => {
    const uri = vscode.Uri.joinPath(root, file);
    const outcome = await vscode.commands.executeCommand<ShareOutcome>('dingtalk.shareFile', uri, [uri], { destination: 'bench', caption: '' });
    if (outcome?.shared.length !== 1) throw new Error(`the share failed: ${JSON.stringify(outcome)}`);
  };
  await share(input.warmupFile);

  const samples: ShareBenchSample[] = [];
  const filePath = path.join(root.fsPath, input.file);
  const shareFs = new WorkspaceShareFs();
  const uploadPhase = async (): Promise<void> => {
    // As the command does: the app's client (credentials from the keychain), the check, the upload.
    const app = await api.dingtalk.app();
    const checked = await preflight(shareFs, [vscode.Uri.joinPath(root, input.file).toString()], { ancestorsOf });
    const result = await uploadBatch(shareFs, checked.items, clientMediaUploader(app));
    if (result.uploaded.length !== 1) throw new Error(`the upload failed: ${JSON.stringify(result.failed)}`);
  };
  await curlUpload(input, filePath);
  await uploadPhase();
  for (let i = 0; i < input.runs; i++) {
    // Interleaved, so curl and the extension see the same machine (the workbench and its browser are up), and
    // in alternating order, so neither always runs right after the other's garbage.
    const timeUpload = async (): Promise<number> => {
      gc();
      const t0 = performance.now();
      await uploadPhase();
      return performance.now() - t0;
    };
    // Let the previous run's share command settle (its outbox and status bar work ends after it returns).
    await new Promise((resolve) => setTimeout(resolve, 300));
    let curlMs: number;
    let uploadMs: number;
    if (i % 2 === 0) {
      curlMs = await curlUpload(input, filePath);
      uploadMs = await timeUpload();
    } else {
      uploadMs = await timeUpload();
      curlMs = await curlUpload(input, filePath);
    }

    gc();
    const before = process.memoryUsage();
    const memory = sampler();
    const started = performance.now();
    await share(input.file);
    const shareMs = performance.now() - started;
    const peak = memory.stop();
    samples.push({ curlMs, uploadMs, shareMs, rssGrowthBytes: peak.rss - before.rss, arrayBuffersGrowthBytes: peak.arrayBuffers - before.arrayBuffers });
  }
  const out = process.env.DT_BENCH_FILE as string;
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(samples));
  fs.renameSync(`${out}.tmp`, out);
}

import * as fs from 'fs';
import * as vscode from 'vscode';

/**
 * Runs inside the extension host (as extensionTestsPath): activates the extension under test and a
 * trivial baseline extension installed beside it, and writes both activation times to DT_BENCH_FILE.
 */
export async function run(): Promise<void> {
  const time = async (id: string): Promise<number> => {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) throw new Error(`extension ${id} is not loaded`);
    if (ext.isActive) throw new Error(`extension ${id} was already active; the measurement would be meaningless`);
    const started = performance.now();
    await ext.activate();
    return performance.now() - started;
  };
  // A throw-away activation first pays the host's one-time costs, then the two are timed in the order
  // the runner asks for (it alternates across runs so neither always goes first).
  await time('vscode-dingtalk-bench.warmup');
  let baselineMs: number;
  let extensionMs: number;
  if (process.env.DT_BENCH_ORDER === 'extension-first') {
    extensionMs = await time('vscode-dingtalk.vscode-dingtalk');
    baselineMs = await time('vscode-dingtalk-bench.baseline');
  } else {
    baselineMs = await time('vscode-dingtalk-bench.baseline');
    extensionMs = await time('vscode-dingtalk.vscode-dingtalk');
  }
  const file = process.env.DT_BENCH_FILE as string;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ baselineMs, extensionMs }));
  fs.renameSync(`${file}.tmp`, file);
}

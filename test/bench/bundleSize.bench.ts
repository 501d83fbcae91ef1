import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../runner/codeServer';
import { BenchFigure, figure } from './figures';

/** Sizes of the production bundles (the bench runner builds with --production first). */
export async function run(): Promise<BenchFigure[]> {
  const size = (f: string): number => {
    const p = path.join(REPO_ROOT, f);
    if (!fs.existsSync(p)) throw new Error(`${f} is missing: run \`npm run build:prod\``);
    return fs.statSync(p).size;
  };
  const out = [figure('bundle size: dist/extension.js', size('dist/extension.js') / 1024, 'KiB'), figure('bundle size: dist/webview.js', size('dist/webview.js') / 1024, 'KiB')];
  if (fs.existsSync(path.join(REPO_ROOT, 'dist', 'vscode-dingtalk.vsix'))) out.push(figure('package size: vscode-dingtalk.vsix', size('dist/vscode-dingtalk.vsix') / 1024, 'KiB'));
  return out;
}

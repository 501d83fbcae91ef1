import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/**
 * Where VS Code keeps its own ripgrep, relative to `vscode.env.appRoot`: `@vscode/ripgrep` today, `vscode-ripgrep`
 * in older builds, unpacked beside `node_modules.asar` in packaged desktop builds.
 */
const BUNDLED = ['node_modules/@vscode/ripgrep/bin', 'node_modules.asar.unpacked/@vscode/ripgrep/bin', 'node_modules/vscode-ripgrep/bin', 'node_modules.asar.unpacked/vscode-ripgrep/bin'];

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The candidates in order: the user's setting, VS Code's bundled rg, then `rg` on PATH. */
export function ripgrepCandidates(configured: string): string[] {
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const out: string[] = [];
  if (configured) out.push(configured);
  const appRoot = vscode.env.appRoot;
  if (appRoot) for (const dir of BUNDLED) out.push(path.join(appRoot, dir, exe));
  // PATH is searched by hand: no `which` process for something this small.
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) out.push(path.join(dir, exe));
  return out;
}

/** The first candidate that exists and is executable, or undefined (the Node scan takes over). */
export function locateRipgrep(configured: string): string | undefined {
  return ripgrepCandidates(configured).find(executable);
}

import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { REPO_ROOT } from '../runner/codeServer';
import type { BoardSnapshot, WebviewStrings } from '../../src/shared/protocol';
import { WEBVIEW_STRING_KEYS } from '../../src/shared/protocol';

/**
 * The whiteboard page outside VS Code: the real webview bundle (src/webview/main.ts, built here with esbuild
 * exactly as esbuild.js builds it) and media/whiteboard.css, served from 127.0.0.1 with a stand-in for
 * acquireVsCodeApi that answers "ready" with `init` for the given board and records what the page posts.
 * The page opts in to the app probe (data-probe) so the benchmark can read frame times.
 */
export interface WhiteboardPage {
  readonly url: string;
  close(): Promise<void>;
}

export async function buildWebviewBundle(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'src', 'webview', 'main.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(REPO_ROOT, 'src', 'webview', 'tsconfig.json'),
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const STUB = `
window.posted = [];
window.acquireVsCodeApi = () => ({
  postMessage(m) {
    window.posted.push(m);
    if (m && m.type === 'ready') setTimeout(() => window.postMessage({ type: 'init', strings: window.boardStrings, board: window.boardSnapshot }, '*'));
  },
  getState() { return undefined; },
  setState() {},
});`;

export async function startWhiteboardPage(board: BoardSnapshot): Promise<WhiteboardPage> {
  const strings = Object.fromEntries(WEBVIEW_STRING_KEYS.map((k) => [k, k])) as WebviewStrings;
  return serveWhiteboardPage(await buildWebviewBundle(), strings, board);
}

/** Serves an already built bundle with the given strings and board (tests that build once and serve many). */
export async function serveWhiteboardPage(bundle: string, strings: WebviewStrings, board: BoardSnapshot): Promise<WhiteboardPage> {
  const css = fs.readFileSync(path.join(REPO_ROOT, 'media', 'whiteboard.css'), 'utf8');
  const data = `window.boardStrings = ${JSON.stringify(strings)};\nwindow.boardSnapshot = ${JSON.stringify(board)};\n`;
  const html = `<!DOCTYPE html><html lang="en" data-probe="on"><head><meta charset="UTF-8"><link rel="stylesheet" href="/whiteboard.css"><title>whiteboard</title></head>
<body class="vscode-light"><main id="app"></main><script src="/stub.js"></script><script src="/board.js"></script><script src="/webview.js"></script></body></html>`;
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/stub.js': ['text/javascript', STUB],
    '/board.js': ['text/javascript', data],
    '/webview.js': ['text/javascript', bundle],
    '/whiteboard.css': ['text/css', css],
  };
  const server = http.createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

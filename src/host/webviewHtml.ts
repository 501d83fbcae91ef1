import * as crypto from 'crypto';
import * as vscode from 'vscode';

/** A fresh nonce for each render: the only script the page may run is the one carrying it. */
export function makeNonce(): string {
  return crypto.randomBytes(18).toString('base64');
}

/**
 * The Content-Security-Policy for every webview: nothing by default, scripts only by nonce, styles, images
 * and fonts only from the extension's own resources (plus data:/blob: images the canvas produces).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export interface WebviewPage {
  readonly title: string;
  readonly scripts: readonly vscode.Uri[];
  readonly styles: readonly vscode.Uri[];
  readonly body: string;
  readonly lang: string;
}

export function renderWebviewHtml(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = makeNonce();
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  const styles = page.styles.map((u) => `<link rel="stylesheet" href="${webview.asWebviewUri(u).toString()}">`).join('\n');
  const scripts = page.scripts
    .map((u) => `<script nonce="${nonce}" src="${webview.asWebviewUri(u).toString()}"></script>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(page.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
${page.body}
${scripts}
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, withTimeout } from './helpers';

describe('extension in a real VS Code', () => {
  it('activates and registers every contributed command', async () => {
    await activateExtension();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'extension is active');
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('resolves the whiteboard view with a strict, nonce-based CSP and hears "ready" from the page', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('dingtalk.openWhiteboard');
    await withTimeout(api.whiteboard.whenReady(), 20_000, 'the whiteboard webview to say ready');
    const html = api.whiteboard.html ?? '';
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'the page declares a CSP');
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    const scriptSrc = directives.get('script-src') ?? [];
    assert.strictEqual(scriptSrc.length, 1, 'scripts only by nonce');
    const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(scriptSrc[0])?.[1];
    assert.ok(nonce, `script-src is a nonce, got ${scriptSrc[0]}`);
    const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scriptTags.length > 0);
    for (const tag of scriptTags) assert.ok(tag.includes(`nonce="${nonce}"`), `every script carries the nonce: ${tag}`);
    const cspSource = api.whiteboard.cspSource ?? '';
    assert.ok(cspSource.length > 0);
    assert.deepStrictEqual(directives.get('style-src'), cspSource.split(/\s+/), 'styles only from the webview\'s own resources');
    assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'"), csp);
  });

  it('clears the whiteboard through the provider and keeps the page in sync', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('dingtalk.openWhiteboard');
    await withTimeout(api.whiteboard.whenReady(), 20_000, 'the whiteboard webview');
    await api.whiteboard.clear();
    assert.strictEqual(api.whiteboard.strokeCount, 0);
  });
});

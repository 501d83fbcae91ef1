import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../runner/browser';
import { REPO_ROOT } from '../runner/codeServer';
import { clickContextMenuItem, contextMenuItem, openEditorContextMenu, openFile, pickQuickInputRow, screenshotPath, selectLines, waitForQuickInputStep, waitForWorkbench } from './workbench';

/** What `npm start` prints once everything is up (its last stdout line). */
interface ReadyLine {
  demo: 'ready';
  vscodeUrl: string;
  sandboxUrl: string;
  vscodePort: number;
  sandboxPort: number;
  workspace: string;
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves with the ready line, or rejects with the script's output when it exits or takes too long. */
function waitForReady(child: ChildProcess, output: { text: string }, timeoutMs: number): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs / 1000} s:\n${output.text}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        if (!line.startsWith('{"demo":"ready"')) continue;
        clearTimeout(timer);
        resolve(JSON.parse(line) as ReadyLine);
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before it was ready:\n${output.text}`));
    });
  });
}

describe('npm start: the one-command demo', function () {
  // The first run may provision code-server (a minute or two); later runs take seconds.
  this.timeout(420_000);
  let child: ChildProcess | undefined;
  let stateDir: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const output = { text: '' };

  before(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-start-e2e-'));
  });

  after(async () => {
    await browser?.close();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts, sends a selection from the editor context menu to the sandbox page, and stops cleanly on Ctrl-C', async () => {
    const script = path.join(REPO_ROOT, 'out', 'test', 'runner', 'start.js');
    // Its own state folder, so the developer's .vscode-test/demo-* is left alone.
    child = spawn(process.execPath, [script], { cwd: REPO_ROOT, env: { ...process.env, DINGTALK_DEMO_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    const capture = (b: Buffer) => {
      output.text = (output.text + b.toString()).slice(-20_000);
    };
    child.stdout!.on('data', capture);
    child.stderr!.on('data', capture);
    const ready = await waitForReady(child, output, 360_000);
    assert.match(output.text, /VS Code in your browser: +http:\/\/127\.0\.0\.1:\d+\/\?folder=/);
    assert.match(output.text, /DingTalk sandbox \(chat\): +http:\/\/127\.0\.0\.1:\d+\//);
    assert.ok(fs.existsSync(path.join(ready.workspace, '.git')), 'the demo workspace is a git repository');

    browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    const chat: Page = await browser.context.newPage();
    await chat.goto(ready.sandboxUrl);
    await chat.locator('#live[data-state="live"]').waitFor();
    const group = chat.locator('.chat', { has: chat.locator('.chat-title', { hasText: '研发小组' }) });
    assert.strictEqual(await group.locator('.msg').count(), 0, 'the sandbox starts with no message in 研发小组');

    const page = await browser.context.newPage();
    await page.goto(ready.vscodeUrl);
    await waitForWorkbench(page);
    await openFile(page, 'src/cart/cart.ts');
    // Lines 25-28: useCoupon() with its TODO.
    await selectLines(page, 25, 28);
    await openEditorContextMenu(page, 28);
    await contextMenuItem(page, 'Send Selection').hover();
    await page.locator('.context-view .action-item.focused', { hasText: 'Send Selection' }).waitFor();
    await page.screenshot({ path: screenshotPath('send-selection-menu.png') });
    await clickContextMenuItem(page, 'Send Selection');

    // The note (Enter sends without one), then the optional @mentions from dingtalk.members, where "@all"
    // (a custom robot's whole-group mention) is ticked.
    await waitForQuickInputStep(page, 'Add a note');
    await page.keyboard.press('Enter');
    await waitForQuickInputStep(page, '@mention');
    await pickQuickInputRow(page, '@all');
    await page.keyboard.press('Enter');

    // The page updates live: no reload.
    await chat.bringToFront();
    const message = group.locator('.msg[data-msgtype="markdown"]', { hasText: 'src/cart/cart.ts' });
    await message.waitFor({ timeout: 60_000 });
    const text = await message.innerText();
    assert.match(text, /src\/cart\/cart\.ts/);
    assert.match(text, /this\.coupon = coupon;/);
    assert.match(text, /TODO\(@bob, 2026-11-15, P2\)/);
    assert.match(text, /src\/cart\/cart\.ts · Lines 25-28 · TypeScript/, `path, line range and language: ${text}`);
    // DingTalk (and the sandbox page) render the whole-group mention as "@所有人".
    await message.locator('.bubble .mention', { hasText: '@所有人' }).waitFor();
    // The demo workspace is a git repository with a github.com origin, so the message links to the lines.
    const permalink = await message.locator('a', { hasText: 'View on GitHub' }).getAttribute('href');
    assert.match(permalink ?? '', /^https:\/\/github\.com\/dingtalk-demo\/shop-service\/blob\/[0-9a-f]{40}\/src\/cart\/cart\.ts#L25-L28$/);
    await message.scrollIntoViewIfNeeded();
    await chat.screenshot({ path: screenshotPath('sandbox-chat.png') });

    await browser.close();
    browser = undefined;
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const stopped = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    assert.strictEqual(code, 0, `npm start exits 0 on Ctrl-C:\n${output.text}`);
    assert.ok(Date.now() - stopped < 15_000, 'it stops within 15 s');
    assert.strictEqual(await portIsOpen(ready.vscodePort), false, 'code-server has stopped');
    assert.strictEqual(await portIsOpen(ready.sandboxPort), false, 'the sandbox has stopped');
  });
});

import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../runner/codeServer';
import { startSandbox, type Sandbox } from '../sandbox/server';
import {
  Workbench,
  clickContextMenuItem,
  notificationToast,
  openEditorContextMenu,
  openFile,
  openWorkbench,
  pickQuickInputRow,
  quickInput,
  runFromPalette,
  screenshotPath,
  selectLines,
  waitForQuickInputStep,
  waitForWorkbench,
} from './workbench';

/** Polls `condition` until it holds (or throws with `what` and the last value seen). */
async function waitUntil<T>(what: string, probe: () => T | Promise<T>, condition: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(value, null, 1).slice(0, 3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether the packaged manifest activates the extension when the window opens (so a queue resumes by itself). */
function activatesOnStartup(): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { activationEvents?: string[] };
  return (manifest.activationEvents ?? []).some((e) => e === '*' || e === 'onStartupFinished');
}

/** Selects lines `from`..`to`, then right-click → "Send Selection" → Enter at the note prompt. */
async function sendSelectionFromMenu(page: Page, from: number, to: number): Promise<void> {
  await selectLines(page, from, to);
  await openEditorContextMenu(page, from);
  await clickContextMenuItem(page, 'Send Selection');
  await waitForQuickInputStep(page, 'Add a note');
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden' });
}

describe('connect a DingTalk robot and send through the real UI', function () {
  this.timeout(240_000);
  let sb: Sandbox;
  let wb: Workbench;
  let page: Page;
  let robot: Sandbox['demo']['customRobots'][number];
  const GOOD = 'Dev group';
  const WRONG = 'Dev group (old secret)';
  const sandboxLog: string[] = [];
  const markdownIn = (cid: string) => sb.state.messages(cid).filter((m) => m.msgtype === 'markdown');

  before(async () => {
    sb = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
    robot = sb.demo.customRobots.find((r) => r.signingSecret)!;
    // Endpoints in the machine layer (where code-server keeps machine-scoped settings), and no demo import.
    wb = await openWorkbench({
      machineSettings: { 'dingtalk.network.oapiBaseUrl': sb.baseUrl, 'dingtalk.network.apiBaseUrl': sb.baseUrl },
      env: { DINGTALK_SANDBOX_DEMO: '' },
    });
    page = wb.page;
  });

  afterEach(async function () {
    // A picture of the workbench when a step fails, for the person reading the failure.
    if (this.currentTest?.state === 'failed' && page) {
      const file = path.join(REPO_ROOT, 'test-results', `connect-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file }).catch(() => undefined);
      process.stderr.write(`sandbox log (last 30 lines):\n${sandboxLog.slice(-30).join('\n')}\n`);
    }
  });

  after(async () => {
    await wb?.close();
    await sb?.close();
  });

  it('adds a signed custom robot with "DingTalk: Add Destination" and "Test Destination" reaches the group', async () => {
    await runFromPalette(page, 'DingTalk: Add Destination');
    await waitForQuickInputStep(page, 'How should VS Code reach the group?');
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'Custom group robot' }).waitFor();
    await page.screenshot({ path: screenshotPath('add-destination.png') });
    await pickQuickInputRow(page, 'Custom group robot');

    let input = await waitForQuickInputStep(page, 'A short name for this chat');
    await input.fill(GOOD);
    await page.keyboard.press('Enter');

    input = await waitForQuickInputStep(page, `Webhook URL of "${GOOD}"`);
    assert.strictEqual(await input.getAttribute('type'), 'password', 'the webhook URL is typed into a password box');
    await input.fill(robot.webhookUrl);
    await page.keyboard.press('Enter');

    input = await waitForQuickInputStep(page, `Signing secret of "${GOOD}"`);
    assert.strictEqual(await input.getAttribute('type'), 'password', 'the signing secret is typed into a password box');
    await input.fill(robot.signingSecret!);
    await page.keyboard.press('Enter');

    await waitForQuickInputStep(page, `Custom keywords of "${GOOD}"`);
    await page.keyboard.press('Enter');
    await notificationToast(page, `Destination "${GOOD}" saved.`).waitFor();

    await runFromPalette(page, 'DingTalk: Test Destination');
    await waitForQuickInputStep(page, 'Which destination should get a test message?');
    await pickQuickInputRow(page, GOOD);
    await notificationToast(page, `Test message delivered to "${GOOD}".`).waitFor();
    const texts = sb.state.messages(robot.openConversationId).filter((m) => m.msgtype === 'text');
    assert.strictEqual(texts.length, 1);
    assert.match(JSON.stringify(texts[0].content), /Hello from VS Code/);
    assert.strictEqual(texts[0].sender.name, robot.name);
    assert.deepStrictEqual(sb.rejections(), [], 'the sandbox rejected no request (the signature matched)');
  });

  it('sends a selection from the editor context menu as markdown with the path, the lines and a fenced code block', async () => {
    await openFile(page, 'src/hello.ts');
    await sendSelectionFromMenu(page, 2, 4);
    const [message] = await waitUntil('the markdown message', () => markdownIn(robot.openConversationId), (ms) => ms.length === 1);
    const text = (message.content as { text: string }).text;
    assert.match(text, /src\/hello\.ts/);
    assert.match(text, /Lines 2-4/);
    assert.match(text, /```typescript\nexport function greet\(name: string\): string \{\n {2}\/\/ TODO\(@alice\): localise the greeting\n {2}return `Hello, \$\{name\}!`;\n```/);
  });

  it('a wrong signing secret gives ONE error notification that says so, with "Update Signing Secret" (which fixes it)', async () => {
    const wrongSecret = `SEC${crypto.randomBytes(32).toString('hex')}`;
    await runFromPalette(page, 'DingTalk: Add Destination');
    await pickQuickInputRow(page, 'Custom group robot');
    await (await waitForQuickInputStep(page, 'A short name for this chat')).fill(WRONG);
    await page.keyboard.press('Enter');
    await (await waitForQuickInputStep(page, `Webhook URL of "${WRONG}"`)).fill(robot.webhookUrl);
    await page.keyboard.press('Enter');
    await (await waitForQuickInputStep(page, `Signing secret of "${WRONG}"`)).fill(wrongSecret);
    await page.keyboard.press('Enter');
    await waitForQuickInputStep(page, `Custom keywords of "${WRONG}"`);
    await page.keyboard.press('Enter');
    await notificationToast(page, `Destination "${WRONG}" saved.`).waitFor();

    // Send Selection goes to the default destination without asking, so make the new one the default.
    await runFromPalette(page, 'DingTalk: Set Default Destination');
    await pickQuickInputRow(page, WRONG);
    const workspaceSettings = path.join(wb.workspace, '.vscode', 'settings.json');
    await waitUntil('the workspace default destination', () => (fs.existsSync(workspaceSettings) ? fs.readFileSync(workspaceSettings, 'utf8') : ''), (s) => s.includes(WRONG));

    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
    await sendSelectionFromMenu(page, 1, 1);
    const error = notificationToast(page, 'The signing secret does not match this robot.');
    await error.waitFor({ timeout: 30_000 });
    // Once it failed, the error is the one notification left: the "Sending to …" progress has closed.
    await notificationToast(page, `Sending to "${WRONG}"`).waitFor({ state: 'detached' });
    assert.strictEqual(await page.locator('.notification-toast').count(), 1, 'exactly one notification');
    await error.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished)));
    const update = error.locator('.monaco-button', { hasText: 'Update Signing Secret' });
    assert.strictEqual(await update.count(), 1, 'the error offers "Update Signing Secret"');
    assert.match(await error.innerText(), new RegExp(`Could not send to "${WRONG.replace(/[()]/g, '\\$&')}"`));
    await page.screenshot({ path: screenshotPath('error-sign-mismatch.png') });
    assert.strictEqual(sb.rejections().filter((r) => r.path === '/robot/send').length, 1, 'DingTalk (the sandbox) refused it once: it was not retried blindly');
    assert.strictEqual(markdownIn(robot.openConversationId).length, 1, 'nothing new reached the group');

    // The button fixes it: paste the right secret and the failed message goes out.
    await update.click();
    const input = await waitForQuickInputStep(page, `Signing secret of "${WRONG}"`);
    assert.strictEqual(await input.getAttribute('type'), 'password');
    await input.fill(robot.signingSecret!);
    await page.keyboard.press('Enter');
    await notificationToast(page, `Signing secret of "${WRONG}" updated.`).waitFor();
    const messages = await waitUntil('the retried message', () => markdownIn(robot.openConversationId), (ms) => ms.length === 2);
    assert.match((messages[1].content as { text: string }).text, /`src\/hello\.ts` · Line 1 · TypeScript/);
    assert.strictEqual(await notificationToast(page, 'The signing secret does not match').count(), 0, 'the error is gone once acted on');
  });

  it('messages still queued when the window reloads are delivered exactly once', async () => {
    const before = markdownIn(robot.openConversationId).length;
    // Hold the next three sends for 8 s each at "DingTalk", so they are in flight or queued when the window goes.
    sb.addFault({ match: { path: '/robot/send' }, action: { delayMs: 8000 }, count: 3 });
    const selections: Array<[number, number]> = [
      [1, 1],
      [2, 3],
      [4, 5],
    ];
    for (const [from, to] of selections) await sendSelectionFromMenu(page, from, to);

    const outbox = path.join(wb.server.userDataDir, 'User', 'globalStorage', 'vscode-dingtalk.vscode-dingtalk', 'outbox');
    const pending = () => ['queued', 'sending'].flatMap((f) => (fs.existsSync(path.join(outbox, f)) ? fs.readdirSync(path.join(outbox, f)) : []));
    await waitUntil('all three in the outbox (queued or being sent)', pending, (p) => p.length === 3, 5_000);
    assert.strictEqual(markdownIn(robot.openConversationId).length, before, 'none has been delivered yet');

    await page.reload(); // a new extension host: the old one and its in-flight request are gone
    await waitForWorkbench(page);
    sb.clearFaults(); // the hold did its job; from here on "DingTalk" answers at once
    const expected = ['hello.ts:1', 'hello.ts:2-3', 'hello.ts:4-5'];
    if (!activatesOnStartup()) {
      // Nothing activates the extension after a reload (no onStartupFinished in activationEvents), so the queue
      // waits for the first DingTalk command. A user checking on their messages opens the outbox: it lists them.
      await runFromPalette(page, 'DingTalk: Show Outbox');
      await waitForQuickInputStep(page, 'Messages in the outbox');
      for (const title of expected) await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: title }).waitFor();
      await page.keyboard.press('Escape');
    }

    const outboxFolders = () => Object.fromEntries(['queued', 'sending', 'failed'].map((f) => [f, fs.existsSync(path.join(outbox, f)) ? fs.readdirSync(path.join(outbox, f)).length : 0]));
    const { delivered } = await waitUntil(
      'the three queued messages in the group and an empty outbox',
      () => ({ delivered: markdownIn(robot.openConversationId).slice(before), outbox: outboxFolders() }),
      ({ delivered: ms }) => ms.length >= 3 && pending().length === 0,
      90_000,
    );
    const titles = delivered.map((m) => (m.content as { title: string }).title);
    assert.deepStrictEqual([...titles].sort(), expected, `exactly those three messages, none twice: ${JSON.stringify(titles)}`);
    assert.strictEqual(new Set(delivered.map((m) => m.msgUuid)).size, 3, 'three different msgUuids');
    assert.deepStrictEqual(titles, expected, 'and in the order they were sent');
  });

  it('with nothing selected, the send shortcut offers the cursor\'s line or the whole file, and sends the choice', async () => {
    await openFile(page, 'src/hello.ts');
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    await (await waitForQuickInputStep(page, /line/i)).fill(':3');
    await page.keyboard.press('Enter');
    await quickInput(page).waitFor({ state: 'hidden' });
    const before = markdownIn(robot.openConversationId).length;
    await page.keyboard.press('Control+Alt+D');
    const offer = notificationToast(page, 'Nothing is selected in hello.ts');
    await offer.locator('.monaco-button', { hasText: 'Send Line 3' }).click();
    // The line is selected where the user can see it, then the usual note step.
    await page.locator('.statusbar-item', { hasText: /\(\d+ selected\)/ }).waitFor();
    await waitForQuickInputStep(page, 'Add a note');
    await page.keyboard.press('Enter');
    const messages = await waitUntil('the line as a message', () => markdownIn(robot.openConversationId), (ms) => ms.length === before + 1);
    const text = (messages[before].content as { text: string }).text;
    assert.match(text, /src\/hello\.ts` · Line 3 · TypeScript/);
    assert.match(text, /```typescript\n\/\/ TODO\(@alice\): localise the greeting\n```/);
  });
  it('"Send Message…" from the palette: a text too long for DingTalk comes back in the box to shorten, then goes', async () => {
    const texts = () => sb.state.messages(robot.openConversationId).filter((m) => m.msgtype === 'text');
    const before = texts().length;
    await runFromPalette(page, 'DingTalk: Send Message…');
    let input = await waitForQuickInputStep(page, 'Type the message');
    const long = `${'很长的消息 '.repeat(1_500)}end`;
    await input.fill(long);
    await page.keyboard.press('Enter');
    // Refused before sending, the text kept in the box with the reason.
    await quickInput(page).locator('.quick-input-message', { hasText: 'DingTalk takes at most 20000' }).waitFor();
    input = quickInput(page).locator('input.input');
    assert.strictEqual(await input.inputValue(), long, 'nothing typed is lost');
    assert.strictEqual(texts().length, before);
    await input.fill('Build is green 构建通过');
    await page.keyboard.press('Enter');
    const sent = await waitUntil('the text message', texts, (ms) => ms.length === before + 1);
    assert.deepStrictEqual(sent[before].content, { type: 'text', content: 'Build is green 构建通过' });
  });
});

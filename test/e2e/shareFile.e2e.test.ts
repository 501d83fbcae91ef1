import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../runner/codeServer';
import { Sandbox, startSandbox } from '../sandbox/server';
import { contextMenuItem, notificationToast, openWorkbench, pickQuickInputRow, screenshotPath, waitForQuickInputStep, Workbench } from './workbench';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'share');
const FILES = ['主 程序.ts', '设计 方案.pdf', '截图 1.png'];

/** The Explorer's row for a top-level file. */
function explorerRow(page: Page, name: string) {
  return page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: name }) }).first();
}

/** Resolves once `read()` satisfies `ok`, polling every 100 ms. */
async function eventually<T>(read: () => T, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Share File to DingTalk from the Explorer context menu', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  let wb: Workbench;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-share-e2e-'));
    // As `npm start` does: the demo organisation (custom robots, the app and its groups) imported from a file.
    const demoFile = path.join(dir, 'sandbox.json');
    fs.writeFileSync(demoFile, `${JSON.stringify({ sandbox: 'ready', baseUrl: sandbox.baseUrl, pageUrl: sandbox.pageUrl, demo: sandbox.demo })}\n`);
    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(workspace);
    for (const name of FILES) fs.copyFileSync(path.join(FIXTURES, name), path.join(workspace, name));
    wb = await openWorkbench({
      workspace,
      // The Explorer must not move its selection to the file a click opened in preview.
      userSettings: { 'explorer.autoReveal': false },
      machineSettings: { 'dingtalk.network.oapiBaseUrl': sandbox.baseUrl, 'dingtalk.network.apiBaseUrl': sandbox.baseUrl },
      env: { DINGTALK_SANDBOX_DEMO: demoFile },
    });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shares a multi-selection of three files to an app group: a zip, a file and an image after the caption', async () => {
    const { page } = wb;
    await page.keyboard.press('Control+Shift+E');
    for (const name of FILES) await explorerRow(page, name).waitFor({ timeout: 60_000 });
    // Select the three with Ctrl+click, checking each joined the selection (a click can land while the
    // first file's preview editor takes focus); otherwise VS Code would pass only the right-clicked file.
    // Then check the selection held: opening the first file's preview can still reset it, so start over if not.
    const selected = page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
    for (let round = 1; ; round++) {
      for (const [i, name] of FILES.entries()) {
        const row = explorerRow(page, name);
        for (let attempt = 1; !(await row.and(selected).isVisible()); attempt++) {
          if (attempt > 3) throw new Error(`${name} did not join the Explorer's selection`);
          await row.click(i === 0 ? {} : { modifiers: ['Control'] });
          await row.and(selected).waitFor({ timeout: 2_000 }).catch(() => undefined);
        }
      }
      await page.waitForTimeout(500);
      if ((await selected.count()) === FILES.length || round === 3) break;
      await explorerRow(page, FILES[0]).click();
    }
    assert.strictEqual(await selected.count(), FILES.length, 'the three files stay selected in the Explorer');
    await explorerRow(page, FILES[1]).click({ button: 'right' });
    const item = contextMenuItem(page, 'Share File to DingTalk');
    await item.waitFor();
    await item.hover();
    await page.screenshot({ path: screenshotPath('share-file.png') });
    await item.click();

    // The default destination is a custom robot (the demo's first), which cannot carry files: the app groups are offered.
    await waitForQuickInputStep(page, 'Share to which chat?');
    const group = sandbox.demo.groups[0];
    await pickQuickInputRow(page, `${group.title} (app)`);
    const caption = await waitForQuickInputStep(page, 'Add a caption');
    await caption.fill('来自资源管理器 from the Explorer');
    await page.keyboard.press('Enter');

    const messages = await eventually(() => sandbox.state.messages(group.openConversationId).map((m) => m.content as any), (m) => m.length === 4, 'four messages in the group', 60_000);
    // The summary, once the messages are delivered; on failure, say what the workbench showed instead.
    await notificationToast(page, /Shared 3 item\(s\) to/)
      .waitFor({ timeout: 30_000 })
      .catch(async (err: Error) => {
        const shown = await page.locator('.notification-toast').allInnerTexts();
        throw new Error(`${err.message}\nnotifications: ${JSON.stringify(shown)}\nsandbox rejections: ${JSON.stringify(sandbox.rejections())}`);
      });
    // The caption first; the files in the order the Explorer lists the selection.
    assert.deepStrictEqual([messages[0].type, messages[0].content], ['text', '来自资源管理器 from the Explorer']);
    const files = messages.slice(1);
    assert.deepStrictEqual(files.map((m) => m.fileName ?? m.type).sort(), ['image', '主 程序.ts.zip', '设计 方案.pdf'].sort());
    const pdf = files.find((m) => m.fileName === '设计 方案.pdf');
    assert.ok(sandbox.state.mediaBytes(pdf.mediaId)!.equals(fs.readFileSync(path.join(FIXTURES, '设计 方案.pdf'))));
  });
});

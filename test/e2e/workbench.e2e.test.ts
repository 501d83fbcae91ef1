import * as assert from 'assert';
import { Workbench, openDingTalkSidebar, openWorkbench, pickQuickInputRow, runFromPalette, screenshotPath, waitForQuickInputStep, whiteboardFrame } from './workbench';

/** The bits of HTMLCanvasElement the page-side callbacks use (this tsconfig has no DOM types). */
type CanvasLike = { width: number; height: number; getContext(kind: '2d'): any };

describe('workbench UI with the packaged extension', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('opens the DingTalk sidebar and renders the whiteboard view', async () => {
    await openDingTalkSidebar(wb.page);
    const frame = whiteboardFrame(wb.page);
    const canvas = frame.locator('canvas#board');
    await canvas.waitFor({ timeout: 60_000 });
    await frame.locator('body[data-ready="true"]').waitFor();
    assert.strictEqual(await frame.locator('button#clear').getAttribute('aria-label'), 'Clear');
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 50 && box.height > 50, `canvas has a usable size: ${JSON.stringify(box)}`);
    // Draw a stroke with real mouse events and check pixels changed on the canvas.
    const blankPixels = await canvas.evaluate((c: CanvasLike) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      return n;
    });
    await wb.page.mouse.move(box.x + 30, box.y + 40);
    await wb.page.mouse.down();
    for (let i = 1; i <= 10; i++) await wb.page.mouse.move(box.x + 30 + i * 12, box.y + 40 + i * 6);
    await wb.page.mouse.up();
    const inkedPixels = await canvas.evaluate((c: CanvasLike) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      return n;
    });
    assert.ok(inkedPixels > blankPixels + 100, `the stroke was drawn (${blankPixels} → ${inkedPixels} inked pixels)`);
    await wb.page.screenshot({ path: screenshotPath('whiteboard-sidebar.png') });
  });

  it('runs "DingTalk: Show Log" from the command palette and shows the log', async () => {
    await runFromPalette(wb.page, 'DingTalk: Show Log');
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: 'activated in' }).waitFor({ timeout: 30_000 });
    const text = await output.innerText();
    assert.match(text.replace(/\s/g, " "), /\[activate\] activated in \d+ ms/);
  });

  it('offers a "Get Started with DingTalk" walkthrough whose steps show their screenshots and run their commands', async () => {
    const { page } = wb;
    await runFromPalette(page, 'Welcome: Open Walkthrough...');
    await waitForQuickInputStep(page, /walkthrough/i);
    await pickQuickInputRow(page, 'Get Started with DingTalk');
    const editor = page.locator('.gettingStartedContainer');
    for (const title of ['Connect a group chat', 'Send code to the chat', 'Turn a TODO into a DingTalk to-do', 'Share files', 'Sketch and send', 'Receive @-mentions']) {
      await editor.locator('.getting-started-step', { hasText: title }).first().waitFor();
    }
    await editor.locator('.getting-started-step', { hasText: 'Send code to the chat' }).first().click();
    const image = editor.locator('.getting-started-media img[alt="The editor\'s context menu with Send Selection to DingTalk."]');
    await image.waitFor();
    await page.waitForFunction((el) => (el as unknown as { naturalWidth: number }).naturalWidth > 0, await image.elementHandle());
    await page.screenshot({ path: screenshotPath('walkthrough.png') });
    // The first step's link runs "Add Destination".
    await editor.locator('.getting-started-step', { hasText: 'Connect a group chat' }).first().click();
    await editor.locator('.getting-started-step.expanded a, .getting-started-step.expanded .monaco-button', { hasText: 'Add Destination' }).first().click();
    await waitForQuickInputStep(page, 'How should VS Code reach the group?');
    await page.keyboard.press('Escape');
  });
});

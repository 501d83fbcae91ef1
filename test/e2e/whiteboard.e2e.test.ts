import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { exportFrame } from '../../src/shared/board/bounds';
import { EXPORT_MARGIN, PALETTE } from '../../src/shared/board/style';
import { Sandbox, startSandbox } from '../sandbox/server';
import { decodePng } from './whiteboardPng';
import {
  Workbench,
  notificationToast,
  openDingTalkSidebar,
  openFile,
  openWorkbench,
  quickInput,
  runFromPalette,
  screenshotPath,
  waitForQuickInputStep,
  waitForWorkbench,
  whiteboardFrame,
} from './workbench';

const RED = PALETTE.find((p) => p.key === 'red')!.color;
const RED_RGB = [1, 3, 5].map((i) => parseInt(RED.slice(i, i + 2), 16));

/** Polls `read` until `accept` holds (the UI and the sandbox update asynchronously); fails with the last value. */
async function eventually<T>(read: () => Promise<T> | T, accept: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Collapses the sidebar's other expanded views (to-dos, messages…) so the whiteboard gets the room, as a user would. */
async function giveWhiteboardRoom(page: Page): Promise<void> {
  const others = page.locator('.sidebar .pane-header[aria-expanded="true"]').filter({ hasNotText: /whiteboard/i });
  while ((await others.count()) > 0) await others.first().click();
}

/** The whiteboard canvas and its machine-readable state (data-* attributes the page keeps current). */
function board(page: Page): { frame: FrameLocator; canvas: Locator; data(name: string): Promise<string | null> } {
  const frame = whiteboardFrame(page);
  const canvas = frame.locator('canvas#board');
  return { frame, canvas, data: (name) => canvas.getAttribute(`data-${name}`) };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps + Math.sin(i) * 3);
  await page.mouse.up();
}

describe('whiteboard in the VS Code workbench', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  let wb: Workbench;
  let demoDir: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    // What `npm start` does: the sandbox's ready line in a file the extension imports demo destinations from,
    // and the endpoints in machine settings (<user-data>/Machine/settings.json in code-server).
    demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-wb-e2e-'));
    const demoFile = path.join(demoDir, 'sandbox.json');
    fs.writeFileSync(demoFile, `${JSON.stringify({ sandbox: 'ready', baseUrl: sandbox.baseUrl, pageUrl: sandbox.pageUrl, demo: sandbox.demo })}\n`);
    wb = await openWorkbench({
      machineSettings: { 'dingtalk.network.oapiBaseUrl': sandbox.baseUrl, 'dingtalk.network.apiBaseUrl': sandbox.baseUrl },
      env: { DINGTALK_SANDBOX_DEMO: demoFile },
    });
  });
  after(async () => {
    await wb?.close();
    await sandbox?.close();
    if (demoDir) fs.rmSync(demoDir, { recursive: true, force: true });
  });

  it('draws with the mouse and keyboard, keeps undo/redo from VS Code, and survives a window reload', async () => {
    const { page } = wb;
    // An editor with its own undo history: if VS Code took Ctrl+Z from the board, this typing would vanish.
    await openFile(page, 'src/hello.ts');
    await page.keyboard.type('zzz_');
    const editorLines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editorLines.filter({ hasText: 'zzz_' }).waitFor();

    await openDingTalkSidebar(page);
    await giveWhiteboardRoom(page);
    const { frame, canvas, data } = board(page);
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const box = await eventually(() => canvas.boundingBox(), (b) => b !== null && b.width > 150 && b.height > 250, 'the whiteboard to get its room');
    // Positions as fractions of the canvas: the sidebar's height depends on the other DingTalk views.
    const at = (fx: number, fy: number): { x: number; y: number } => ({ x: box!.x + fx * box!.width, y: box!.y + fy * box!.height });

    // A red pen stroke.
    await frame.locator('#tool-pen').click();
    await frame.locator('#color-red').click();
    assert.strictEqual(await frame.locator('#color-red').getAttribute('aria-pressed'), 'true');
    await drag(page, at(0.1, 0.1), at(0.5, 0.25));
    await eventually(() => data('shapes'), (v) => v === '1', 'the stroke');

    // A rectangle, with the tool chosen by its keyboard shortcut.
    await canvas.focus();
    await page.keyboard.press('r');
    assert.strictEqual(await frame.locator('#tool-rect').getAttribute('aria-pressed'), 'true');
    await drag(page, at(0.12, 0.35), at(0.55, 0.6), 6);
    await eventually(() => data('shapes'), (v) => v === '2', 'the rectangle');

    // Text typed through an input method: a composition first, then the committed Chinese characters.
    await frame.locator('#tool-text').click();
    const textAt = at(0.15, 0.72);
    await page.mouse.click(textAt.x, textAt.y);
    const editor = frame.locator('textarea.text-editor');
    await editor.waitFor({ state: 'visible' });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'ni hao', selectionStart: 6, selectionEnd: 6 });
    assert.strictEqual(await editor.inputValue(), 'ni hao', 'the composition shows in the text box');
    await cdp.send('Input.insertText', { text: '你好' }); // the IME commits the chosen characters
    await cdp.detach();
    await page.keyboard.type(' board');
    assert.strictEqual(await editor.inputValue(), '你好 board');
    await page.keyboard.press('Control+Enter');
    await eventually(() => data('shapes'), (v) => v === '3', 'the text');

    // Undo and redo stay on the board; the editor's own history is untouched.
    await canvas.focus();
    await page.keyboard.press('Control+Z');
    await eventually(() => data('shapes'), (v) => v === '2', 'undo of the text');
    await page.keyboard.press('Control+Z');
    await eventually(() => data('shapes'), (v) => v === '1', 'undo of the rectangle');
    await page.keyboard.press('Control+Shift+Z');
    await eventually(() => data('shapes'), (v) => v === '2', 'redo (Ctrl+Shift+Z)');
    await page.keyboard.press('Control+Y');
    await eventually(() => data('shapes'), (v) => v === '3', 'redo (Ctrl+Y)');
    assert.ok((await editorLines.innerText()).includes('zzz_'), 'VS Code did not undo the editor');
    await frame.locator('#undo').click();
    await frame.locator('#redo').click();
    await eventually(() => data('shapes'), (v) => v === '3', 'undo and redo from the toolbar');

    // Reload the window once the host has the last revision in workspace storage: the board is intact.
    const rev = await data('rev');
    await eventually(() => data('saved-rev'), (v) => v === rev, 'the board to be saved');
    const bounds = await data('bounds');
    await page.screenshot({ path: screenshotPath('whiteboard-drawing.png') });
    await runFromPalette(page, 'Developer: Reload Window');
    await page.waitForLoadState('domcontentloaded');
    await waitForWorkbench(page);
    await openDingTalkSidebar(page);
    const after = board(page);
    await after.frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    assert.strictEqual(await after.data('shapes'), '3');
    assert.strictEqual(await after.data('bounds'), bounds);
  });

  it('pans and zooms with the wheel, Ctrl+wheel, a two-finger pinch and space-drag, and fits the content', async () => {
    const { page } = wb;
    const { frame, canvas, data } = board(page);
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const view = async (): Promise<number[]> => ((await data('view')) ?? '').split(',').map(Number);
    const box = (await canvas.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    const [x0, y0, z0] = await view();

    await page.mouse.wheel(0, 120);
    const [x1, y1] = await eventually(view, (v) => v[1] !== y0, 'the wheel to scroll');
    assert.ok(Math.abs(y1 - (y0 + 120 / z0)) < 0.01 && x1 === x0, `scrolled by 120 px: ${[x1, y1]}`);

    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    const [, , z1] = await eventually(view, (v) => v[2] > z0, 'Ctrl+wheel to zoom in');

    // Two fingers moving apart: a pinch zooms in further (touch pointers, as on a touch screen or tablet).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 2 });
    const fingers = (d: number) => [
      { x: centre.x - d, y: centre.y, id: 0 },
      { x: centre.x + d, y: centre.y, id: 1 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
    for (let d = 25; d <= 60; d += 5) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    await cdp.detach();
    const [, , z2] = await eventually(view, (v) => v[2] > z1 * 2, 'the pinch to zoom in about threefold');

    // Space + drag pans and draws nothing.
    const shapes = await data('shapes');
    await canvas.focus();
    await page.keyboard.down('Space');
    await drag(page, centre, { x: centre.x + 60, y: centre.y + 40 }, 5);
    await page.keyboard.up('Space');
    const [x3, , z3] = await eventually(view, (v) => v[0] !== x1, 'space-drag to pan');
    assert.strictEqual(z3, z2);
    assert.strictEqual(await data('shapes'), shapes, 'space-drag drew nothing');

    // Fit to content (toolbar), then back to 100% (the 0 key).
    await frame.locator('#fit').click();
    const [fx, fy, fz] = await eventually(view, (v) => v[0] !== x3, 'fit to content');
    const [bx, by, bw, bh] = (await data('bounds'))!.split(',').map(Number);
    const fitted = (await canvas.boundingBox())!;
    assert.ok(bx >= fx && by >= fy && bx + bw <= fx + fitted.width / fz && by + bh <= fy + fitted.height / fz, 'the whole drawing is in view');
    await canvas.focus();
    await page.keyboard.press('0');
    await eventually(view, (v) => v[2] === 1, 'the 0 key to reset the zoom');
  });

  it('pushes the board to a group as a 2× PNG cropped to the content, and recalls it', async () => {
    const { page } = wb;
    const { frame, data } = board(page);
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const [x, y, w, h] = (await data('bounds'))!.split(',').map(Number);
    const group = sandbox.demo.groups[0];

    await frame.locator('#send').click();
    // The default chat is a custom robot, so the first push asks which chat (app groups can take images).
    await waitForQuickInputStep(page, 'Send the whiteboard to which chat?');
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: `${group.title} (app)` }).first().click();
    const caption = await waitForQuickInputStep(page, 'caption');
    await caption.fill('登录流程 sketch');
    await page.keyboard.press('Enter');
    await notificationToast(page, /Sent the whiteboard to/).waitFor({ timeout: 60_000 });

    const messages = sandbox.state.messages(group.openConversationId);
    assert.deepStrictEqual(messages.map((m) => m.msgtype), ['sampleImageMsg', 'sampleText']);
    assert.deepStrictEqual(messages[1].content, { type: 'text', content: '登录流程 sketch' });
    const bytes = sandbox.state.mediaBytes((messages[0].content as { photoURL: string }).photoURL)!;
    const png = decodePng(bytes);
    const frameRect = exportFrame({ x, y, w, h }, EXPORT_MARGIN);
    assert.deepStrictEqual([png.width, png.height], [frameRect.w * 2, frameRect.h * 2], `content ${w}×${h} at 2× with a ${EXPORT_MARGIN} margin`);
    let red = 0;
    for (let py = 0; py < png.height; py += 2) for (let px = 0; px < png.width; px += 2) if (png.pixel(px, py).slice(0, 3).every((c, i) => Math.abs(c - RED_RGB[i]) < 16)) red++;
    assert.ok(red > 50, `the stroke's colour is in the image (${red} samples)`);
    await page.screenshot({ path: screenshotPath('whiteboard-sent.png') });

    // VS Code shows only a few toasts at a time; clear the earlier ones so the recall's result is visible.
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
    await runFromPalette(page, 'DingTalk: Recall Last Whiteboard Push');
    await eventually(() => sandbox.state.messages(group.openConversationId).length, (n) => n === 0, 'the recall');
    await notificationToast(page, /Recalled the whiteboard/).waitFor();
  });

  it('explains plainly that a custom robot cannot take images, and offers the enterprise app and a PNG file', async () => {
    const { page } = wb;
    const robot = sandbox.demo.customRobots[0];
    const before = sandbox.state.allMessages().length;
    await runFromPalette(page, 'DingTalk: Send Whiteboard to…');
    await waitForQuickInputStep(page, 'Send the whiteboard to which chat?');
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: robot.group }).filter({ hasNotText: '(app)' }).first().click();
    const toast = notificationToast(page, /custom robot/);
    await toast.waitFor();
    const text = await toast.innerText();
    assert.match(text, /can send only text and Markdown, not images/);
    for (const action of ['Set Up Enterprise App', 'Save as PNG…']) assert.ok(await toast.locator('.monaco-button', { hasText: action }).count(), `offers "${action}"`);
    assert.strictEqual(sandbox.state.allMessages().length, before, 'nothing was sent');
    await page.screenshot({ path: screenshotPath('whiteboard-custom-robot.png') });
  });
});

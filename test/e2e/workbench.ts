import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../runner/browser';
import { REPO_ROOT, RunningCodeServer, startCodeServer } from '../runner/codeServer';

/**
 * Opens the real VS Code workbench (code-server) in headless Chromium with the packaged .vsix installed,
 * the way a user would have it. Tests drive it through the UI only.
 */
export interface Workbench {
  readonly page: Page;
  readonly server: RunningCodeServer;
  readonly workspace: string;
  close(): Promise<void>;
}

export const VSIX = path.join(REPO_ROOT, 'dist', 'vscode-dingtalk.vsix');

export async function openWorkbench(
  opts: { userSettings?: Record<string, unknown>; machineSettings?: Record<string, unknown>; env?: Record<string, string>; workspace?: string } = {},
): Promise<Workbench> {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first.`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-e2e-ws-'));
  fs.cpSync(opts.workspace ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const server = await startCodeServer({ workspace, install: [VSIX], userSettings: opts.userSettings, machineSettings: opts.machineSettings, env: opts.env });
  const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  const page = await browser.context.newPage();
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The activity bar is ready once our container's icon is there (contributed by the installed .vsix).
  await page.locator('.activitybar .action-item a[aria-label^="DingTalk"]').waitFor({ timeout: 60_000 });
  return {
    page,
    server,
    workspace,
    close: async () => {
      await browser.close();
      await server.stop();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** Runs a command through the palette, as a user types it: F1, then `>Category: Title`, then Enter. */
export async function runFromPalette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label.split(': ').pop() as string }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The DOM of the sidebar whiteboard webview, reached through its two nested iframes. */
export function whiteboardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export async function openDingTalkSidebar(page: Page): Promise<void> {
  const item = page.locator('.activitybar .action-item a[aria-label^="DingTalk"]');
  const container = page.locator('.sidebar .composite.title', { hasText: /DingTalk/i });
  // The activity bar item toggles the sidebar, and after a reload the workbench restores the sidebar on its own a
  // moment later: a click racing that restore closes it again. So click, then check, and click again if needed.
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await container.isVisible().catch(() => false)) return;
    await item.click();
    try {
      await container.waitFor({ timeout: 5_000 });
      return;
    } catch {
      // toggled closed by a concurrent restore: go round again
    }
  }
  await container.waitFor();
}

export function screenshotPath(name: string): string {
  const dir = path.join(REPO_ROOT, 'docs', 'images');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** Waits until the workbench at `page` shows the DingTalk activity-bar item (the .vsix is loaded). */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar .action-item a[aria-label^="DingTalk"]').waitFor({ timeout: 60_000 });
}

/** The quick input (palette, QuickPick or InputBox), once it is visible. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/**
 * Waits for the quick input to show `text` (in its title, prompt/message or placeholder) and returns its text box.
 * Use it to wait for each step of a multi-step flow before typing.
 */
export async function waitForQuickInputStep(page: Page, text: string | RegExp): Promise<Locator> {
  const widget = quickInput(page);
  const input = widget.locator('input.input');
  const matches = (value: string | null): boolean => (value ? (typeof text === 'string' ? value.includes(text) : text.test(value)) : false);
  await widget.waitFor({ state: 'visible' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const visibleText = (await widget.innerText().catch(() => '')) || '';
    const placeholder = await input.getAttribute('placeholder').catch(() => null);
    if (matches(visibleText) || matches(placeholder)) return input;
    if (Date.now() > deadline) throw new Error(`the quick input never showed ${String(text)}; it shows: ${JSON.stringify(visibleText)} (placeholder ${JSON.stringify(placeholder)})`);
    await page.waitForTimeout(100);
  }
}

/** Picks the QuickPick row whose label contains `label` (waits for it, then clicks it). */
export async function pickQuickInputRow(page: Page, label: string | RegExp): Promise<void> {
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor();
  await row.click();
}

/** Opens a workspace file with Quick Open (Ctrl+P, its path, Enter); resolves when its editor tab is active. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = quickInput(page).locator('input.input');
  await input.waitFor();
  await input.fill(relativePath);
  const fileName = path.posix.basename(relativePath);
  await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
}

/**
 * Selects whole lines `from`..`to` (1-based, inclusive) of the active editor with the keyboard, as a user would:
 * Go to Line (Ctrl+G), then Shift+Down and Shift+End. Resolves once the status bar shows the selection.
 */
export async function selectLines(page: Page, from: number, to: number): Promise<void> {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  const input = await waitForQuickInputStep(page, /line/i);
  await input.fill(`:${from}`);
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden' });
  await page.keyboard.press('Home');
  await page.keyboard.press('Home'); // twice: the first may stop at the indentation
  for (let line = from; line < to; line++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await page.locator('.statusbar-item', { hasText: /\(\d+ selected\)/ }).waitFor();
}

/**
 * Right-clicks near the start of line `line` (1-based) of the active editor — a line inside the selection, so the
 * selection stays — and returns the open context menu.
 */
export async function openEditorContextMenu(page: Page, line: number): Promise<Locator> {
  const editor = page.locator('.editor-group-container.active .monaco-editor');
  const number = editor.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^\\s*${line}\\s*$`) });
  await number.waitFor();
  const row = await number.boundingBox();
  const text = await editor.locator('.view-lines').boundingBox();
  if (!row || !text) throw new Error(`line ${line} is not on screen`);
  await page.mouse.click(text.x + 12, row.y + row.height / 2, { button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor();
  return menu;
}

/** The context menu's item with this label (as shown, e.g. "Send Selection"). */
export function contextMenuItem(page: Page, label: string): Locator {
  return page.locator('.context-view .monaco-menu .action-item', { has: page.locator('.action-label', { hasText: label }) }).first();
}

/**
 * Clicks the open context menu's item `label` as a user does: point at it (it highlights), click, and wait for the
 * menu to close. A click that lands while the menu is still settling is ignored by the workbench, hence the hover.
 */
export async function clickContextMenuItem(page: Page, label: string): Promise<void> {
  const item = contextMenuItem(page, label);
  await item.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { has: page.locator('.action-label', { hasText: label }) }).waitFor();
  await item.click();
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
}

/** A notification toast containing `text`. */
export function notificationToast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notification-toast', { hasText: text });
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
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

export async function openWorkbench(opts: { userSettings?: Record<string, unknown>; env?: Record<string, string>; workspace?: string } = {}): Promise<Workbench> {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first.`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-e2e-ws-'));
  fs.cpSync(opts.workspace ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const server = await startCodeServer({ workspace, install: [VSIX], userSettings: opts.userSettings, env: opts.env });
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
  if (!(await container.isVisible().catch(() => false))) await item.click();
  await container.waitFor();
}

export function screenshotPath(name: string): string {
  const dir = path.join(REPO_ROOT, 'docs', 'images');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

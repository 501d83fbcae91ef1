import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Module = require('module');
import type { BrowserContext, Page } from 'playwright-core';
import { Shape, normalizeShape } from '../../../src/shared/board/shapes';
import { WEBVIEW_STRING_KEYS, WebviewStrings } from '../../../src/shared/protocol';
import { WhiteboardPage, buildWebviewBundle, serveWhiteboardPage } from '../../bench/whiteboardPage';
import { launchBrowser } from '../../runner/browser';
import { REPO_ROOT } from '../../runner/codeServer';

/**
 * Keyboard access to the whiteboard, in headless Chromium on the real webview bundle (built as
 * test/bench/whiteboardPage.ts builds it) with the host's real strings (src/host/whiteboardStrings.ts, run here
 * with a stand-in for vscode.l10n.t that, like VS Code's, leaves {n} alone when given no arguments).
 */

// The page-side callbacks run in Chromium; this tsconfig has Node's types only, so name the bits they use.
declare const window: unknown;
declare const document: { activeElement: { id: string } | null };
interface ProbeWindow {
  dingtalkWhiteboard: {
    selection: { current: Set<string>; set(ids: string[]): void };
    session: { doc: { all(): Shape[] } };
    renderer: { setViewport(v: { x: number; y: number; zoom: number }): void };
  };
}

/** whiteboardStrings() with `vscode` replaced by a stand-in whose l10n.t looks messages up in `translations`. */
async function hostStrings(translations: Record<string, string> = {}): Promise<WebviewStrings> {
  const fake = {
    l10n: {
      t: (message: string, ...args: unknown[]): string => {
        const s = translations[message] ?? message;
        return args.length ? s.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m)) : s;
      },
    },
  };
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fake : load.call(this, request, ...rest);
  };
  try {
    const file = path.join(REPO_ROOT, 'out', 'src', 'host', 'whiteboardStrings.js');
    delete require.cache[file];
    const mod = await import(file);
    return (mod as typeof import('../../../src/host/whiteboardStrings')).whiteboardStrings();
  } finally {
    loader._load = load;
  }
}

const RECT = normalizeShape({ id: 'a-rect', type: 'rect', color: 'ink', width: 2, x: 0, y: 0, w: 100, h: 60 });
const TEXT = normalizeShape({ id: 'b-text', type: 'text', color: 'ink', x: 200, y: 10, w: 50, h: 29, size: 22, font: 'sans', text: 'hello' });
const FAR = normalizeShape({ id: 'c-far', type: 'ellipse', color: 'ink', width: 2, x: 3000, y: 2000, w: 80, h: 50 });
const SHAPES: Shape[] = [RECT, TEXT, FAR];

describe('whiteboard keyboard access (headless Chromium)', function () {
  this.timeout(120_000);
  let bundle: string;
  let strings: WebviewStrings;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const servers: WhiteboardPage[] = [];

  before(async () => {
    [bundle, strings, browser] = await Promise.all([buildWebviewBundle(), hostStrings(), launchBrowser({ viewport: { width: 1000, height: 700 } })]);
  });
  after(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  async function open(shapes: Shape[], opts: { mac?: boolean; strings?: WebviewStrings } = {}): Promise<Page> {
    const served = await serveWhiteboardPage(bundle, opts.strings ?? strings, { id: 'kb', name: 'Keyboard', rev: 0, shapes });
    servers.push(served);
    const page = await browser.context.newPage();
    if (opts.mac) await page.addInitScript({ content: `Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });` });
    await page.goto(served.url);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  const focused = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);
  const selected = (page: Page): Promise<string[]> => page.evaluate(() => [...(window as ProbeWindow).dingtalkWhiteboard.selection.current]);
  const shapes = (page: Page): Promise<Shape[]> => page.evaluate(() => (window as ProbeWindow).dingtalkWhiteboard.session.doc.all());
  const view = async (page: Page): Promise<{ x: number; y: number; zoom: number }> => {
    const [x, y, zoom] = (await page.locator('#board').getAttribute('data-view'))!.split(',').map(Number);
    return { x, y, zoom };
  };

  it('Enter with the Text tool opens the text box in the middle of the view; IME input and Ctrl+Enter make the text', async () => {
    const page = await open([]);
    try {
      const canvas = page.locator('#board');
      await canvas.focus();
      await page.keyboard.press('t');
      await page.keyboard.press('Enter');
      const editor = page.locator('textarea.text-editor');
      await editor.waitFor({ state: 'visible' });
      assert.strictEqual(await focused(page), '', 'the text box has the focus (it has no id)');
      assert.strictEqual(await page.evaluate(() => (document.activeElement as unknown as { tagName: string }).tagName), 'TEXTAREA');
      assert.strictEqual(await editor.inputValue(), '', 'the Enter that opened the box typed nothing into it');
      const c = (await canvas.boundingBox())!;
      const e = (await editor.boundingBox())!;
      assert.ok(Math.abs(e.x + e.width / 2 - (c.x + c.width / 2)) < 2, `box centred horizontally: ${JSON.stringify({ c, e })}`);
      assert.ok(Math.abs(e.y + e.height / 2 - (c.y + c.height / 2)) < 2, `box centred vertically: ${JSON.stringify({ c, e })}`);

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.imeSetComposition', { text: 'ni hao', selectionStart: 6, selectionEnd: 6 });
      assert.strictEqual(await editor.inputValue(), 'ni hao', 'the composition shows in the text box');
      await cdp.send('Input.insertText', { text: '你好' });
      await cdp.detach();
      await page.keyboard.type(' board');
      await page.keyboard.press('Control+Enter');
      await editor.waitFor({ state: 'hidden' });
      const made = await shapes(page);
      assert.deepStrictEqual(made.map((s) => s.type === 'text' && s.text), ['你好 board']);
      assert.strictEqual(await focused(page), 'board', 'focus is back on the canvas');
    } finally {
      await page.close();
    }
  });

  it('Tab / Shift+Tab with the Select tool step through the shapes in z-order, wrap, and bring off-screen ones into view', async () => {
    const page = await open(SHAPES);
    try {
      await page.evaluate(() => (window as ProbeWindow).dingtalkWhiteboard.renderer.setViewport({ x: -50, y: -50, zoom: 1 }));
      const canvas = page.locator('#board');
      await canvas.focus();
      await page.keyboard.press('v');
      const before = await view(page);

      await page.keyboard.press('Tab');
      assert.deepStrictEqual(await selected(page), [RECT.id]);
      await page.keyboard.press('Tab');
      assert.deepStrictEqual(await selected(page), [TEXT.id]);
      assert.deepStrictEqual(await view(page), before, 'shapes already on screen do not move the view');
      await page.keyboard.press('Tab');
      assert.deepStrictEqual(await selected(page), [FAR.id]);
      const v = await view(page);
      const c = (await canvas.boundingBox())!;
      assert.ok(
        FAR.x >= v.x && FAR.y >= v.y && FAR.x + FAR.w <= v.x + c.width / v.zoom && FAR.y + FAR.h <= v.y + c.height / v.zoom,
        `the far shape is on screen: view ${JSON.stringify(v)} over ${c.width}×${c.height}`,
      );
      await page.keyboard.press('Tab');
      assert.deepStrictEqual(await selected(page), [RECT.id], 'Tab wraps from the top shape to the bottom one');
      await page.keyboard.press('Shift+Tab');
      assert.deepStrictEqual(await selected(page), [FAR.id], 'Shift+Tab wraps the other way');
      await page.keyboard.press('Shift+Tab');
      assert.deepStrictEqual(await selected(page), [TEXT.id]);
      assert.strictEqual(await focused(page), 'board', 'focus stays on the canvas while stepping');
      assert.strictEqual(await canvas.getAttribute('data-selected'), '1');

      await page.keyboard.press('Escape');
      assert.deepStrictEqual(await selected(page), [], 'Escape clears the selection');
      await page.keyboard.press('Tab');
      assert.notStrictEqual(await focused(page), 'board', 'after Escape, Tab leaves the canvas');
      assert.deepStrictEqual(await selected(page), []);

      await canvas.focus();
      await page.keyboard.press('Shift+Tab');
      assert.deepStrictEqual(await selected(page), [FAR.id], 'coming back to the canvas, Tab steps through the shapes again');
    } finally {
      await page.close();
    }
  });

  it('Tab leaves the canvas on an empty board, with another tool, and is not taken when a toolbar button has the focus', async () => {
    const empty = await open([]);
    try {
      await empty.locator('#board').focus();
      await empty.keyboard.press('v');
      await empty.keyboard.press('Shift+Tab');
      assert.strictEqual(await focused(empty), 'tool-select', 'Shift+Tab goes back to the toolbar (its one Tab stop)');
      await empty.keyboard.press('Tab');
      assert.strictEqual(await focused(empty), 'board');
      await empty.keyboard.press('Tab');
      assert.notStrictEqual(await focused(empty), 'board', 'Tab goes on past the empty canvas');
    } finally {
      await empty.close();
    }
    const page = await open(SHAPES);
    try {
      await page.locator('#board').focus();
      await page.keyboard.press('p');
      await page.keyboard.press('Shift+Tab');
      assert.strictEqual(await focused(page), 'tool-select', 'with the pen, Shift+Tab leaves the canvas');
      await page.keyboard.press('v'); // shortcuts work from the toolbar too
      assert.strictEqual(await page.locator('#tool-select').getAttribute('aria-pressed'), 'true');
      await page.locator('#send').focus();
      await page.keyboard.press('Tab');
      assert.strictEqual(await focused(page), 'board', 'Tab from the toolbar lands on the canvas');
      assert.deepStrictEqual(await selected(page), [], '…without selecting anything');
    } finally {
      await page.close();
    }
  });

  it('Enter on a selected text block edits it; on another shape it does nothing', async () => {
    const page = await open(SHAPES);
    try {
      const canvas = page.locator('#board');
      const editor = page.locator('textarea.text-editor');
      await canvas.focus();
      await page.keyboard.press('v');
      await page.keyboard.press('Tab'); // the rectangle
      await page.keyboard.press('Enter');
      assert.strictEqual(await editor.isVisible(), false, 'no editor for a rectangle');
      assert.strictEqual(await focused(page), 'board');

      await page.keyboard.press('Tab'); // the text
      await page.keyboard.press('Enter');
      await editor.waitFor({ state: 'visible' });
      assert.strictEqual(await editor.inputValue(), 'hello');
      await page.keyboard.press('End');
      await page.keyboard.type(' world');
      await page.keyboard.press('Control+Enter');
      await editor.waitFor({ state: 'hidden' });
      const text = (await shapes(page)).find((s) => s.id === TEXT.id);
      assert.strictEqual(text?.type === 'text' && text.text, 'hello world');
      assert.strictEqual((await shapes(page)).length, SHAPES.length, 'edited in place, nothing added');
      assert.strictEqual(await focused(page), 'board');
    } finally {
      await page.close();
    }
  });

  it('the toolbar is one Tab stop: Left/Right (wrapping), Home and End move between enabled buttons, and it keeps the last one', async () => {
    const page = await open(SHAPES);
    try {
      const buttons = await page.locator('.toolbar button').evaluateAll((els) => els.map((b) => ({ id: b.id, disabled: (b as unknown as { disabled: boolean }).disabled, tabIndex: (b as unknown as { tabIndex: number }).tabIndex })));
      const enabled = buttons.filter((b) => !b.disabled).map((b) => b.id);
      assert.ok(buttons.some((b) => b.disabled), 'undo, redo and delete start disabled');
      assert.deepStrictEqual(buttons.filter((b) => b.tabIndex === 0).map((b) => b.id), [enabled[0]], 'one Tab stop, the first button');

      await page.locator('#board').focus();
      await page.keyboard.press('Shift+Tab');
      assert.strictEqual(await focused(page), enabled[0]);
      await page.keyboard.press('ArrowRight');
      assert.strictEqual(await focused(page), enabled[1]);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      assert.strictEqual(await focused(page), enabled.at(-1), 'Left wraps to the end');
      await page.keyboard.press('Home');
      assert.strictEqual(await focused(page), enabled[0]);
      await page.keyboard.press('End');
      assert.strictEqual(await focused(page), 'send');

      // Disabled buttons are skipped: from the first action after them, Left lands on the last width.
      const clear = enabled.indexOf('clear');
      await page.locator('#clear').focus();
      await page.keyboard.press('ArrowLeft');
      assert.strictEqual(await focused(page), enabled[clear - 1]);
      assert.match(enabled[clear - 1], /^width-/);

      // Arrows in the toolbar move the focus, not a selected shape.
      await page.locator('#board').focus();
      await page.keyboard.press('v');
      await page.evaluate((id) => (window as ProbeWindow).dingtalkWhiteboard.selection.set([id]), RECT.id);
      assert.deepStrictEqual(await selected(page), [RECT.id]);
      await page.locator('#tool-select').focus();
      const before = JSON.stringify(await shapes(page));
      await page.keyboard.press('ArrowRight');
      assert.strictEqual(await focused(page), 'tool-hand');
      assert.strictEqual(JSON.stringify(await shapes(page)), before, 'no shape moved');

      // Tab goes on to the board; Shift+Tab comes back to the button used last (Escape first: with the Select
      // tool, Tab on the board steps through the shapes).
      await page.keyboard.press('Tab');
      assert.strictEqual(await focused(page), 'board');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+Tab');
      assert.strictEqual(await focused(page), 'tool-hand');
    } finally {
      await page.close();
    }
  });

  it('the zoom button is named after what it shows, the action group has its own name, the text hint names the platform key', async () => {
    const page = await open(SHAPES);
    try {
      await page.evaluate(() => (window as ProbeWindow).dingtalkWhiteboard.renderer.setViewport({ x: 0, y: 0, zoom: 1.5 }));
      const zoom = page.locator('#zoom-reset');
      assert.strictEqual(await zoom.textContent(), '150%');
      assert.strictEqual(await zoom.getAttribute('aria-label'), '150% – Reset zoom to 100%');
      await page.locator('#board').focus();
      await page.keyboard.press('0');
      assert.strictEqual(await zoom.getAttribute('aria-label'), '100% – Reset zoom to 100%', 'the name follows the zoom');

      assert.strictEqual(await page.locator('.toolbar').getAttribute('aria-label'), 'Whiteboard toolbar');
      assert.strictEqual(await page.locator('.group.tools').getAttribute('aria-label'), 'Drawing tools');
      assert.strictEqual(await page.locator('.group.actions').getAttribute('aria-label'), 'Edit and view');

      assert.strictEqual(await page.locator('textarea.text-editor').getAttribute('placeholder'), 'Type here; Ctrl+Enter or click outside to finish');
    } finally {
      await page.close();
    }
    const zh = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const mac = await open([], { mac: true, strings: await hostStrings(zh) });
    try {
      assert.strictEqual(await mac.locator('textarea.text-editor').getAttribute('placeholder'), '在此输入；按 ⌘Enter 或点击别处完成');
      assert.strictEqual(await mac.locator('.group.actions').getAttribute('aria-label'), '编辑与视图');
      assert.strictEqual(await mac.locator('.toolbar').getAttribute('aria-label'), '白板工具栏');
      assert.strictEqual(await mac.locator('#zoom-reset').getAttribute('aria-label'), '100% – 缩放重置为 100%');
    } finally {
      await mac.close();
    }
  });
});

describe('whiteboard strings', () => {
  it('the host sends exactly the keys the webview reads, and the webview reads every one', async () => {
    const strings = await hostStrings();
    assert.deepStrictEqual(Object.keys(strings).sort(), [...WEBVIEW_STRING_KEYS].sort());
    const source: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) source.push(fs.readFileSync(p, 'utf8'));
      }
    };
    walk(path.join(REPO_ROOT, 'src', 'webview'));
    const text = source.join('\n');
    const unread = WEBVIEW_STRING_KEYS.filter((k) => !new RegExp(`strings\\.${k}\\b|'${k}'`).test(text));
    assert.deepStrictEqual(unread, [], 'keys the webview never reads');
  });
});

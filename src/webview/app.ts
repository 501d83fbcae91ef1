import { contentBounds, shapeBounds } from '../shared/board/bounds';
import { addShapes, clearBoard, removeShapes, updateShapes } from '../shared/board/edits';
import { Point, Rect, rectContains } from '../shared/board/geometry';
import { newShapeId } from '../shared/board/ids';
import { Shape, TextShape, normalizeShape, restyleShape } from '../shared/board/shapes';
import { CODE_TEXT_SIZE, STROKE_WIDTHS, TEXT_LINE_HEIGHT, TEXT_SIZES, resolveColor } from '../shared/board/style';
import { HOME, Viewport, fitRect, toBoard, visibleRect, zoomAt } from '../shared/board/viewport';
import type { BoardSnapshot, HostToWebview, WebviewStrings, WebviewToHost } from '../shared/protocol';
import { handleBoardKey } from './input/keyboard';
import { PointerInput } from './input/pointerInput';
import { renderPng, renderSvg } from './render/exporter';
import { measureText } from './render/painter';
import { Renderer } from './render/renderer';
import { ScreenTheme, onThemeChange, readTheme } from './render/theme';
import { Selection } from './selection';
import { BoardSession } from './session';
import { EraserTool } from './tools/eraserTool';
import { FreehandTool } from './tools/freehandTool';
import { HandTool } from './tools/handTool';
import { SelectTool } from './tools/selectTool';
import { ShapeTool } from './tools/shapeTool';
import { TextTool } from './tools/textTool';
import { Tool, ToolHost, ToolId } from './tools/tool';
import { TextEditor } from './ui/textEditor';
import { MOD, Toolbar } from './ui/toolbar';
import { ViewState, parseViewState } from './viewState';

/** What the app needs from its surroundings: the real VS Code API in the webview, a stub in the benchmark page. */
export interface AppHost {
  post(message: WebviewToHost): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

function format(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/**
 * The whiteboard page: toolbar, canvas and text editor, wired to the board session. Pointer input (see
 * PointerInput) goes to the current tool or pans and zooms, keys go to the shortcuts, and host requests
 * (render, add text, clear, load) are answered here.
 */
export class WhiteboardApp implements ToolHost {
  readonly session: BoardSession;
  readonly selection: Selection;
  readonly renderer: Renderer;
  private readonly canvas: HTMLCanvasElement;
  private readonly stage: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly status: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly textEditor: TextEditor;
  private readonly tools: Record<ToolId, Tool>;
  private readonly measureCtx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
  private screenTheme: ScreenTheme = readTheme();
  private toolId: ToolId = 'pen';
  private color = 'ink';
  private width: number = STROKE_WIDTHS[1];
  private viewports: Record<string, Viewport> = {};
  private pointer: PointerInput | undefined;
  private spaceHeld = false;
  /** Escape on the canvas lets the next Tab leave it instead of stepping through the shapes (no focus trap). */
  private tabReleased = false;
  private readonly textHint: string;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly strings: WebviewStrings,
    private readonly host: AppHost,
  ) {
    this.session = new BoardSession((m) => host.post(m));
    this.selection = new Selection(this.session.doc);

    this.toolbar = new Toolbar(strings, {
      tool: (id) => this.setTool(id),
      color: (c) => this.setColor(c),
      width: (w) => this.setWidth(w),
      undo: () => this.undo(),
      redo: () => this.redo(),
      clear: () => this.clear(),
      deleteSelection: () => this.deleteSelection(),
      fit: () => this.fit(),
      zoomIn: () => this.zoomBy(1.25),
      zoomOut: () => this.zoomBy(0.8),
      zoomReset: () => this.zoomBy(1 / this.renderer.view.zoom),
      send: () => host.post({ type: 'command', command: 'send' }),
      boards: () => host.post({ type: 'command', command: 'switchBoard' }),
    });
    this.stage = document.createElement('div');
    this.stage.className = 'stage';
    this.canvas = document.createElement('canvas');
    this.canvas.id = 'board';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', strings.canvas);
    this.hint = document.createElement('div');
    this.hint.className = 'hint';
    this.hint.textContent = strings.empty;
    this.status = document.createElement('div');
    this.status.className = 'status';
    this.status.id = 'status';
    this.announcer = document.createElement('div');
    this.announcer.className = 'visually-hidden';
    this.announcer.setAttribute('aria-live', 'polite');
    this.stage.append(this.canvas, this.hint);
    root.replaceChildren(this.toolbar.element, this.stage, this.status, this.announcer);
    this.textHint = format(strings.textPlaceholder, MOD);
    this.textEditor = new TextEditor(this.stage, this.textHint, (text, size, font) => measureText(this.measureCtx, text, size, font));

    this.renderer = new Renderer(this.canvas, this.session.doc, this.screenTheme);
    this.tools = {
      select: new SelectTool(this),
      hand: new HandTool(),
      pen: new FreehandTool(this, 'pen'),
      highlighter: new FreehandTool(this, 'highlighter'),
      line: new ShapeTool(this, 'line'),
      arrow: new ShapeTool(this, 'arrow'),
      rect: new ShapeTool(this, 'rect'),
      ellipse: new ShapeTool(this, 'ellipse'),
      text: new TextTool(this),
      eraser: new EraserTool(this),
    };
    this.renderer.addOverlay((ctx, v) => this.tools[this.toolId].overlay?.(ctx, v));

    this.restoreViewState(host.loadState());
    this.session.onChange(() => this.refreshStatus());
    this.selection.onChange(() => {
      if (this.selection.size) this.tabReleased = false;
      this.refreshStatus();
      this.renderer.requestFrame();
    });
    this.renderer.onViewportChange((v) => {
      this.toolbar.setZoom(v.zoom);
      this.textEditor.reposition(v);
      this.canvas.dataset.view = [v.x, v.y, v.zoom].map((n) => Math.round(n * 1000) / 1000).join(',');
      if (this.session.boardId) this.viewports[this.session.boardId] = v;
      this.saveViewStateSoon();
    });
    new ResizeObserver(() => this.resize()).observe(this.stage);
    onThemeChange(() => {
      this.screenTheme = readTheme();
      this.renderer.setTheme(this.screenTheme);
    });
    this.listen();
    this.setTool(this.toolId, false);
    this.toolbar.setColor(this.color);
    this.toolbar.setWidth(this.width);
    this.toolbar.setZoom(1);
    this.resize();
  }

  // ---- ToolHost ----

  theme(): ScreenTheme {
    return this.screenTheme;
  }

  style(): { color: string; width: number } {
    return { color: this.color, width: this.width };
  }

  pixel(): number {
    return 1 / this.renderer.view.zoom;
  }

  editText(at: Point, existing?: TextShape): void {
    const font = existing?.font ?? 'sans';
    const size = existing?.size ?? TEXT_SIZES[this.width] ?? TEXT_SIZES[4];
    const color = existing?.color ?? this.color;
    if (existing) this.renderer.setHidden([existing.id]);
    this.textEditor.open(
      {
        at: existing ? { x: existing.x, y: existing.y } : at,
        size,
        font,
        color: resolveColor(color, this.screenTheme.ink),
        text: existing?.text,
        done: (text) => {
          if (existing) this.renderer.setHidden([]);
          const doc = this.session.doc;
          if (existing && !doc.has(existing.id)) return;
          if (!text) {
            const op = existing && removeShapes(doc, [existing.id]);
            if (op) this.session.commit([op]);
          } else {
            const shape = this.textShape(text, existing ?? { id: newShapeId(), x: at.x, y: at.y, size, font, color });
            const op = existing ? updateShapes(doc, [shape]) : addShapes(doc, [shape]);
            if (op) this.session.commit([op]);
          }
          this.canvas.focus();
        },
      },
      this.renderer.view,
    );
  }

  // ---- host messages ----

  load(board: BoardSnapshot): void {
    this.textEditor.finish();
    this.tools[this.toolId].cancel();
    this.session.load(board);
    this.selection.clear();
    this.renderer.reset();
    this.toolbar.setBoardName(board.name);
    const saved = this.viewports[board.id];
    if (saved) this.renderer.setViewport(saved);
    else if (board.shapes.length) this.fit();
    else this.renderer.setViewport(HOME);
    this.refreshStatus();
  }

  async handle(msg: HostToWebview): Promise<void> {
    switch (msg.type) {
      case 'init':
      case 'loadBoard':
        this.load(msg.board);
        return;
      case 'requestSnapshot':
        if (msg.boardId === this.session.boardId) this.session.sendSnapshot();
        return;
      case 'clear':
        this.clear();
        this.host.post({ type: 'done', requestId: msg.requestId });
        return;
      case 'addText':
        this.addTextBlock(msg.text, msg.font);
        this.host.post({ type: 'done', requestId: msg.requestId });
        return;
      case 'render':
        await this.render(msg.requestId, msg.format, msg.pixelRatio, msg.margin);
        return;
      case 'saved':
        // Which revision is safely in workspace storage (tests wait for it before reloading the window).
        if (msg.boardId === this.session.boardId) this.canvas.dataset.savedRev = String(msg.rev);
        return;
    }
  }

  // ---- actions ----

  private setTool(id: ToolId, announce = true): void {
    this.textEditor.finish();
    this.tools[this.toolId].cancel();
    if (id !== 'select' && this.toolId === 'select') this.selection.clear();
    this.toolId = id;
    this.toolbar.setTool(id);
    this.canvas.style.cursor = this.tools[id].cursor;
    this.canvas.dataset.tool = id;
    if (announce) this.announce(this.toolbar.element.querySelector(`#tool-${id}`)?.getAttribute('aria-label') ?? id);
    this.saveViewStateSoon();
  }

  /** A palette colour: the next shapes use it, and a selection is recoloured (one undoable step). */
  private setColor(color: string): void {
    this.color = color;
    this.toolbar.setColor(color);
    this.restyleSelection({ color });
    this.saveViewStateSoon();
  }

  private setWidth(width: number): void {
    this.width = width;
    this.toolbar.setWidth(width);
    this.restyleSelection({ width });
    this.saveViewStateSoon();
  }

  private restyleSelection(style: { color?: string; width?: number }): void {
    if (!this.selection.size) return;
    const op = updateShapes(this.session.doc, this.selection.shapes().map((s) => restyleShape(s, style)));
    if (op) this.session.commit([op]);
  }

  private undo(): void {
    this.tools[this.toolId].cancel();
    this.announce(this.session.undo() ? this.strings.undone : this.strings.nothingToUndo);
  }

  private redo(): void {
    this.tools[this.toolId].cancel();
    this.announce(this.session.redo() ? this.strings.redone : this.strings.nothingToRedo);
  }

  private clear(): void {
    this.textEditor.finish();
    this.tools[this.toolId].cancel();
    const op = clearBoard(this.session.doc);
    if (op && this.session.commit([op])) this.announce(this.strings.cleared);
  }

  private deleteSelection(): void {
    const op = removeShapes(this.session.doc, this.selection.current);
    if (op) this.session.commit([op]);
  }

  private fit(): void {
    const bounds = contentBounds(this.session.doc.all());
    const { width, height } = this.renderer.size;
    this.renderer.setViewport(bounds ? fitRect(bounds, width, height, 24, 1) : HOME);
  }

  private zoomBy(factor: number): void {
    const { width, height } = this.renderer.size;
    this.renderer.setViewport(zoomAt(this.renderer.view, { x: width / 2, y: height / 2 }, factor));
  }

  /** A text block from the host ("Add Selection to Whiteboard"): centred in view, then selected. */
  private addTextBlock(text: string, font: 'sans' | 'mono'): void {
    this.textEditor.finish();
    const v = this.renderer.view;
    const { width, height } = this.renderer.size;
    const size = font === 'mono' ? CODE_TEXT_SIZE : (TEXT_SIZES[this.width] ?? TEXT_SIZES[4]);
    const draft = this.textShape(text, { id: newShapeId(), x: 0, y: 0, size, font, color: 'ink' });
    const centre = toBoard(v, { x: width / 2, y: height / 2 });
    const x = Math.max(v.x + 16 / v.zoom, centre.x - draft.w / 2);
    const y = Math.max(v.y + 16 / v.zoom, centre.y - draft.h / 2);
    const shape = normalizeShape({ ...draft, x, y });
    if (!this.session.commit([addShapes(this.session.doc, [shape])])) return;
    this.setTool('select', false);
    this.selection.set([shape.id]);
  }

  private async render(requestId: number, format: 'png' | 'svg', pixelRatio: number, margin: number): Promise<void> {
    const selectionOnly = this.selection.size > 0;
    const shapes: readonly Shape[] = selectionOnly ? this.selection.shapes() : this.session.doc.all();
    try {
      if (format === 'svg') {
        const svg = renderSvg(shapes, margin);
        this.host.post({ type: 'rendered', requestId, result: svg ? { ok: true, format: 'svg', ...svg, shapes: shapes.length, selectionOnly } : { ok: false, reason: 'empty' } });
        return;
      }
      const png = await renderPng(shapes, pixelRatio, margin);
      this.host.post({ type: 'rendered', requestId, result: png ? { ok: true, format: 'png', ...png, shapes: shapes.length, selectionOnly } : { ok: false, reason: 'empty' } });
    } catch (err) {
      this.host.post({ type: 'rendered', requestId, result: { ok: false, reason: 'failed', detail: (err as Error).message } });
    }
  }

  private textShape(text: string, base: Pick<TextShape, 'id' | 'x' | 'y' | 'size' | 'font' | 'color'>): TextShape {
    const { w, h } = measureText(this.measureCtx, text, base.size, base.font);
    return normalizeShape({ id: base.id, type: 'text', color: base.color, x: base.x, y: base.y, w, h, size: base.size, font: base.font, text });
  }

  // ---- input ----

  private listen(): void {
    const c = this.canvas;
    this.pointer = new PointerInput({
      canvas: c,
      renderer: this.renderer,
      tool: () => this.tools[this.toolId],
      panning: () => this.spaceHeld || this.toolId === 'hand',
      spaceHeld: () => this.spaceHeld,
      willStart: () => {
        c.focus({ preventScroll: true });
        if (this.textEditor.active) this.textEditor.finish();
      },
    });
    c.addEventListener('dblclick', (e) => {
      if (this.toolId !== 'select') return;
      const p = this.boardPoint(e);
      const hit = this.session.doc.query({ x: p.x - 1, y: p.y - 1, w: 2, h: 2 }).reverse().find((s): s is TextShape => s.type === 'text');
      this.editText(p, hit);
    });
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    c.addEventListener('focus', () => {
      this.tabReleased = false;
    });
    document.addEventListener('keydown', (e) => this.keyDown(e));
    document.addEventListener('keyup', (e) => {
      if (e.key === ' ' && this.spaceHeld) {
        this.spaceHeld = false;
        this.canvas.style.cursor = this.tools[this.toolId].cursor;
        e.stopPropagation();
      }
    });
  }

  private boardPoint(e: { clientX: number; clientY: number }): Point {
    const r = this.canvas.getBoundingClientRect();
    return toBoard(this.renderer.view, { x: e.clientX - r.left, y: e.clientY - r.top });
  }

  private keyDown(e: KeyboardEvent): void {
    if (e.target === this.textEditor.element) return; // the editor handles its own keys
    const handled = handleBoardKey(e, {
      undo: () => this.undo(),
      redo: () => this.redo(),
      selectAll: () => {
        this.setTool('select', false);
        this.selection.set(this.session.doc.all().map((s) => s.id));
      },
      deleteSelection: () => this.deleteSelection(),
      escape: () => {
        this.tools[this.toolId].cancel();
        this.selection.clear();
        if (e.target === this.canvas) this.tabReleased = true;
      },
      tool: (id) => this.setTool(id),
      color: (c) => this.setColor(c),
      fit: () => this.fit(),
      zoomIn: () => this.zoomBy(1.25),
      zoomOut: () => this.zoomBy(0.8),
      zoomReset: () => this.zoomBy(1 / this.renderer.view.zoom),
      nudge: (dx, dy) => {
        if (this.toolId !== 'select' || !this.selection.size) return false;
        (this.tools.select as SelectTool).nudge(dx, dy);
        return true;
      },
      space: () => {
        this.spaceHeld = true;
        if (!this.pointer?.busy) this.canvas.style.cursor = 'grab';
      },
      tab: (backward) => e.target === this.canvas && this.cycleSelection(backward),
      enter: () => e.target === this.canvas && this.openTextFromKeyboard(),
    });
    if (handled) {
      // Handled here, so it must not also reach VS Code (see input/keys.ts for why stopping propagation works).
      e.preventDefault();
      e.stopPropagation();
    }
  }

  /**
   * Tab / Shift+Tab with the Select tool: selects the next / previous shape in z-order (wrapping around) and
   * brings it into view. Declines (so focus moves on) with another tool, on an empty board, or after Escape.
   */
  private cycleSelection(backward: boolean): boolean {
    const shapes = this.session.doc.all();
    if (this.toolId !== 'select' || this.tabReleased || shapes.length === 0) return false;
    this.tools.select.cancel();
    const n = shapes.length;
    let first = -1;
    let last = -1;
    shapes.forEach((s, i) => {
      if (!this.selection.has(s.id)) return;
      if (first < 0) first = i;
      last = i;
    });
    const next = first < 0 ? (backward ? n - 1 : 0) : backward ? (first - 1 + n) % n : (last + 1) % n;
    this.selection.set([shapes[next].id]);
    this.reveal(shapeBounds(shapes[next]));
    return true;
  }

  /**
   * Enter on the canvas: with the Text tool, a new text box in the middle of the view (what a click does where
   * it lands); with the Select tool and one text block selected, edits it (what a double-click does).
   */
  private openTextFromKeyboard(): boolean {
    if (this.toolId === 'text') {
      const v = this.renderer.view;
      const { width, height } = this.renderer.size;
      const size = TEXT_SIZES[this.width] ?? TEXT_SIZES[4];
      // The empty box is as wide as its hint (see TextEditor); centre it, keeping its left edge on screen.
      const box = measureText(this.measureCtx, this.textHint, size, 'sans');
      const centre = toBoard(v, { x: width / 2, y: height / 2 });
      const x = Math.max(v.x + 16 / v.zoom, centre.x - Math.max(box.w + size, 4 * size) / 2);
      this.editText({ x, y: centre.y - (size * TEXT_LINE_HEIGHT) / 2 });
      return true;
    }
    const [shape] = this.selection.shapes();
    if (this.toolId !== 'select' || this.selection.size !== 1 || shape?.type !== 'text') return false;
    this.reveal(shapeBounds(shape));
    this.editText({ x: shape.x, y: shape.y }, shape);
    return true;
  }

  // ---- view ----

  /** Pans (zooming out only if it must) so that all of `bounds` is on screen; does nothing if it already is. */
  private reveal(bounds: Rect): void {
    const v = this.renderer.view;
    const { width, height } = this.renderer.size;
    if (rectContains(visibleRect(v, width, height), bounds)) return;
    this.renderer.setViewport(fitRect(bounds, width, height, 24, v.zoom));
  }

  private resize(): void {
    const r = this.stage.getBoundingClientRect();
    this.renderer.resize(r.width, r.height, window.devicePixelRatio || 1);
    this.textEditor.reposition(this.renderer.view);
  }

  private refreshStatus(): void {
    const doc = this.session.doc;
    const parts = [format(this.strings.statusShapes, doc.size)];
    if (this.selection.size) parts.push(format(this.strings.statusSelected, this.selection.size));
    this.status.textContent = parts.join(' · ');
    this.hint.hidden = doc.size > 0;
    this.toolbar.setHistory(this.session.history.canUndo, this.session.history.canRedo);
    this.toolbar.setSelection(this.selection.size);
    // Machine-readable state for tests and assistive tooling: counts and the content's bounds.
    const bounds = contentBounds(doc.all());
    this.canvas.dataset.shapes = String(doc.size);
    this.canvas.dataset.selected = String(this.selection.size);
    this.canvas.dataset.bounds = bounds ? [bounds.x, bounds.y, bounds.w, bounds.h].map((n) => Math.round(n * 100) / 100).join(',') : '';
    this.canvas.dataset.rev = String(this.session.revision);
  }

  private announce(message: string): void {
    this.announcer.textContent = message;
  }

  private restoreViewState(raw: unknown): void {
    const state = parseViewState(raw);
    if (!state) return;
    this.toolId = state.tool;
    this.color = state.color;
    this.width = state.width;
    this.viewports = { ...state.viewports };
  }

  private saveViewStateSoon(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const state: ViewState = { tool: this.toolId, color: this.color, width: this.width, viewports: this.viewports };
      this.host.saveState(state);
    }, 300);
  }
}


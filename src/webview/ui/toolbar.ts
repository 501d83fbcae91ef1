import { PALETTE, STROKE_WIDTHS } from '../../shared/board/style';
import type { WebviewStringKey, WebviewStrings } from '../../shared/protocol';
import { TOOL_IDS, ToolId } from '../tools/tool';
import { icon } from './icons';

export interface ToolbarActions {
  tool(id: ToolId): void;
  color(color: string): void;
  width(width: number): void;
  undo(): void;
  redo(): void;
  clear(): void;
  deleteSelection(): void;
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  send(): void;
  boards(): void;
}

/** Single-key shortcuts of the tools (shown in tooltips; the keyboard module handles them). */
export const TOOL_KEYS: Readonly<Record<ToolId, string>> = {
  select: 'V', hand: 'H', pen: 'P', highlighter: 'M', line: 'L', arrow: 'A', rect: 'R', ellipse: 'O', text: 'T', eraser: 'E',
};

const TOOL_LABELS: Readonly<Record<ToolId, WebviewStringKey>> = {
  select: 'toolSelect', hand: 'toolHand', pen: 'toolPen', highlighter: 'toolHighlighter', line: 'toolLine',
  arrow: 'toolArrow', rect: 'toolRect', ellipse: 'toolEllipse', text: 'toolText', eraser: 'toolEraser',
};

const COLOR_LABELS: Readonly<Record<string, WebviewStringKey>> = {
  ink: 'colorInk', red: 'colorRed', orange: 'colorOrange', yellow: 'colorYellow', green: 'colorGreen', blue: 'colorBlue', violet: 'colorViolet',
};

const WIDTH_LABELS: readonly WebviewStringKey[] = ['widthThin', 'widthMedium', 'widthBold'];

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
/** The shortcut modifier as key labels show it, ready to prefix a key: "Ctrl+" or "⌘" on macOS. */
export const MOD = isMac ? '⌘' : 'Ctrl+';

/**
 * The board's toolbar: tools, colours, widths and actions. Every button has an accessible name and a tooltip
 * with its shortcut; toggles expose their state with aria-pressed.
 */
export class Toolbar {
  readonly element: HTMLElement;
  readonly boardButton: HTMLButtonElement;
  private readonly tools = new Map<ToolId, HTMLButtonElement>();
  private readonly colors = new Map<string, HTMLButtonElement>();
  private readonly widths = new Map<number, HTMLButtonElement>();
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly deleteButton: HTMLButtonElement;
  private readonly zoomLabel: HTMLButtonElement;
  /** The one button Tab stops at (roving tabindex); the others are reached with the arrow keys. */
  private tabStop: HTMLButtonElement | undefined;

  constructor(private readonly strings: WebviewStrings, actions: ToolbarActions) {
    this.element = document.createElement('div');
    this.element.className = 'toolbar';
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', strings.toolbar);

    const toolGroup = this.group(strings.tools, 'tools');
    for (const id of TOOL_IDS) {
      const b = this.button(`tool-${id}`, id, `${strings[TOOL_LABELS[id]]} (${TOOL_KEYS[id]})`, strings[TOOL_LABELS[id]], () => actions.tool(id));
      b.setAttribute('aria-pressed', 'false');
      this.tools.set(id, b);
      toolGroup.append(b);
    }

    const colorGroup = this.group(strings.colors, 'colors');
    PALETTE.forEach((entry, i) => {
      const label = strings[COLOR_LABELS[entry.key]];
      const b = this.button(`color-${entry.key}`, undefined, `${label} (${i + 1})`, label, () => actions.color(entry.color));
      b.classList.add('swatch', `swatch-${entry.key}`);
      const dot = document.createElement('span');
      dot.className = 'dot';
      if (entry.color !== 'ink') dot.style.background = entry.color; // script-set styles are allowed by the CSP
      b.append(dot);
      b.setAttribute('aria-pressed', 'false');
      this.colors.set(entry.color, b);
      colorGroup.append(b);
    });

    const widthGroup = this.group(strings.widths, 'widths');
    STROKE_WIDTHS.forEach((w, i) => {
      const label = strings[WIDTH_LABELS[i]];
      const b = this.button(`width-${w}`, undefined, label, label, () => actions.width(w));
      b.classList.add('width');
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.height = `${Math.max(1, w / 1.5)}px`;
      b.append(bar);
      b.setAttribute('aria-pressed', 'false');
      this.widths.set(w, b);
      widthGroup.append(b);
    });

    const actionGroup = this.group(strings.actions, 'actions');
    this.undoButton = this.button('undo', 'undo', `${strings.undo} (${MOD}Z)`, strings.undo, actions.undo);
    this.redoButton = this.button('redo', 'redo', `${strings.redo} (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z / Ctrl+Y'})`, strings.redo, actions.redo);
    this.deleteButton = this.button('delete', 'deleteSelection', `${strings.deleteSelection} (Delete)`, strings.deleteSelection, actions.deleteSelection);
    const clear = this.button('clear', 'clear', strings.clear, strings.clear, actions.clear);
    const fit = this.button('fit', 'fit', `${strings.fit} (Shift+1)`, strings.fit, actions.fit);
    const zoomOut = this.button('zoom-out', 'zoomOut', `${strings.zoomOut} (-)`, strings.zoomOut, actions.zoomOut);
    this.zoomLabel = this.button('zoom-reset', undefined, `${strings.zoomReset} (0)`, strings.zoomReset, actions.zoomReset);
    this.zoomLabel.classList.add('zoom');
    const zoomIn = this.button('zoom-in', 'zoomIn', `${strings.zoomIn} (+)`, strings.zoomIn, actions.zoomIn);
    actionGroup.append(this.undoButton, this.redoButton, this.deleteButton, clear, fit, zoomOut, this.zoomLabel, zoomIn);

    const shareGroup = this.group(strings.send, 'share');
    this.boardButton = this.button('boards', 'boards', strings.boards, strings.boards, actions.boards);
    this.boardButton.classList.add('board-name');
    const nameLabel = document.createElement('span');
    nameLabel.className = 'label';
    this.boardButton.append(nameLabel);
    const send = this.button('send', 'send', strings.send, strings.send, actions.send);
    send.classList.add('primary');
    const sendLabel = document.createElement('span');
    sendLabel.className = 'label';
    sendLabel.textContent = strings.send;
    send.append(sendLabel);
    shareGroup.append(this.boardButton, send);
    this.installRovingFocus();
  }

  setTool(id: ToolId): void {
    for (const [tool, b] of this.tools) b.setAttribute('aria-pressed', String(tool === id));
  }

  setColor(color: string): void {
    for (const [c, b] of this.colors) b.setAttribute('aria-pressed', String(c === color));
  }

  setWidth(width: number): void {
    for (const [w, b] of this.widths) b.setAttribute('aria-pressed', String(w === width));
  }

  setHistory(canUndo: boolean, canRedo: boolean): void {
    this.undoButton.disabled = !canUndo;
    this.redoButton.disabled = !canRedo;
    this.keepTabStop();
  }

  setSelection(count: number): void {
    this.deleteButton.disabled = count === 0;
    this.keepTabStop();
  }

  setZoom(zoom: number): void {
    const shown = `${Math.round(zoom * 100)}%`;
    this.zoomLabel.textContent = shown;
    // The accessible name starts with the visible text, so speech users can say what they see.
    this.zoomLabel.setAttribute('aria-label', `${shown} – ${this.strings.zoomReset}`);
  }

  setBoardName(name: string): void {
    const label = this.boardButton.querySelector('.label');
    if (label) label.textContent = name;
    this.boardButton.title = `${this.strings.boards}: ${name}`;
    this.boardButton.setAttribute('aria-label', `${this.strings.boards}: ${name}`);
  }

  /**
   * The WAI-ARIA toolbar pattern: the toolbar is one Tab stop (the button last used, at first the first one), so
   * Tab goes from the toolbar straight to the board; Left/Right move between buttons (wrapping), Home/End jump to
   * the ends. Disabled buttons are skipped.
   */
  private installRovingFocus(): void {
    this.element.addEventListener('keydown', (e) => {
      const items = this.enabledButtons();
      const at = items.indexOf(e.target as HTMLButtonElement);
      if (at < 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const n = items.length;
      const next = e.key === 'ArrowRight' ? (at + 1) % n : e.key === 'ArrowLeft' ? (at - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (next < 0) return;
      // Ours: not a nudge of the selected shapes, and not VS Code's.
      e.preventDefault();
      e.stopPropagation();
      this.makeTabStop(items[next]);
      items[next].focus();
    });
    this.element.addEventListener('focusin', (e) => {
      if (e.target instanceof HTMLButtonElement) this.makeTabStop(e.target);
    });
    this.keepTabStop();
  }

  private enabledButtons(): HTMLButtonElement[] {
    return [...this.element.querySelectorAll('button')].filter((b) => !b.disabled);
  }

  private makeTabStop(button: HTMLButtonElement): void {
    this.tabStop = button;
    for (const b of this.element.querySelectorAll('button')) b.tabIndex = b === button ? 0 : -1;
  }

  /** A disabled button cannot take the focus, so the Tab stop moves to the first enabled one. */
  private keepTabStop(): void {
    if (this.tabStop && !this.tabStop.disabled) return;
    const first = this.enabledButtons()[0];
    if (first) this.makeTabStop(first);
  }

  private group(label: string, name: string): HTMLElement {
    const g = document.createElement('div');
    g.className = `group ${name}`;
    g.setAttribute('role', 'group');
    g.setAttribute('aria-label', label);
    this.element.append(g);
    return g;
  }

  private button(id: string, iconName: string | undefined, title: string, label: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.title = title;
    b.setAttribute('aria-label', label);
    if (iconName) b.append(icon(iconName));
    b.addEventListener('click', onClick);
    return b;
  }
}

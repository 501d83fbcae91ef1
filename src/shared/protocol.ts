/**
 * The typed message protocol between the extension host and the whiteboard webview.
 *
 * Both bundles import this module. Every message that crosses the boundary is validated on arrival with the
 * parsers below: anything unknown or malformed is logged and dropped, never trusted, and what is accepted is a
 * fresh copy holding only the documented fields. The webview speaks first ("ready"); only then does the host
 * send "init".
 *
 * The webview owns editing (tools, selection, undo history). It reports each change as a transaction of
 * operations tagged with the board's revision; the host replays them on its own copy of the document (the one
 * it saves) and asks for a full snapshot if a revision is ever missed.
 */

import { BOARD_LIMITS, isShapeId, parseShapes, parseTransaction } from './board/validate';
import type { Transaction } from './board/operations';
import type { Shape } from './board/shapes';
import { pngSize } from './board/png';

/** The keys of the strings the webview shows, localised by the host (the webview has no `vscode.l10n`). */
export const WEBVIEW_STRING_KEYS = [
  'toolbar', 'tools', 'actions', 'canvas', 'empty',
  'toolSelect', 'toolHand', 'toolPen', 'toolHighlighter', 'toolLine', 'toolArrow', 'toolRect', 'toolEllipse', 'toolText', 'toolEraser',
  'undo', 'redo', 'clear', 'deleteSelection', 'fit', 'zoomIn', 'zoomOut', 'zoomReset', 'send', 'boards',
  'colors', 'colorInk', 'colorRed', 'colorOrange', 'colorYellow', 'colorGreen', 'colorBlue', 'colorViolet',
  'widths', 'widthThin', 'widthMedium', 'widthBold',
  'textPlaceholder', 'statusShapes', 'statusSelected', 'undone', 'redone', 'nothingToUndo', 'nothingToRedo', 'cleared',
] as const;

export type WebviewStringKey = (typeof WEBVIEW_STRING_KEYS)[number];
export type WebviewStrings = Readonly<Record<WebviewStringKey, string>>;

/** A board as the host hands it to the webview. `rev` counts the transactions the host has applied. */
export interface BoardSnapshot {
  readonly id: string;
  readonly name: string;
  readonly rev: number;
  readonly shapes: readonly Shape[];
}

export type RenderFormat = 'png' | 'svg';

/** What the webview rendered for an export or a push. Only the selection is rendered when there is one. */
export type RenderResult =
  | { readonly ok: true; readonly format: 'png'; readonly data: Uint8Array; readonly width: number; readonly height: number; readonly pixelRatio: number; readonly shapes: number; readonly selectionOnly: boolean }
  | { readonly ok: true; readonly format: 'svg'; readonly svg: string; readonly width: number; readonly height: number; readonly shapes: number; readonly selectionOnly: boolean }
  | { readonly ok: false; readonly reason: 'empty' | 'failed'; readonly detail?: string };

/** Host commands the webview's own toolbar may ask for. */
export const WEBVIEW_COMMANDS = ['send', 'switchBoard'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

// ---- webview → host ----
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'ops'; readonly boardId: string; readonly rev: number; readonly tx: Transaction }
  | { readonly type: 'snapshot'; readonly boardId: string; readonly rev: number; readonly shapes: readonly Shape[] }
  | { readonly type: 'done'; readonly requestId: number }
  | { readonly type: 'rendered'; readonly requestId: number; readonly result: RenderResult }
  | { readonly type: 'command'; readonly command: WebviewCommand }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };

// ---- host → webview ----
export type HostToWebview =
  | { readonly type: 'init'; readonly strings: WebviewStrings; readonly board: BoardSnapshot }
  | { readonly type: 'loadBoard'; readonly board: BoardSnapshot }
  | { readonly type: 'requestSnapshot'; readonly boardId: string }
  | { readonly type: 'render'; readonly requestId: number; readonly format: RenderFormat; readonly pixelRatio: number; readonly margin: number }
  | { readonly type: 'addText'; readonly requestId: number; readonly text: string; readonly font: 'sans' | 'mono' }
  | { readonly type: 'clear'; readonly requestId: number }
  /** The host has written the board up to `rev` to workspace storage. */
  | { readonly type: 'saved'; readonly boardId: string; readonly rev: number };

/** Upper bounds that keep a hostile or buggy peer from making the other side allocate without limit. */
export const LIMITS = {
  maxLogLength: 2_000,
  maxStringLength: 500,
  maxBoardName: 200,
  /** DingTalk takes images up to 20 MB; a little slack so the host can say "too large" itself. */
  maxPngBytes: 30 * 1024 * 1024,
  maxSvgLength: 60 * 1024 * 1024,
  maxImageSide: 32_767,
  maxPixelRatio: 4,
  maxMargin: 1_000,
  maxRequestId: 2 ** 31 - 1,
  maxTextLength: BOARD_LIMITS.maxTextLength,
} as const;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

function isString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isStrings(v: unknown): v is WebviewStrings {
  return isObject(v) && WEBVIEW_STRING_KEYS.every((k) => isString(v[k], LIMITS.maxStringLength));
}

function pickStrings(v: WebviewStrings): WebviewStrings {
  return Object.fromEntries(WEBVIEW_STRING_KEYS.map((k) => [k, v[k]])) as unknown as WebviewStrings;
}

function parseSnapshot(v: unknown): BoardSnapshot | undefined {
  if (!isObject(v) || !isShapeId(v.id) || !isString(v.name, LIMITS.maxBoardName) || !isCount(v.rev, Number.MAX_SAFE_INTEGER)) return undefined;
  const shapes = parseShapes(v.shapes);
  return shapes ? { id: v.id, name: v.name, rev: v.rev, shapes } : undefined;
}

/** Bytes from the webview: a Uint8Array (or an ArrayBuffer), checked by tag so it works across realms. */
function asBytes(v: unknown): Uint8Array | undefined {
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object Uint8Array]') return v as Uint8Array;
  if (tag === '[object ArrayBuffer]') return new Uint8Array(v as ArrayBuffer);
  return undefined;
}

function parseRenderResult(v: unknown): RenderResult | undefined {
  if (!isObject(v)) return undefined;
  if (v.ok === false) {
    if (v.reason !== 'empty' && v.reason !== 'failed') return undefined;
    return { ok: false, reason: v.reason, ...(isString(v.detail, LIMITS.maxLogLength) ? { detail: v.detail } : {}) };
  }
  if (v.ok !== true || !isCount(v.width, LIMITS.maxImageSide) || !isCount(v.height, LIMITS.maxImageSide) || v.width === 0 || v.height === 0) return undefined;
  if (!isCount(v.shapes, BOARD_LIMITS.maxShapes) || typeof v.selectionOnly !== 'boolean') return undefined;
  const common = { width: v.width, height: v.height, shapes: v.shapes, selectionOnly: v.selectionOnly };
  if (v.format === 'png') {
    const data = asBytes(v.data);
    const pr = v.pixelRatio;
    if (!data || data.byteLength > LIMITS.maxPngBytes || typeof pr !== 'number' || !(pr > 0 && pr <= LIMITS.maxPixelRatio)) return undefined;
    // The bytes must be a PNG of the size announced.
    const size = pngSize(data);
    if (!size || size.width !== v.width || size.height !== v.height) return undefined;
    return { ok: true, format: 'png', data, pixelRatio: pr, ...common };
  }
  if (v.format === 'svg') {
    if (!isString(v.svg, LIMITS.maxSvgLength) || !v.svg.startsWith('<svg')) return undefined;
    return { ok: true, format: 'svg', svg: v.svg, ...common };
  }
  return undefined;
}

/** Validates a message received by the host. Returns the typed message, or undefined for anything else. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isObject(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'ops': {
      if (!isShapeId(v.boardId) || !isCount(v.rev, Number.MAX_SAFE_INTEGER)) return undefined;
      const tx = parseTransaction(v.tx);
      return tx ? { type: 'ops', boardId: v.boardId, rev: v.rev, tx } : undefined;
    }
    case 'snapshot': {
      if (!isShapeId(v.boardId) || !isCount(v.rev, Number.MAX_SAFE_INTEGER)) return undefined;
      const shapes = parseShapes(v.shapes);
      return shapes ? { type: 'snapshot', boardId: v.boardId, rev: v.rev, shapes } : undefined;
    }
    case 'done':
      return isCount(v.requestId, LIMITS.maxRequestId) ? { type: 'done', requestId: v.requestId } : undefined;
    case 'rendered': {
      if (!isCount(v.requestId, LIMITS.maxRequestId)) return undefined;
      const result = parseRenderResult(v.result);
      return result ? { type: 'rendered', requestId: v.requestId, result } : undefined;
    }
    case 'command':
      return (WEBVIEW_COMMANDS as readonly unknown[]).includes(v.command) ? { type: 'command', command: v.command as WebviewCommand } : undefined;
    case 'log':
      if ((v.level === 'info' || v.level === 'warn' || v.level === 'error') && typeof v.message === 'string') {
        return { type: 'log', level: v.level, message: v.message.slice(0, LIMITS.maxLogLength) };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Validates a message received by the webview. Returns the typed message, or undefined for anything else. */
export function parseHostMessage(v: unknown): HostToWebview | undefined {
  if (!isObject(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'init': {
      const board = parseSnapshot(v.board);
      return isStrings(v.strings) && board ? { type: 'init', strings: pickStrings(v.strings), board } : undefined;
    }
    case 'loadBoard': {
      const board = parseSnapshot(v.board);
      return board ? { type: 'loadBoard', board } : undefined;
    }
    case 'requestSnapshot':
      return isShapeId(v.boardId) ? { type: 'requestSnapshot', boardId: v.boardId } : undefined;
    case 'render': {
      const pr = v.pixelRatio;
      if (!isCount(v.requestId, LIMITS.maxRequestId) || (v.format !== 'png' && v.format !== 'svg')) return undefined;
      if (typeof pr !== 'number' || !(pr > 0 && pr <= LIMITS.maxPixelRatio) || typeof v.margin !== 'number' || !(v.margin >= 0 && v.margin <= LIMITS.maxMargin)) return undefined;
      return { type: 'render', requestId: v.requestId, format: v.format, pixelRatio: pr, margin: v.margin };
    }
    case 'addText':
      if (!isCount(v.requestId, LIMITS.maxRequestId) || typeof v.text !== 'string' || v.text.length === 0 || v.text.length > LIMITS.maxTextLength) return undefined;
      if (v.font !== 'sans' && v.font !== 'mono') return undefined;
      return { type: 'addText', requestId: v.requestId, text: v.text, font: v.font };
    case 'clear':
      return isCount(v.requestId, LIMITS.maxRequestId) ? { type: 'clear', requestId: v.requestId } : undefined;
    case 'saved':
      return isShapeId(v.boardId) && isCount(v.rev, Number.MAX_SAFE_INTEGER) ? { type: 'saved', boardId: v.boardId, rev: v.rev } : undefined;
    default:
      return undefined;
  }
}

/** A short, safe description of a rejected message for the log (never the whole payload). */
export function describeRejected(v: unknown): string {
  if (isObject(v) && typeof v.type === 'string') return `type=${JSON.stringify(v.type.slice(0, 40))}`;
  return `a ${Array.isArray(v) ? 'array' : typeof v}`;
}

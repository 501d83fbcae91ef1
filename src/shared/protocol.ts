/**
 * The typed message protocol between the extension host and the whiteboard webview.
 *
 * Both bundles import this module. Every message that crosses the boundary is validated on arrival
 * with the guards below: anything unknown or malformed is logged and dropped, never trusted.
 * The webview speaks first ("ready"); only then does the host send "init".
 */

/** Strings the webview shows, localised by the host (the webview has no `vscode.l10n`). */
export interface WebviewStrings {
  readonly title: string;
  readonly clear: string;
  readonly empty: string;
}

/** A stroke drawn on the board: a colour, a width and points in board coordinates. */
export interface Stroke {
  readonly color: string;
  readonly width: number;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface BoardState {
  readonly strokes: readonly Stroke[];
}

// ---- webview → host ----
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'boardChanged'; readonly board: BoardState }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };

// ---- host → webview ----
export type HostToWebview =
  | { readonly type: 'init'; readonly strings: WebviewStrings; readonly board: BoardState }
  | { readonly type: 'clear' };

/** Upper bounds that keep a hostile or buggy peer from making the other side allocate without limit. */
export const LIMITS = {
  maxStrokes: 50_000,
  maxPointsPerStroke: 20_000,
  maxLogLength: 2_000,
  maxStringLength: 500,
} as const;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const COLOR = /^#[0-9a-fA-F]{3,8}$/;

export function isStroke(v: unknown): v is Stroke {
  if (!isObject(v)) return false;
  if (typeof v.color !== 'string' || !COLOR.test(v.color)) return false;
  if (!isFiniteNumber(v.width) || v.width <= 0 || v.width > 200) return false;
  if (!Array.isArray(v.points) || v.points.length > LIMITS.maxPointsPerStroke) return false;
  return v.points.every((p) => Array.isArray(p) && p.length === 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]));
}

export function isBoardState(v: unknown): v is BoardState {
  return isObject(v) && Array.isArray(v.strokes) && v.strokes.length <= LIMITS.maxStrokes && v.strokes.every(isStroke);
}

function isStrings(v: unknown): v is WebviewStrings {
  return (
    isObject(v) &&
    (['title', 'clear', 'empty'] as const).every((k) => typeof v[k] === 'string' && (v[k] as string).length <= LIMITS.maxStringLength)
  );
}

/** Validates a message received by the host. Returns the typed message, or undefined for anything else. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isObject(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'boardChanged':
      return isBoardState(v.board) ? { type: 'boardChanged', board: v.board } : undefined;
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
    case 'init':
      return isStrings(v.strings) && isBoardState(v.board) ? { type: 'init', strings: v.strings, board: v.board } : undefined;
    case 'clear':
      return { type: 'clear' };
    default:
      return undefined;
  }
}

/** A short, safe description of a rejected message for the log (never the whole payload). */
export function describeRejected(v: unknown): string {
  if (isObject(v) && typeof v.type === 'string') return `type=${JSON.stringify(v.type.slice(0, 40))}`;
  return `a ${Array.isArray(v) ? 'array' : typeof v}`;
}

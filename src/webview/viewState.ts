import { isColor } from '../shared/board/validate';
import { STROKE_WIDTHS } from '../shared/board/style';
import { MAX_ZOOM, MIN_ZOOM, Viewport } from '../shared/board/viewport';
import { TOOL_IDS, ToolId } from './tools/tool';

/**
 * What the page remembers across reloads through the webview state (never the board: the host owns that):
 * the tool, colour and width, and each board's viewport.
 */
export interface ViewState {
  readonly tool: ToolId;
  readonly color: string;
  readonly width: number;
  readonly viewports: Readonly<Record<string, Viewport>>;
}

function isViewport(v: unknown): v is Viewport {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e8;
  return finite(r.x) && finite(r.y) && finite(r.zoom) && r.zoom >= MIN_ZOOM && r.zoom <= MAX_ZOOM;
}

/** Reads saved state defensively (older versions stored other shapes of state). */
export function parseViewState(raw: unknown): ViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (!(TOOL_IDS as readonly unknown[]).includes(r.tool) || !isColor(r.color) || !(STROKE_WIDTHS as readonly unknown[]).includes(r.width)) return undefined;
  const viewports: Record<string, Viewport> = {};
  if (typeof r.viewports === 'object' && r.viewports !== null) {
    for (const [id, v] of Object.entries(r.viewports as Record<string, unknown>).slice(0, 200)) if (isViewport(v)) viewports[id] = v;
  }
  return { tool: r.tool as ToolId, color: r.color, width: r.width as number, viewports };
}

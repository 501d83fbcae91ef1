import { Point, Rect } from './geometry';

/** Which part of the board a screen shows: the board point at the screen's top-left corner, and the zoom. */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;
export const HOME: Viewport = { x: 0, y: 0, zoom: 1 };

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

export function toScreen(v: Viewport, p: Point): Point {
  return { x: (p.x - v.x) * v.zoom, y: (p.y - v.y) * v.zoom };
}

export function toBoard(v: Viewport, p: Point): Point {
  return { x: p.x / v.zoom + v.x, y: p.y / v.zoom + v.y };
}

/** Scrolls by a distance in screen pixels. */
export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { x: v.x - dx / v.zoom, y: v.y - dy / v.zoom, zoom: v.zoom };
}

/** Zooms by `factor` keeping the board point under `screenPoint` where it is (zoom around the cursor). */
export function zoomAt(v: Viewport, screenPoint: Point, factor: number): Viewport {
  const zoom = clampZoom(v.zoom * factor);
  const anchor = toBoard(v, screenPoint);
  return { x: anchor.x - screenPoint.x / zoom, y: anchor.y - screenPoint.y / zoom, zoom };
}

/** The board rectangle a screen of this size shows. */
export function visibleRect(v: Viewport, width: number, height: number): Rect {
  return { x: v.x, y: v.y, w: width / v.zoom, h: height / v.zoom };
}

/** A viewport showing all of `rect` centred with `padding` screen pixels around it, never zoomed in past `maxZoom`. */
export function fitRect(rect: Rect, width: number, height: number, padding = 24, maxZoom = 1): Viewport {
  const zoom = clampZoom(Math.min(maxZoom, (width - 2 * padding) / Math.max(rect.w, 1), (height - 2 * padding) / Math.max(rect.h, 1)));
  return { x: rect.x + rect.w / 2 - width / 2 / zoom, y: rect.y + rect.h / 2 - height / 2 / zoom, zoom };
}

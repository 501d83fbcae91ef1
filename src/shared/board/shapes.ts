import { Point, Rect, round1 } from './geometry';

/**
 * The shapes a board is made of. Shapes are immutable values: every change makes a new shape with the same id,
 * which is what lets an operation carry its "before" and "after" for undo. Coordinates are board units (CSS
 * pixels at zoom 1), rounded to 0.1 by {@link normalizeShape} so memory, messages and files agree exactly.
 */

export const SHAPE_TYPES = ['pen', 'highlighter', 'line', 'arrow', 'rect', 'ellipse', 'text'] as const;
export type ShapeType = (typeof SHAPE_TYPES)[number];

/** `ink` is the theme's foreground on screen and near-black in exports; anything else is a #rrggbb colour. */
export type Color = string;

interface ShapeBase {
  readonly id: string;
  readonly color: Color;
}

/** Pen and highlighter strokes: a polyline of flat [x0, y0, x1, y1, …] points, drawn smoothed. */
export interface FreehandShape extends ShapeBase {
  readonly type: 'pen' | 'highlighter';
  readonly width: number;
  readonly points: readonly number[];
}

export interface SegmentShape extends ShapeBase {
  readonly type: 'line' | 'arrow';
  readonly width: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface BoxShape extends ShapeBase {
  readonly type: 'rect' | 'ellipse';
  readonly width: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * A text block. Its size (w, h) is measured where fonts exist (the webview) and stored, so the host and the
 * files know a text's bounds without a DOM. `font: 'mono'` is a code block (drawn on a tinted panel).
 */
export interface TextShape extends ShapeBase {
  readonly type: 'text';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly size: number;
  readonly font: 'sans' | 'mono';
  readonly text: string;
}

export type Shape = FreehandShape | SegmentShape | BoxShape | TextShape;

/** Rounds every number to the board's precision and orders box corners; returns a new shape. */
export function normalizeShape<S extends Shape>(s: S): S {
  switch (s.type) {
    case 'pen':
    case 'highlighter':
      return { ...s, width: round1(s.width), points: s.points.map(round1) };
    case 'line':
    case 'arrow':
      return { ...s, width: round1(s.width), x1: round1(s.x1), y1: round1(s.y1), x2: round1(s.x2), y2: round1(s.y2) };
    case 'rect':
    case 'ellipse': {
      const x = Math.min(s.x, s.x + s.w);
      const y = Math.min(s.y, s.y + s.h);
      return { ...s, width: round1(s.width), x: round1(x), y: round1(y), w: round1(Math.abs(s.w)), h: round1(Math.abs(s.h)) };
    }
    case 'text':
      return { ...s, x: round1(s.x), y: round1(s.y), w: round1(s.w), h: round1(s.h), size: round1(s.size) };
  }
}

/** The shape moved by (dx, dy). */
export function translateShape<S extends Shape>(s: S, dx: number, dy: number): S {
  switch (s.type) {
    case 'pen':
    case 'highlighter':
      return normalizeShape({ ...s, points: s.points.map((v, i) => v + (i % 2 === 0 ? dx : dy)) });
    case 'line':
    case 'arrow':
      return normalizeShape({ ...s, x1: s.x1 + dx, y1: s.y1 + dy, x2: s.x2 + dx, y2: s.y2 + dy });
    default:
      return normalizeShape({ ...s, x: (s as BoxShape | TextShape).x + dx, y: (s as BoxShape | TextShape).y + dy });
  }
}

/**
 * The shape scaled about `anchor` by (sx, sy) — how a selection is resized from a corner. Stroke widths are kept
 * (a resized sketch keeps its pen); text scales its font size by the smaller factor so it never overflows.
 */
export function scaleShape<S extends Shape>(s: S, anchor: Point, sx: number, sy: number): S {
  const X = (x: number): number => anchor.x + (x - anchor.x) * sx;
  const Y = (y: number): number => anchor.y + (y - anchor.y) * sy;
  switch (s.type) {
    case 'pen':
    case 'highlighter':
      return normalizeShape({ ...s, points: s.points.map((v, i) => (i % 2 === 0 ? X(v) : Y(v))) });
    case 'line':
    case 'arrow':
      return normalizeShape({ ...s, x1: X(s.x1), y1: Y(s.y1), x2: X(s.x2), y2: Y(s.y2) });
    case 'rect':
    case 'ellipse':
      return normalizeShape({ ...s, x: X(s.x), y: Y(s.y), w: s.w * sx, h: s.h * sy });
    case 'text': {
      const k = Math.max(0.05, Math.min(Math.abs(sx), Math.abs(sy)));
      const x = Math.min(X(s.x), X(s.x + s.w));
      const y = Math.min(Y(s.y), Y(s.y + s.h));
      return normalizeShape({ ...s, x, y, w: s.w * k, h: s.h * k, size: Math.max(4, s.size * k) });
    }
  }
}

/** The shape with another colour and, for stroked shapes, another width. */
export function restyleShape<S extends Shape>(s: S, style: { color?: Color; width?: number }): S {
  const next: Shape = { ...s, ...(style.color !== undefined ? { color: style.color } : {}) };
  if (style.width !== undefined && next.type !== 'text') return normalizeShape({ ...next, width: style.width } as S);
  return next as S;
}

/** Each type's fields in their canonical order: the order files are written in. */
export const SHAPE_KEYS: Readonly<Record<ShapeType, readonly string[]>> = {
  pen: ['id', 'type', 'color', 'width', 'points'],
  highlighter: ['id', 'type', 'color', 'width', 'points'],
  line: ['id', 'type', 'color', 'width', 'x1', 'y1', 'x2', 'y2'],
  arrow: ['id', 'type', 'color', 'width', 'x1', 'y1', 'x2', 'y2'],
  rect: ['id', 'type', 'color', 'width', 'x', 'y', 'w', 'h'],
  ellipse: ['id', 'type', 'color', 'width', 'x', 'y', 'w', 'h'],
  text: ['id', 'type', 'color', 'x', 'y', 'w', 'h', 'size', 'font', 'text'],
};

/** Structural equality of two shapes (same type and field values, whatever their key order). */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k of SHAPE_KEYS[a.type]) {
    const va = ra[k];
    const vb = rb[k];
    if (Array.isArray(va) && Array.isArray(vb)) {
      if (va.length !== vb.length) return false;
      for (let i = 0; i < va.length; i++) if (va[i] !== vb[i]) return false;
    } else if (va !== vb) return false;
  }
  return true;
}

/** The geometric box of a shape without its stroke (used for resizing maths). */
export function geometricBox(s: Shape): Rect {
  switch (s.type) {
    case 'pen':
    case 'highlighter': {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let i = 0; i + 1 < s.points.length; i += 2) {
        const x = s.points[i];
        const y = s.points[i + 1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      return minX === Infinity ? { x: 0, y: 0, w: 0, h: 0 } : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
    }
    case 'line':
    case 'arrow':
      return { x: Math.min(s.x1, s.x2), y: Math.min(s.y1, s.y2), w: Math.abs(s.x2 - s.x1), h: Math.abs(s.y2 - s.y1) };
    default:
      return { x: s.x, y: s.y, w: s.w, h: s.h };
  }
}

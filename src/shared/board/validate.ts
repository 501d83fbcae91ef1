import { Op, PlacedShape, Transaction } from './operations';
import { SHAPE_TYPES, Shape, ShapeType, normalizeShape } from './shapes';

/**
 * Validators for shapes and operations arriving from the other side of the webview boundary or from a file.
 * They never throw, accept only the documented fields, and return fresh, normalised values (extra fields are
 * dropped), so nothing a peer sends is stored as-is.
 */

export const BOARD_LIMITS = {
  maxShapes: 50_000,
  /** Numbers in one stroke's point list (x and y each count). */
  maxPointNumbers: 20_000,
  maxTextLength: 20_000,
  maxCoordinate: 10_000_000,
  maxStrokeWidth: 100,
  maxFontSize: 500,
  maxOpsPerTransaction: 1_000,
} as const;

const ID = /^[A-Za-z0-9_-]{1,40}$/;
const HEX = /^#[0-9a-fA-F]{6}$/;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function coord(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= BOARD_LIMITS.maxCoordinate;
}

/** At least 0.1, so it stays positive at the board's 0.1 precision (parsing what it returns gives the same). */
function positive(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0.1 && v <= max;
}

function extent(v: unknown): v is number {
  return coord(v) && v >= 0;
}

export function isColor(v: unknown): v is string {
  return v === 'ink' || (typeof v === 'string' && HEX.test(v));
}

export function isShapeId(v: unknown): v is string {
  return typeof v === 'string' && ID.test(v);
}

/** A validated, normalised copy of a shape, or undefined. */
export function parseShape(v: unknown): Shape | undefined {
  if (!isObject(v) || !isShapeId(v.id) || !isColor(v.color) || typeof v.type !== 'string' || !(SHAPE_TYPES as readonly string[]).includes(v.type)) {
    return undefined;
  }
  const type = v.type as ShapeType;
  const id = v.id;
  const color = v.color;
  switch (type) {
    case 'pen':
    case 'highlighter': {
      const pts = v.points;
      if (!positive(v.width, BOARD_LIMITS.maxStrokeWidth) || !Array.isArray(pts)) return undefined;
      if (pts.length < 2 || pts.length % 2 !== 0 || pts.length > BOARD_LIMITS.maxPointNumbers) return undefined;
      for (let i = 0; i < pts.length; i++) if (!coord(pts[i])) return undefined;
      return normalizeShape({ id, type, color, width: v.width, points: [...(pts as number[])] });
    }
    case 'line':
    case 'arrow':
      if (!positive(v.width, BOARD_LIMITS.maxStrokeWidth) || !coord(v.x1) || !coord(v.y1) || !coord(v.x2) || !coord(v.y2)) return undefined;
      return normalizeShape({ id, type, color, width: v.width, x1: v.x1, y1: v.y1, x2: v.x2, y2: v.y2 });
    case 'rect':
    case 'ellipse':
      if (!positive(v.width, BOARD_LIMITS.maxStrokeWidth) || !coord(v.x) || !coord(v.y) || !extent(v.w) || !extent(v.h)) return undefined;
      return normalizeShape({ id, type, color, width: v.width, x: v.x, y: v.y, w: v.w, h: v.h });
    case 'text':
      if (!coord(v.x) || !coord(v.y) || !extent(v.w) || !extent(v.h) || !positive(v.size, BOARD_LIMITS.maxFontSize)) return undefined;
      if (v.font !== 'sans' && v.font !== 'mono') return undefined;
      if (typeof v.text !== 'string' || v.text.length === 0 || v.text.length > BOARD_LIMITS.maxTextLength) return undefined;
      return normalizeShape({ id, type, color, x: v.x, y: v.y, w: v.w, h: v.h, size: v.size, font: v.font, text: v.text });
  }
}

/** Validated shapes with distinct ids, or undefined if any is malformed. */
export function parseShapes(v: unknown, max: number = BOARD_LIMITS.maxShapes): Shape[] | undefined {
  if (!Array.isArray(v) || v.length > max) return undefined;
  const out: Shape[] = [];
  const ids = new Set<string>();
  for (const item of v) {
    const s = parseShape(item);
    if (!s || ids.has(s.id)) return undefined;
    ids.add(s.id);
    out.push(s);
  }
  return out;
}

function parsePlaced(v: unknown): PlacedShape[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > BOARD_LIMITS.maxShapes) return undefined;
  const out: PlacedShape[] = [];
  const ids = new Set<string>();
  let last = -1;
  for (const item of v) {
    if (!isObject(item)) return undefined;
    const index = item.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index <= last || index > BOARD_LIMITS.maxShapes * 2) return undefined;
    const shape = parseShape(item.shape);
    if (!shape || ids.has(shape.id)) return undefined;
    ids.add(shape.id);
    last = index;
    out.push({ index, shape });
  }
  return out;
}

export function parseOp(v: unknown): Op | undefined {
  if (!isObject(v)) return undefined;
  switch (v.op) {
    case 'add':
    case 'remove': {
      const items = parsePlaced(v.items);
      return items ? { op: v.op, items } : undefined;
    }
    case 'update': {
      const before = parseShapes(v.before);
      const after = parseShapes(v.after);
      if (!before || !after || before.length === 0 || before.length !== after.length) return undefined;
      if (before.some((s, i) => s.id !== after[i].id)) return undefined;
      return { op: 'update', before, after };
    }
    default:
      return undefined;
  }
}

export function parseTransaction(v: unknown): Transaction | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > BOARD_LIMITS.maxOpsPerTransaction) return undefined;
  const out: Op[] = [];
  for (const item of v) {
    const op = parseOp(item);
    if (!op) return undefined;
    out.push(op);
  }
  return out;
}

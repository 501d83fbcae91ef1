import { SHAPE_KEYS, Shape } from './shapes';
import { BOARD_LIMITS, parseShape } from './validate';

/**
 * The `.dtboard` file format: JSON made to live in a repository.
 *  - one shape per line, fields in a fixed order, numbers at the board's 0.1 precision, so a change to a shape
 *    is a one-line diff and saving an unchanged board rewrites the same bytes;
 *  - freehand strokes store `path`: the first point, then each point relative to the one before, which keeps
 *    the numbers short and makes moving a stroke change only its first two numbers.
 *
 *   {
 *     "format": "dtboard",
 *     "version": 1,
 *     "shapes": [
 *       {"id":"k2x9","type":"pen","color":"ink","width":4,"path":[10,20,1.5,0.5,2,1]},
 *       {"id":"q7a1","type":"text","color":"#e03131","x":40,"y":60,"w":52,"h":28.6,"size":22,"font":"sans","text":"你好"}
 *     ]
 *   }
 */

export const BOARD_FILE_FORMAT = 'dtboard';
export const BOARD_FILE_VERSION = 1;

export type BoardFileProblem = 'notJson' | 'notBoard' | 'newerVersion' | 'badShape' | 'tooLarge';

export class BoardFileError extends Error {
  constructor(
    readonly problem: BoardFileProblem,
    /** For badShape: the 0-based position of the first bad shape. */
    readonly shapeIndex?: number,
  ) {
    super(`not a valid board file (${problem}${shapeIndex !== undefined ? ` at shape ${shapeIndex}` : ''})`);
  }
}

/** Tenths as integers, so deltas are exact and parsing restores the same doubles. */
function tenths(v: number): number {
  return Math.round(v * 10);
}

function num(t: number): string {
  return String(t / 10);
}

function shapeLine(s: Shape): string {
  const rec = s as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of SHAPE_KEYS[s.type]) {
    const value = rec[key];
    if (key === 'points') {
      const pts = value as readonly number[];
      const out: string[] = [];
      let px = 0;
      let py = 0;
      for (let i = 0; i + 1 < pts.length; i += 2) {
        const x = tenths(pts[i]);
        const y = tenths(pts[i + 1]);
        out.push(num(x - px), num(y - py));
        px = x;
        py = y;
      }
      parts.push(`"path":[${out.join(',')}]`);
    } else if (typeof value === 'number') {
      parts.push(`"${key}":${num(tenths(value))}`);
    } else {
      parts.push(`"${key}":${JSON.stringify(value)}`);
    }
  }
  return `{${parts.join(',')}}`;
}

/** The file text for a board (ends with a newline). */
export function serializeBoard(shapes: readonly Shape[]): string {
  const head = `{\n  "format": "${BOARD_FILE_FORMAT}",\n  "version": ${BOARD_FILE_VERSION},\n  "shapes": [`;
  if (shapes.length === 0) return `${head}]\n}\n`;
  return `${head}\n${shapes.map((s) => `    ${shapeLine(s)}`).join(',\n')}\n  ]\n}\n`;
}

/** Reads a board file; throws {@link BoardFileError} saying what is wrong. */
export function parseBoard(text: string): Shape[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BoardFileError('notJson');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BoardFileError('notBoard');
  const file = data as Record<string, unknown>;
  if (file.format !== BOARD_FILE_FORMAT || !Array.isArray(file.shapes)) throw new BoardFileError('notBoard');
  if (typeof file.version !== 'number' || !Number.isInteger(file.version) || file.version < 1) throw new BoardFileError('notBoard');
  if (file.version > BOARD_FILE_VERSION) throw new BoardFileError('newerVersion');
  if (file.shapes.length > BOARD_LIMITS.maxShapes) throw new BoardFileError('tooLarge');
  const ids = new Set<string>();
  return file.shapes.map((raw, i) => {
    const shape = parseShape(fromFile(raw));
    if (!shape || ids.has(shape.id)) throw new BoardFileError('badShape', i);
    ids.add(shape.id);
    return shape;
  });
}

/** Turns a stored `path` back into absolute points; leaves anything else for the validator to judge. */
function fromFile(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const rec = raw as Record<string, unknown>;
  if (!('path' in rec)) return raw;
  const { path, ...rest } = rec;
  if (!Array.isArray(path) || path.length > BOARD_LIMITS.maxPointNumbers || path.some((v) => typeof v !== 'number' || !Number.isFinite(v))) return rest;
  const points: number[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < path.length; i += 2) {
    x += tenths(path[i] as number);
    y += tenths(path[i + 1] as number);
    points.push(x / 10, y / 10);
  }
  if (path.length % 2 !== 0) points.push(NaN); // odd length: let the validator reject it
  return { ...rest, points };
}

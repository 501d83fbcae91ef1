/**
 * Item file names: `<createdAt>-<seq>-<id>.json`, zero-padded so that sorting names sorts the queue.
 *
 * `createdAt`/`seq` come from a per-process monotonic stamp: two items enqueued one after the other by the same
 * window always sort in that order, even within one millisecond or if the wall clock steps back. Items from
 * different windows interleave by time, which is all the ordering anyone can observe across windows.
 */

const STAMP_DIGITS = 15;
const SEQ_DIGITS = 6;
const ITEM_NAME = /^(\d{15})-(\d{6})-([A-Za-z0-9_-]{1,64})\.json$/;

/** Ids must be usable in a file name on every platform. */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The parts encoded in an item file name. */
export interface ItemNameParts {
  readonly createdAt: number;
  readonly seq: number;
  readonly id: string;
}

/** The file name of an item. */
export function itemFileName(parts: ItemNameParts): string {
  return `${String(parts.createdAt).padStart(STAMP_DIGITS, '0')}-${String(parts.seq).padStart(SEQ_DIGITS, '0')}-${parts.id}.json`;
}

/** Parses an item file name; undefined for anything else (temp files, foreign files). */
export function parseItemFileName(name: string): ItemNameParts | undefined {
  const m = ITEM_NAME.exec(name);
  return m ? { createdAt: Number(m[1]), seq: Number(m[2]), id: m[3] } : undefined;
}

let last = { at: -1, seq: 0 };

/** The next `{createdAt, seq}` for an item enqueued at `now`; strictly increasing within this process. */
export function nextStamp(now: number): { createdAt: number; seq: number } {
  if (now > last.at) last = { at: Math.floor(now), seq: 0 };
  else last = { at: last.at, seq: last.seq + 1 };
  if (last.seq >= 10 ** SEQ_DIGITS) last = { at: last.at + 1, seq: 0 };
  return { createdAt: last.at, seq: last.seq };
}

/**
 * Finds the comments of a text, skipping string literals, in one pass over the characters. Good enough to
 * tell "a TODO in a comment" from "TODO in code or in a string"; not a parser (no regex literals, no
 * `${…}` nesting in template strings, no heredocs).
 */

import type { CommentStyle, StringRule } from './languages';

export type CommentKind = 'line' | 'block' | 'doc';

/** One comment. Offsets are UTF-16 indexes into the text. */
export interface CommentRegion {
  readonly kind: CommentKind;
  /** Where the opener starts. */
  readonly start: number;
  /** After the opener. */
  readonly contentStart: number;
  /** Before the closer; for a line comment, the end of the line (before any `\r`). */
  readonly contentEnd: number;
  /** After the closer (or where the line/text ends). */
  readonly end: number;
}

type Token =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'block'; readonly text: string; readonly close: string }
  | { readonly type: 'string'; readonly text: string; readonly rule: StringRule };

/** Openers by their first (ASCII) character, longest first, so `"""` wins over `"` and `--[[` over `--`. */
type Compiled = ReadonlyArray<readonly Token[] | undefined>;

const compiledStyles = new WeakMap<CommentStyle, Compiled>();

function compile(style: CommentStyle): Compiled {
  const cached = compiledStyles.get(style);
  if (cached) return cached;
  const tokens: Token[] = [
    ...style.block.map(([open, close]): Token => ({ type: 'block', text: open, close })),
    ...style.line.map((text): Token => ({ type: 'line', text })),
    ...style.strings.map((rule): Token => ({ type: 'string', text: rule.open, rule })),
  ];
  const table: Token[][] = [];
  for (const token of tokens) {
    const code = token.text.charCodeAt(0);
    (table[code] ??= []).push(token);
  }
  // Longest first; at equal length, comments before strings (Lua `--[[` before `[[`).
  for (const list of table) list?.sort((a, b) => b.text.length - a.text.length);
  compiledStyles.set(style, table);
  return table;
}

const NL = 10;
const CR = 13;
const BACKSLASH = 92;

/** True if only spaces and tabs lie between `from` and `to`. */
function blankBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function lineEndFrom(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

function withoutCr(text: string, lineEnd: number, floor: number): number {
  return lineEnd > floor && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
}

/** End of a block comment starting after its opener at `from`; -1 when it is never closed. */
function blockEnd(text: string, from: number, open: string, close: string, nested: boolean): number {
  if (!nested) {
    const at = text.indexOf(close, from);
    return at < 0 ? -1 : at;
  }
  let depth = 1;
  let i = from;
  while (i < text.length) {
    if (text.startsWith(close, i)) {
      if (--depth === 0) return i;
      i += close.length;
    } else if (text.startsWith(open, i)) {
      depth++;
      i += open.length;
    } else i++;
  }
  return -1;
}

const stringStops = new WeakMap<StringRule, RegExp>();

/** The characters that can end, escape or break a string of this kind, to jump between with a native search. */
function stringStop(rule: StringRule): RegExp {
  let re = stringStops.get(rule);
  if (!re) {
    const chars = [rule.close[0], rule.escape === 'backslash' ? '\\' : '', rule.multiline ? '' : '\n'].join('');
    re = new RegExp(`[${chars.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
    stringStops.set(rule, re);
  }
  return re;
}

/**
 * End (exclusive) of a string literal whose opener ends at `from`, or -1 if what looked like an opener is not
 * one (a single-line string that never closes on its line, a `'` that is not a character literal).
 */
function stringEnd(text: string, from: number, rule: StringRule): number {
  const close = rule.close;
  if (rule.char) {
    let j = from;
    if (text.charCodeAt(j) === BACKSLASH) {
      // An escape: '\n', '\x41', '\u{1F600}'; short and on one line.
      const limit = Math.min(text.length, j + 12);
      for (j += 2; j < limit; j++) {
        const c = text.charCodeAt(j);
        if (c === NL) return -1;
        if (text.startsWith(close, j)) return j + close.length;
      }
      return -1;
    }
    const cp = text.codePointAt(j);
    if (cp === undefined || cp === NL || text.startsWith(close, j)) return -1;
    j += cp > 0xffff ? 2 : 1;
    return text.startsWith(close, j) ? j + close.length : -1;
  }
  const re = stringStop(rule);
  let j = from;
  for (;;) {
    re.lastIndex = j;
    const m = re.exec(text);
    // An unclosed multi-line string runs to the end (as the language reads it); a single-line one is not a string.
    if (!m) return rule.multiline ? text.length : -1;
    j = m.index;
    const c = text.charCodeAt(j);
    if (c === NL) return -1;
    if (c === BACKSLASH && rule.escape === 'backslash') {
      j += 2;
      continue;
    }
    if (text.startsWith(close, j)) {
      if (rule.escape === 'double' && text.startsWith(close, j + close.length)) {
        j += close.length * 2;
        continue;
      }
      return j + close.length;
    }
    j++;
  }
}

/**
 * The last non-blank character before `before` outside comments (-1 at the start of the text), for telling a
 * docstring (after `def f():`, or first in a module) from a string argument.
 */
function previousSignificant(text: string, before: number, regions: readonly CommentRegion[]): number {
  let j = before - 1;
  let r = regions.length - 1;
  for (;;) {
    while (j >= 0 && text.charCodeAt(j) <= 32) j--;
    if (j < 0) return -1;
    while (r >= 0 && regions[r].start > j) r--;
    if (r >= 0 && j < regions[r].end) {
      j = regions[r].start - 1;
      r--;
      continue;
    }
    return text.charCodeAt(j);
  }
}

function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

const jumps = new WeakMap<CommentStyle, RegExp>();

/** Every character that can start a comment or a string in this style. */
function jumpRegex(style: CommentStyle, table: Compiled): RegExp {
  let re = jumps.get(style);
  if (!re) {
    const chars = table.map((tokens, code) => (tokens ? String.fromCharCode(code) : '')).join('');
    re = chars ? new RegExp(`[${chars.replace(/[\\\]^-]/g, '\\$&')}]`, 'g') : /(?!)/g;
    jumps.set(style, re);
  }
  return re;
}

/**
 * The comments of `text`, in order. `until` stops early once no comment can start at or before that offset
 * (comments that start before it are still returned whole). Jumps from one possible opener to the next with a
 * native search, so plain code costs next to nothing.
 */
export function findComments(text: string, style: CommentStyle, until = text.length): CommentRegion[] {
  const table = compile(style);
  const jump = jumpRegex(style, table);
  const regions: CommentRegion[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && i <= until) {
    jump.lastIndex = i;
    const m = jump.exec(text);
    if (!m || m.index > until) break;
    i = m.index;
    const candidates = table[text.charCodeAt(i)]!;
    let next = -1;
    for (const token of candidates) {
      if (!text.startsWith(token.text, i)) continue;
      if (token.type === 'line') {
        if (style.lineAtStart && !blankBetween(text, lineStartOf(text, i), i)) continue;
        if (style.lineAfter && i > lineStartOf(text, i) && !style.lineAfter.test(text[i - 1])) continue;
        if (style.lineEscape && i > 0 && text[i - 1] === style.lineEscape) continue;
        const lineEnd = lineEndFrom(text, i);
        const contentStart = i + token.text.length;
        regions.push({ kind: 'line', start: i, contentStart, contentEnd: Math.max(contentStart, withoutCr(text, lineEnd, contentStart)), end: lineEnd });
        next = lineEnd;
        break;
      }
      if (token.type === 'block') {
        const contentStart = i + token.text.length;
        const closeAt = blockEnd(text, contentStart, token.text, token.close, style.nested === true);
        const contentEnd = closeAt < 0 ? n : closeAt;
        const end = closeAt < 0 ? n : closeAt + token.close.length;
        regions.push({ kind: 'block', start: i, contentStart, contentEnd, end });
        next = end;
        break;
      }
      const rule = token.rule;
      const contentStart = i + token.text.length;
      const end = stringEnd(text, contentStart, rule);
      if (end < 0) continue;
      if (rule.docstring && blankBetween(text, lineStartOf(text, i), i)) {
        const before = previousSignificant(text, lineStartOf(text, i), regions);
        if (before === -1 || before === 58 /* : */) {
          const closed = text.startsWith(rule.close, end - rule.close.length) && end - rule.close.length >= contentStart;
          regions.push({ kind: 'doc', start: i, contentStart, contentEnd: closed ? end - rule.close.length : end, end });
        }
      }
      next = end;
      break;
    }
    i = next < 0 ? i + 1 : next;
  }
  return regions;
}

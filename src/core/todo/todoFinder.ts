/**
 * Finds the TODOs of a text: a tag (TODO, FIXME, … as configured) that is the first word of a comment line,
 * as a whole word (`TODONOW`, `TODO.md` and `myTODO` are not TODOs; `TODO修复` is, since Chinese needs no
 * spaces), inside a real comment and not in a string. Works on LF and CRLF text and any Unicode.
 */

import { CommentKind, CommentRegion, findComments } from './commentLexer';
import type { CommentStyle } from './languages';
import { parseTodoText, TodoSyntax } from './syntax';

/** A position in a text: 0-based line and UTF-16 column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * One TODO comment: what the syntax parser understood (assignees, due, priority, task id, text, problems), placed
 * on its line.
 */
export interface TodoItem extends Omit<TodoSyntax, 'marker' | 'textStart'> {
  readonly tag: string;
  /** 0-based line of the tag. */
  readonly line: number;
  /** Column of the tag. */
  readonly column: number;
  /** Column where the TODO's text ends on its line (trailing spaces and comment closers excluded). */
  readonly endColumn: number;
  /** Everything from the end of the tag to `endColumn`, as written. */
  readonly rest: string;
  /** Columns of the marker on the line (TodoSyntax's offsets, moved to the line). */
  readonly marker?: { readonly start: number; readonly end: number };
  /** Column where a marker goes. */
  readonly insertColumn: number;
  /** The whole comment holding the TODO (for removing it). */
  readonly comment: { readonly kind: CommentKind; readonly start: TextPosition; readonly end: TextPosition };
}

/** Decoration allowed between a comment opener (or a comment line's start) and the tag: `/// TODO`, ` * TODO`, `@TODO`. */
const PREFIX_CHARS = new Set([' ', '\t', '\u3000', '*', '/', '#', '!', '-', ';', '%', '@', "'", '=', '+', '~', '|', '>']);
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const tagListCache = new WeakMap<readonly string[], readonly string[]>();

/** The tags, distinct and longest first (`FIXME` before `FIX`, so the longer one wins at the same place). */
function tagList(tags: readonly string[]): readonly string[] {
  let list = tagListCache.get(tags);
  if (!list) {
    list = [...new Set(tags)].filter((t) => t !== '').sort((a, b) => b.length - a.length);
    tagListCache.set(tags, list);
  }
  return list;
}

/** Where the tags occur, in order: `indexOf` per tag (a native substring search, far faster than a regex). */
export function tagHits(text: string, tags: readonly string[]): Array<{ at: number; tag: string }> {
  const hits: Array<{ at: number; tag: string }> = [];
  const list = tagList(tags);
  for (const tag of list) for (let i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + tag.length)) hits.push({ at: i, tag });
  if (list.length > 1) {
    hits.sort((a, b) => a.at - b.at || b.tag.length - a.tag.length);
    // A shorter tag inside a longer one at an overlapping place (`FIX` in `FIXME`) is not a hit of its own.
    let end = -1;
    let kept = 0;
    for (const h of hits) {
      if (h.at < end) continue;
      hits[kept++] = h;
      end = h.at + h.tag.length;
    }
    hits.length = kept;
  }
  return hits;
}

/** Whether the text mentions any tag (a quick look before parsing). */
export function mentionsTag(text: string, tags: readonly string[]): boolean {
  return tagList(tags).some((t) => text.includes(t));
}

/** Whether what follows a tag at `end` keeps it a whole word. */
function wordEndsAt(text: string, end: number): boolean {
  const cp = text.codePointAt(end);
  if (cp === undefined) return true;
  const ch = String.fromCodePoint(cp);
  if (WORD_CHAR.test(ch)) return CJK.test(ch);
  // `TODO.md`, `TODO-list`, `TODO/DONE`: part of a name, not a tag.
  if ((ch === '.' || ch === '-' || ch === '/') && end + 1 < text.length) {
    const after = text.codePointAt(end + 1);
    if (after !== undefined && WORD_CHAR.test(String.fromCodePoint(after))) return false;
  }
  return true;
}

/** Line index of offsets, built lazily, for turning offsets into positions. */
class LineMap {
  private readonly starts: number[] = [0];
  private scanned = 0;
  /** `firstLine`: the number of the text's first line (a single line from a scan is numbered as in its file). */
  constructor(
    private readonly text: string,
    private readonly firstLine = 0,
  ) {}

  private scanTo(offset: number): void {
    while (this.scanned < this.text.length && this.scanned <= offset) {
      const nl = this.text.indexOf('\n', this.scanned);
      if (nl < 0) {
        this.scanned = this.text.length;
        break;
      }
      this.starts.push(nl + 1);
      this.scanned = nl + 1;
    }
  }

  position(offset: number): TextPosition {
    this.scanTo(offset);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + this.firstLine, column: offset - this.starts[lo] };
  }
}

function isPrefixOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!PREFIX_CHARS.has(text[i])) return false;
  return true;
}

/** The TODOs of `text`, in order. Never throws. */
export function findTodos(text: string, style: CommentStyle, tags: readonly string[]): TodoItem[] {
  const hits = tagHits(text, tags);
  if (hits.length === 0) return [];
  const regions = findComments(text, style, hits[hits.length - 1].at);
  return todosAt(text, hits, regions);
}

/** Turns tag hits inside comment regions into TODO items. */
function todosAt(text: string, hits: ReadonlyArray<{ at: number; tag: string }>, regions: readonly CommentRegion[], firstLine = 0): TodoItem[] {
  const items: TodoItem[] = [];
  const lines = new LineMap(text, firstLine);
  let r = 0;
  for (const { at, tag } of hits) {
    while (r < regions.length && regions[r].contentEnd <= at) r++;
    const region = regions[r];
    if (!region || region.contentStart > at) continue;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const prefixFrom = Math.max(lineStart, region.contentStart);
    if (!isPrefixOnly(text, prefixFrom, at)) continue;
    const tagEnd = at + tag.length;
    if (!wordEndsAt(text, tagEnd)) continue;
    let end = Math.min(region.contentEnd, lineEndOf(text, at));
    while (end > tagEnd && /\s/.test(text[end - 1])) end--;
    const rest = text.slice(tagEnd, end);
    const syntax = parseTodoText(rest);
    const pos = lines.position(at);
    const column = pos.column;
    const restColumn = column + tag.length;
    items.push({
      tag,
      line: pos.line,
      column,
      endColumn: restColumn + rest.length,
      rest,
      assignees: syntax.assignees,
      bareWords: syntax.bareWords,
      ...(syntax.due !== undefined ? { due: syntax.due } : {}),
      ...(syntax.priority !== undefined ? { priority: syntax.priority } : {}),
      ...(syntax.taskId !== undefined && syntax.marker ? { taskId: syntax.taskId, marker: { start: restColumn + syntax.marker.start, end: restColumn + syntax.marker.end } } : {}),
      text: syntax.text,
      insertColumn: restColumn + syntax.textStart,
      problems: syntax.problems,
      comment: { kind: region.kind, start: lines.position(region.start), end: lines.position(region.end) },
    });
  }
  return items;
}

function lineEndOf(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  const end = nl < 0 ? text.length : nl;
  return end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** How one line looks on its own (the workspace scan sees matching lines only). */
export interface LineClassification {
  /** TODOs certainly in a comment (positions on line 0). */
  readonly items: TodoItem[];
  /**
   * The line starts with a tag (after decoration only) that is not in a comment of this line, in a language with
   * block comments or docstrings: only the whole file can tell whether the line sits inside one. Any other tag
   * outside a comment (in code, in a string, after words) cannot be a TODO wherever the line sits.
   */
  readonly ambiguous: boolean;
}

function hasMultiLineComments(style: CommentStyle): boolean {
  return style.block.length > 0 || style.strings.some((s) => s.docstring === true);
}

const openerCharsCache = new WeakMap<CommentStyle, string>();

/** First characters of everything that can open a comment (docstring quotes included). */
function openerChars(style: CommentStyle): string {
  let chars = openerCharsCache.get(style);
  if (chars === undefined) {
    chars = [...new Set([...style.line, ...style.block.map((b) => b[0]), ...style.strings.filter((r) => r.docstring).map((r) => r.open)].map((o) => o[0]))].join('');
    openerCharsCache.set(style, chars);
  }
  return chars;
}

/** Whether a tag at `at` could be a TODO at all: something before it may open a comment, or only decoration is. */
function worthLexing(line: string, at: number, openers: string): boolean {
  if (isPrefixOnly(line, 0, at)) return true;
  for (let i = 0; i < at; i++) if (openers.includes(line[i])) return true;
  return false;
}

/** Classifies one line on its own; found items are numbered `lineNumber` (0-based, as in its file). */
export function classifyLine(lineText: string, style: CommentStyle, tags: readonly string[], lineNumber = 0): LineClassification {
  const openers = openerChars(style);
  // Most matching lines in real code are `"TODO"` in strings or prose: skip the lexer when nothing can open a comment.
  const hits = tagHits(lineText, tags).filter((h) => worthLexing(lineText, h.at, openers));
  if (hits.length === 0) return { items: [], ambiguous: false };
  const regions = findComments(lineText, style);
  const items = todosAt(lineText, hits, regions, lineNumber);
  if (items.length > 0) return { items, ambiguous: false };
  if (!hasMultiLineComments(style)) return { items: [], ambiguous: false };
  // ` * TODO: …` in a language with /* */ comments is the inside of a block comment (doc comments are written so);
  // as code it would be a multiplication by a variable called TODO at the start of a line. No need to read the file.
  const star = style.block.some(([open]) => open === '/*') ? /^[ \t]*\*+(?![*/])/.exec(lineText) : null;
  if (star && regions.length === 0) {
    const closeAt = lineText.indexOf('*/', star[0].length);
    const contentEnd = closeAt < 0 ? lineText.length : closeAt;
    const starred = todosAt(lineText, hits, [{ kind: 'block', start: 0, contentStart: star[0].length, contentEnd, end: closeAt < 0 ? lineText.length : closeAt + 2 }], lineNumber);
    if (starred.length > 0) return { items: starred, ambiguous: false };
  }
  const ambiguous = hits.some(
    (h) => isPrefixOnly(lineText, 0, h.at) && wordEndsAt(lineText, h.at + h.tag.length) && !regions.some((r) => r.contentStart <= h.at && h.at < r.contentEnd),
  );
  return { items: [], ambiguous };
}

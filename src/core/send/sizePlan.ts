/**
 * Fitting a composed code message into DingTalk's size limits without ever cutting it silently.
 *
 * Sizes are what DingTalk measures: the UTF-8 bytes of the custom robot's JSON body, or of the app robot's
 * msgParam string, both produced by the real serialisers in `../dingtalk/messages`. Planning is linear: JSON
 * escaping is per character, so the cost of a piece of code is the sum of its lines' costs (computed once) and
 * the fixed parts of a message are measured once; every option built is then checked with the real serialiser.
 */

import {
  APP_ROBOT_MSG_PARAM_LIMIT_BYTES, CUSTOM_ROBOT_BODY_LIMIT_BYTES, markdownMessage, sampleMarkdown,
  serializeCustomRobotMessage, utf8Bytes,
} from '../dingtalk/messages';
import {
  ComposedCodeMessage, fillLabel, MessageLayout, renderMessageText, renderSnippetBlock, RobotTarget, SnippetLayout,
} from './codeMessage';

/** A message ready for `markdownMessage` (custom robot) or `sampleMarkdown` (app robot). */
export interface OutgoingMarkdown {
  title: string;
  markdown: string;
  /** Custom robot only; empty otherwise and on every split part but the first. */
  atMobiles: string[];
  atUserIds: string[];
  /** Custom robot only, like the lists above: `at.isAtAll`. */
  isAtAll?: boolean;
  /** Size as DingTalk measures it for the target. */
  bytes: number;
}

/** A contiguous piece of one snippet's code. */
export interface CodePiece {
  /** Index into `ComposedCodeMessage.snippets`. */
  snippetIndex: number;
  /** Editor lines covered (a piece cut inside a long line covers just that line). */
  startLine: number;
  endLine: number;
  /**
   * The exact slice of the snippet's `code`, including the line break that follows it when the next piece
   * starts on a new line. Concatenating a snippet's pieces in order gives back its `code` exactly.
   */
  code: string;
}

/** One message of a split. */
export interface SplitPart extends OutgoingMarkdown {
  /** 1-based. */
  index: number;
  count: number;
  pieces: CodePiece[];
}

/** The first lines that fit, with a note saying how many were left out. */
export interface FirstPartOption extends OutgoingMarkdown {
  pieces: CodePiece[];
  /** Lines sent completely. */
  sentLines: number;
  /** Lines not sent, or only partly sent (the number in the note). */
  omittedLines: number;
}

/** What the host needs to send the code as a file instead (app robot: upload, then `sampleFile`). */
export interface FileOption {
  /** The code (several snippets are separated by `==> path:lines <==` headers). */
  text: string;
  /** Suggested name of the text file, e.g. `hello-L12-18.ts`. */
  fileName: string;
  /** Suggested archive name: sampleFile only takes xlsx, pdf, zip, rar, doc, docx, so text files are zipped. */
  archiveFileName: string;
}

/** Alternatives offered when the message is too large. An option is absent when it cannot be built. */
export interface SizeOptions {
  /** (a) Send as many whole lines as fit. Absent when not even the header fits. */
  firstPart?: FirstPartOption;
  /** (b) Several messages, cut at line boundaries (inside a line only when one line exceeds a message). */
  split?: SplitPart[];
  /** (c) App robot only: send the code as a file. */
  file?: FileOption;
}

/** Result of {@link planMessageSize}. */
export type SizePlan =
  | { fits: true; target: RobotTarget; bytes: number; limit: number; message: OutgoingMarkdown }
  | { fits: false; target: RobotTarget; bytes: number; limit: number; options: SizeOptions };

/** Options of {@link planMessageSize}. */
export interface SizePlanOptions {
  /** Override the target's limit (tests, or a stricter local policy). Capped at DingTalk's own limit. */
  limitBytes?: number;
}

/** The msgUuid used only for measuring: same length as the random UUID the real builder adds. */
export const SIZING_UUID = '00000000-0000-4000-8000-000000000000';
/** Widest part numbers reserved while packing (`Part 999999999/999999999`). */
const WIDEST_PART_NUMBER = '999999999';
/** Bytes of the blank line between blocks once JSON-escaped (`\n\n` → 4 bytes). */
const SEPARATOR_BYTES = 4;

/** The default limit for a target. */
export function limitFor(target: RobotTarget): number {
  return target === 'appRobot' ? APP_ROBOT_MSG_PARAM_LIMIT_BYTES : CUSTOM_ROBOT_BODY_LIMIT_BYTES;
}

/**
 * Size of a message as DingTalk measures it: custom robot → the JSON body produced by `markdownMessage` +
 * `serializeCustomRobotMessage` (with a fixed-length msgUuid); app robot → the msgParam string of
 * `sampleMarkdown` (`{"title","text"}`), computed the same way `sampleMarkdown` does so oversized messages
 * can be measured too.
 */
export function measureMessage(message: { title: string; markdown: string; atMobiles?: string[]; atUserIds?: string[]; isAtAll?: boolean }, target: RobotTarget): number {
  if (target === 'appRobot') return utf8Bytes(JSON.stringify({ title: message.title, text: message.markdown }));
  const at = atOf(message);
  const body = serializeCustomRobotMessage(markdownMessage(message.title, message.markdown, { msgUuid: SIZING_UUID, ...(at ? { at } : {}) }), Number.POSITIVE_INFINITY);
  return utf8Bytes(body);
}

/** The `at` field exactly as `sendSelection` builds it, so sizes match what is sent. */
export function atOf(message: { atMobiles?: string[]; atUserIds?: string[]; isAtAll?: boolean }): { atMobiles?: string[]; atUserIds?: string[]; isAtAll?: boolean } | undefined {
  const at: { atMobiles?: string[]; atUserIds?: string[]; isAtAll?: boolean } = {};
  if (message.atMobiles?.length) at.atMobiles = message.atMobiles;
  if (message.atUserIds?.length) at.atUserIds = message.atUserIds;
  if (message.isAtAll) at.isAtAll = true;
  return at.atMobiles || at.atUserIds || at.isAtAll ? at : undefined;
}

/** True when the real serialiser accepts the message within `limit`. */
function acceptedBySerializer(message: OutgoingMarkdown, target: RobotTarget, limit: number): boolean {
  try {
    if (target === 'appRobot') {
      const param = sampleMarkdown(message.title, message.markdown).msgParam;
      return utf8Bytes(param) <= limit;
    }
    const at = atOf(message);
    serializeCustomRobotMessage(markdownMessage(message.title, message.markdown, { msgUuid: SIZING_UUID, ...(at ? { at } : {}) }), limit);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a composed message against its target's limit. When it is too large, returns fully built
 * alternatives: the first lines that fit (with a "N more lines not sent" note), a split into parts that each
 * fit (mentions on the first part only), and for the app robot what is needed to send a file instead.
 * Deterministic and linear in the size of the code.
 */
export function planMessageSize(message: ComposedCodeMessage, options: SizePlanOptions = {}): SizePlan {
  const layout = message.layout;
  const target = layout.target;
  const ceiling = limitFor(target);
  const limit = options.limitBytes !== undefined && Number.isFinite(options.limitBytes) ? Math.max(0, Math.min(Math.floor(options.limitBytes), ceiling)) : ceiling;
  const whole: OutgoingMarkdown = {
    title: message.title,
    markdown: message.markdown,
    atMobiles: message.atMobiles,
    atUserIds: message.atUserIds,
    isAtAll: message.isAtAll,
    bytes: measureMessage(message, target),
  };
  if (whole.bytes <= limit) return { fits: true, target, bytes: whole.bytes, limit, message: whole };

  const planner = new Planner(message, layout, limit);
  const result: SizeOptions = {};
  const firstPart = planner.firstPart();
  if (firstPart) result.firstPart = firstPart;
  const split = planner.split();
  if (split) result.split = split;
  if (target === 'appRobot') result.file = fileOption(layout.snippets);
  return { fits: false, target, bytes: whole.bytes, limit, options: result };
}

// ---------------------------------------------------------------------------------------------------------

/** JSON-escaped UTF-8 size of a string, without the quotes. */
function jsonBytes(text: string): number {
  return utf8Bytes(JSON.stringify(text)) - 2;
}

/** Per-snippet measurements, computed once. */
class SnippetCosts {
  /** Start offset of each line in `code`. */
  readonly lineStart: number[] = [];
  /** End offset (exclusive, before the `\n`) of each line. */
  readonly lineEnd: number[] = [];
  /** `q[k]` = Σ over lines m < k of (JSON bytes of line m + 2 for its escaped `\n`). */
  readonly q: number[] = [0];
  /** JSON bytes of the block around the code, for the widest line numbers a piece can have. */
  readonly overhead: number;

  constructor(layout: MessageLayout, readonly snippet: SnippetLayout) {
    const code = snippet.code;
    if (code !== '') {
      let start = 0;
      for (;;) {
        const nl = code.indexOf('\n', start);
        const end = nl === -1 ? code.length : nl;
        this.lineStart.push(start);
        this.lineEnd.push(end);
        this.q.push(this.q[this.q.length - 1] + jsonBytes(code.slice(start, end)) + 2);
        if (nl === -1) break;
        start = nl + 1;
      }
    }
    // Line numbers in a piece never have more digits than the last line's; the range form is the longer one.
    // (The text may hold more lines than the caller's range says, hence the max.)
    const end = Math.max(snippet.endLine, snippet.startLine + Math.max(0, this.lineCount - 1));
    const single = jsonBytes(renderSnippetBlock(layout, snippet, '', end, end));
    const range = end > 1 ? jsonBytes(renderSnippetBlock(layout, snippet, '', end - 1, end)) : 0;
    this.overhead = Math.max(single, range);
  }

  get lineCount(): number {
    return this.lineStart.length;
  }

  /**
   * JSON bytes of line `i` from offset `pos` to its end. Returns `Infinity` without measuring when the text has
   * more code units than `avail` bytes (each code unit costs at least one byte), which keeps cutting a huge
   * single line linear.
   */
  headCost(i: number, pos: number, avail: number): number {
    if (pos === this.lineStart[i]) return this.q[i + 1] - this.q[i] - 2;
    if (this.lineEnd[i] - pos > avail) return Number.POSITIVE_INFINITY;
    return jsonBytes(this.snippet.code.slice(pos, this.lineEnd[i]));
  }

  /** JSON bytes of the code shown from the start of a piece (whose first line `i` costs `head`) to the end of line `j` (j ≥ i). */
  cost(head: number, i: number, j: number): number {
    return head + this.q[j + 1] - this.q[i + 1];
  }

  /** Line index containing offset `pos` (pos < code.length), searching forward from `hint`. */
  lineAt(pos: number, hint: number): number {
    let i = hint;
    while (i + 1 < this.lineCount && this.lineStart[i + 1] <= pos) i++;
    return i;
  }
}

interface PackedPart {
  pieces: CodePiece[];
  used: number;
}

class Planner {
  private readonly costs: SnippetCosts[];

  constructor(private readonly message: ComposedCodeMessage, private readonly layout: MessageLayout, private readonly limit: number) {
    this.costs = layout.snippets.map((s) => new SnippetCosts(layout, s));
  }

  private get totalLines(): number {
    return this.costs.reduce((n, c) => n + c.lineCount, 0);
  }

  /** Option (a): one message with the first whole lines that fit and a note. */
  firstPart(): FirstPartOption | undefined {
    const { layout, message } = this;
    const footerBound = SEPARATOR_BYTES + jsonBytes(fillLabel(layout.labels.truncated, this.totalLines));
    let slack = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const fixed = this.measureFixed(layout.title, true, undefined) + footerBound + slack;
      const parts = this.pack(fixed, fixed, 1);
      if (!parts || parts.length === 0 || parts[0].pieces.length === 0) return undefined;
      const pieces = parts[0].pieces;
      const sentLines = this.fullySentLines(pieces);
      const omittedLines = this.totalLines - sentLines;
      const markdown = renderMessageText(layout, {
        includeIntro: true,
        blocks: this.blocks(pieces),
        footer: fillLabel(layout.labels.truncated, omittedLines),
      });
      const out: OutgoingMarkdown = { title: layout.title, markdown, atMobiles: message.atMobiles, atUserIds: message.atUserIds, isAtAll: message.isAtAll, bytes: 0 };
      out.bytes = measureMessage(out, layout.target);
      if (out.bytes <= this.limit && acceptedBySerializer(out, layout.target, this.limit)) return { ...out, pieces, sentLines, omittedLines };
      slack += out.bytes - this.limit + 16;
    }
    return undefined;
  }

  /** Option (b): every line in order over as many messages as needed. */
  split(): SplitPart[] | undefined {
    const { layout, message } = this;
    const marker = fillLabel(layout.labels.partOf, WIDEST_PART_NUMBER, WIDEST_PART_NUMBER);
    const widestTitle = `${layout.title} (${marker})`;
    let slack = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const firstFixed = this.measureFixed(widestTitle, true, marker) + slack;
      const restFixed = this.measureFixed(widestTitle, false, marker) + slack;
      const parts = this.pack(firstFixed, restFixed, Number.POSITIVE_INFINITY);
      if (!parts) return undefined;
      const count = parts.length;
      let overshoot = 0;
      const built = parts.map((part, i): SplitPart => {
        const index = i + 1;
        const partMarker = fillLabel(layout.labels.partOf, index, count);
        const first = i === 0;
        const out: OutgoingMarkdown = {
          title: `${layout.title} (${partMarker})`,
          markdown: renderMessageText(layout, { includeIntro: first, marker: partMarker, blocks: this.blocks(part.pieces) }),
          atMobiles: first ? message.atMobiles : [],
          atUserIds: first ? message.atUserIds : [],
          isAtAll: first && message.isAtAll,
          bytes: 0,
        };
        out.bytes = measureMessage(out, layout.target);
        if (out.bytes > this.limit || !acceptedBySerializer(out, layout.target, this.limit)) overshoot = Math.max(overshoot, out.bytes - this.limit, 1);
        return { ...out, index, count, pieces: part.pieces };
      });
      if (overshoot === 0) return built;
      slack += overshoot + 16;
    }
    return undefined;
  }

  /** Bytes of a message with the given title and header but no snippet blocks. */
  private measureFixed(title: string, first: boolean, marker: string | undefined): number {
    const { layout, message } = this;
    const markdown = renderMessageText(layout, { includeIntro: first, marker, blocks: [] });
    return measureMessage({ title, markdown, atMobiles: first ? message.atMobiles : [], atUserIds: first ? message.atUserIds : [], isAtAll: first && message.isAtAll }, layout.target);
  }

  private blocks(pieces: CodePiece[]): string[] {
    return pieces.map((p) => renderSnippetBlock(this.layout, this.layout.snippets[p.snippetIndex], p.code, p.startLine, p.endLine));
  }

  /**
   * Lines whose every character is in `pieces`. Option (a) has at most one piece per snippet and it starts at
   * the top of the snippet, so a line is complete when it ends within the piece.
   */
  private fullySentLines(pieces: CodePiece[]): number {
    let lines = 0;
    for (const p of pieces) {
      const costs = this.costs[p.snippetIndex];
      let n = 0;
      while (n < costs.lineCount && costs.lineEnd[n] <= p.code.length) n++;
      lines += n;
    }
    return lines;
  }

  /**
   * Greedy packing of all snippets, in order, into parts of at most `limit` bytes. `firstFixed`/`restFixed`
   * are the bytes of a part without any snippet block. Stops after `maxParts` parts. Undefined when some
   * piece cannot fit even in an empty part.
   */
  private pack(firstFixed: number, restFixed: number, maxParts: number): PackedPart[] | undefined {
    if (firstFixed > this.limit || (maxParts > 1 && restFixed > this.limit)) return undefined;
    const parts: PackedPart[] = [{ pieces: [], used: firstFixed }];
    let current = parts[0];
    const newPart = (): boolean => {
      if (parts.length >= maxParts) return false;
      current = { pieces: [], used: restFixed };
      parts.push(current);
      return true;
    };

    for (let index = 0; index < this.costs.length; index++) {
      const costs = this.costs[index];
      const snippet = costs.snippet;
      const code = snippet.code;
      if (code === '') {
        const need = SEPARATOR_BYTES + costs.overhead;
        if (current.used + need > this.limit) {
          if (current.pieces.length === 0) return undefined;
          if (!newPart()) return parts;
          if (current.used + need > this.limit) return undefined;
        }
        current.pieces.push({ snippetIndex: index, startLine: snippet.startLine, endLine: snippet.startLine, code: '' });
        current.used += need;
        continue;
      }
      let pos = 0;
      let line = 0;
      while (pos < code.length) {
        line = costs.lineAt(pos, line);
        const avail = this.limit - current.used - SEPARATOR_BYTES - costs.overhead;
        const last = costs.lineCount - 1;
        const head = costs.headCost(line, pos, avail);
        if (head <= avail) {
          // Whole lines (the first may be the rest of a line cut in an earlier part).
          let j = line;
          while (j < last && costs.cost(head, line, j + 1) <= avail) j++;
          const endPos = j < last ? costs.lineStart[j + 1] : code.length;
          current.pieces.push({ snippetIndex: index, startLine: snippet.startLine + line, endLine: snippet.startLine + j, code: code.slice(pos, endPos) });
          current.used += SEPARATOR_BYTES + costs.overhead + costs.cost(head, line, j);
          pos = endPos;
          continue;
        }
        if (current.pieces.length > 0) {
          if (!newPart()) return parts;
          continue;
        }
        // A single line longer than a whole message: cut it on a character boundary.
        const take = this.longestPrefix(code, pos, costs.lineEnd[line], avail);
        if (take === 0) return undefined;
        const endPos = pos + take;
        current.pieces.push({ snippetIndex: index, startLine: snippet.startLine + line, endLine: snippet.startLine + line, code: code.slice(pos, endPos) });
        current.used += SEPARATOR_BYTES + costs.overhead + jsonBytes(code.slice(pos, endPos));
        pos = endPos;
      }
    }
    return parts;
  }

  /**
   * Longest `code.slice(pos, pos + n)` (n ≤ end − pos) whose JSON size is ≤ `avail`, never splitting a
   * surrogate pair (so never splitting a UTF-8 character). Binary search over at most `avail` code units,
   * since every code unit costs at least one byte.
   */
  private longestPrefix(code: string, pos: number, end: number, avail: number): number {
    if (avail <= 0) return 0;
    let lo = 0;
    let hi = Math.min(end - pos, avail);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (jsonBytes(code.slice(pos, pos + mid)) <= avail) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0 && lo < end - pos && isHighSurrogate(code.charCodeAt(pos + lo - 1)) && isLowSurrogate(code.charCodeAt(pos + lo))) lo--;
    return lo;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

// ---------------------------------------------------------------------------------------------------------

function fileOption(snippets: readonly SnippetLayout[]): FileOption {
  if (snippets.length === 1) {
    const s = snippets[0];
    const { stem, ext } = splitName(s.fileName);
    const lines = s.startLine === s.endLine ? `L${s.startLine}` : `L${s.startLine}-${s.endLine}`;
    const fileName = safeFileName(`${stem}-${lines}${ext}`);
    return { text: s.code, fileName, archiveFileName: safeFileName(`${stem}-${lines}.zip`) };
  }
  const text = snippets
    .map((s) => `==> ${s.path}:${s.startLine === s.endLine ? s.startLine : `${s.startLine}-${s.endLine}`} <==\n${s.code}`)
    .join('\n\n');
  const stem = snippets.length ? splitName(snippets[0].fileName).stem : 'snippet';
  return { text, fileName: safeFileName(`${stem}-snippets.txt`), archiveFileName: safeFileName(`${stem}-snippets.zip`) };
}

function splitName(fileName: string): { stem: string; ext: string } {
  const dot = fileName.lastIndexOf('.');
  if (dot > 0) return { stem: fileName.slice(0, dot), ext: fileName.slice(dot) };
  return { stem: fileName || 'snippet', ext: fileName ? '' : '.txt' };
}

function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
  return cleaned || 'snippet.txt';
}

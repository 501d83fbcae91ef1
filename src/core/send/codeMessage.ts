/**
 * Composition of the DingTalk markdown message for "Send Selection".
 *
 * Everything the reader sees comes either from the user (code, note, names) or from `labels`, which the host
 * localises; this module has no built-in language beyond the English defaults. Rendering is split into small
 * pieces (header, one block per snippet) so the size planner can rebuild partial and split messages with the
 * exact same layout.
 */

import { buildPermalink } from './permalink';
import { hostDisplayName, ParsedRemote } from './remoteUrl';

/** Which DingTalk robot sends: the custom (webhook) robot can @-mention, the app robot cannot. */
export type RobotTarget = 'customRobot' | 'appRobot';

/** Git state of the repository holding a snippet. */
export interface RepoInfo {
  branch?: string;
  /** Full commit id of HEAD; needed for a permalink. */
  commit?: string;
  /** Parsed `origin` (or upstream) remote; see `parseRemoteUrl`. */
  remote?: ParsedRemote;
  /** The working tree has uncommitted changes, so the code may differ from what the permalink shows. */
  dirty?: boolean;
}

/** One selection. Lines are 1-based and inclusive, as shown in the editor's gutter. */
export interface CodeSnippet {
  /** Workspace-relative path shown in the message. */
  relativePath: string;
  /** Repository-relative path for the permalink when the workspace folder is not the repository root. */
  repoPath?: string;
  /** VS Code language id (`typescriptreact`, `shellscript`…). */
  languageId: string;
  startLine: number;
  endLine: number;
  text: string;
  /** Overrides {@link CodeMessageInput.repo} for this snippet (multi-root workspaces). */
  repo?: RepoInfo;
}

/** A person to address. Custom robots notify via `userId` (preferred) or `mobile`. */
export interface Mention {
  displayName: string;
  mobile?: string;
  userId?: string;
}

/**
 * User-facing strings, with `{0}`, `{1}` placeholders. The host passes localised versions (e.g. 简体中文);
 * anything omitted falls back to {@link DEFAULT_CODE_MESSAGE_LABELS}.
 */
export interface CodeMessageLabels {
  /** One line: `Line {0}`. */
  line: string;
  /** A range: `Lines {0}-{1}`. */
  lines: string;
  /** Language display name: `{0}`. */
  language: string;
  /** `Branch: {0}` ({0} is already formatted as code). */
  branch: string;
  /** `Commit: {0}` ({0} is the 7-character short id, formatted as code). */
  commit: string;
  /** Link text: `View on {0}` ({0} = GitHub, GitLab, Gitee, Bitbucket, Codeup). */
  openPermalink: string;
  /** Shown under the link when the working tree is dirty. */
  dirtyWarning: string;
  /** Split marker: `Part {0}/{1}`. */
  partOf: string;
  /** Note closing a cut message: `{0} more lines not sent.` */
  truncated: string;
  /** Addressees written as text: `To: {0}`. */
  to: string;
  /** Separator between names in `to`. */
  listSeparator: string;
  /** Title suffix for several snippets: `(+{0} more)`. */
  moreSnippets: string;
  /** Title when there is no snippet at all. */
  untitled: string;
  /** Warning for the host (not in the message): the app robot cannot @; {0} = names. */
  mentionsUnsupported: string;
  /** Warning for the host: these people have neither mobile nor userId; {0} = names. */
  mentionsMissingId: string;
  /** How "everyone in the group" is written: `@all` (custom robot: with `at.isAtAll`). */
  everyone: string;
}

/** English defaults of {@link CodeMessageLabels}. */
export const DEFAULT_CODE_MESSAGE_LABELS: Readonly<CodeMessageLabels> = Object.freeze({
  line: 'Line {0}',
  lines: 'Lines {0}-{1}',
  language: '{0}',
  branch: 'Branch: {0}',
  commit: 'Commit: {0}',
  openPermalink: 'View on {0}',
  dirtyWarning: 'Uncommitted changes: the link shows the last commit, which may differ from this code.',
  partOf: 'Part {0}/{1}',
  truncated: '{0} more lines not sent.',
  to: 'To: {0}',
  listSeparator: ', ',
  moreSnippets: '(+{0} more)',
  untitled: 'Code snippet',
  mentionsUnsupported: 'The app robot cannot @-mention anyone: {0} will be named in the message but not notified.',
  mentionsMissingId: 'No mobile number or userId for {0}: named in the message but not notified.',
  everyone: '@all',
});

/** Input of {@link composeCodeMessage}. */
export interface CodeMessageInput {
  snippets: CodeSnippet[];
  repo?: RepoInfo;
  /** The user's own text; shown first so the message reads like a message. Markdown is kept as written. */
  note?: string;
  mentions?: Mention[];
  /** @-mention everyone in the group (custom robot: `at.isAtAll`; the app robot can only write it). */
  mentionEveryone?: boolean;
  target: RobotTarget;
  labels?: Partial<CodeMessageLabels>;
}

/** A snippet after normalisation, as it appears in the message. */
export interface RenderedSnippet {
  /** Display path (forward slashes). */
  path: string;
  fileName: string;
  /** Markdown fence language (`tsx`, `bash`…), '' when none. */
  fenceLanguage: string;
  /** Lines of `code`; shifted when blank lines at the edges of the selection were dropped. */
  startLine: number;
  endLine: number;
  /** LF-only, common indentation removed, no trailing whitespace, no blank first/last lines. */
  code: string;
  /** Permalink for the whole snippet, when one could be built. */
  permalink?: string;
}

/** Internal layout shared with the size planner. Treat as opaque. */
export interface MessageLayout {
  readonly target: RobotTarget;
  readonly title: string;
  readonly labels: CodeMessageLabels;
  readonly heading: string;
  /** Note and mention line: first message only. */
  readonly intro: string[];
  readonly snippets: SnippetLayout[];
}

/** Per-snippet layout. Treat as opaque. */
export interface SnippetLayout extends RenderedSnippet {
  readonly languageName: string;
  /** Backtick fence longer than any backtick run in `code`. */
  readonly fence: string;
  readonly repoPath: string;
  readonly repo?: RepoInfo;
}

/** Result of {@link composeCodeMessage}. */
export interface ComposedCodeMessage {
  /** Shown in DingTalk's conversation list: `hello.ts:12-18`, `hello.ts:12-18 (+2 more)`. */
  title: string;
  markdown: string;
  /** For the custom robot's `at.atMobiles`; always empty for the app robot. */
  atMobiles: string[];
  /** For the custom robot's `at.atUserIds`; always empty for the app robot. */
  atUserIds: string[];
  /** For the custom robot's `at.isAtAll`; always false for the app robot. */
  isAtAll: boolean;
  target: RobotTarget;
  /** Display names that appear in the message but will not be notified. */
  unnotifiedMentions: string[];
  /** Localised explanations for the host to show before sending (never part of the message). */
  warnings: string[];
  snippets: RenderedSnippet[];
  /** Rendering model reused by the size planner. */
  layout: MessageLayout;
}

/** Replaces `{0}`, `{1}`… in a label. */
export function fillLabel(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Composes the markdown message for one or more snippets.
 *
 * Layout: a heading with the title; the note; the addressees; then per snippet its path, lines and language,
 * branch, short commit and permalink (a dirty tree adds a warning), and the code in a fence tagged with the
 * markdown language. Custom robot: addressees become `@userId`/`@mobile` tokens plus `atUserIds`/`atMobiles`.
 * App robot: names in plain text and a warning, since that API has no `at`.
 */
export function composeCodeMessage(input: CodeMessageInput): ComposedCodeMessage {
  const labels = mergeLabels(input.labels);
  const target: RobotTarget = input.target === 'appRobot' ? 'appRobot' : 'customRobot';
  const snippets = (input.snippets ?? []).map((s) => layoutSnippet(s, s?.repo ?? input.repo));
  const title = titleOf(snippets, labels);
  const people = resolveMentions(input.mentions, input.mentionEveryone === true, target, labels);
  const intro: string[] = [];
  const note = normaliseNote(input.note);
  if (note) intro.push(note);
  if (people.line) intro.push(people.line);

  const layout: MessageLayout = { target, title, labels, heading: `### ${title}`, intro, snippets };
  const markdown = renderMessageText(layout, {
    includeIntro: true,
    blocks: snippets.map((s) => renderSnippetBlock(layout, s, s.code, s.startLine, s.endLine)),
  });
  return {
    title,
    markdown,
    atMobiles: people.atMobiles,
    atUserIds: people.atUserIds,
    isAtAll: people.isAtAll,
    target,
    unnotifiedMentions: people.unnotified,
    warnings: people.warnings,
    snippets: snippets.map(({ path, fileName, fenceLanguage, startLine, endLine, code, permalink }) => {
      const rendered: RenderedSnippet = { path, fileName, fenceLanguage, startLine, endLine, code };
      if (permalink) rendered.permalink = permalink;
      return rendered;
    }),
    layout,
  };
}

/** Options of {@link renderMessageText}. */
export interface RenderTextOptions {
  /** Note and addressees (first message only). */
  includeIntro: boolean;
  /** `Part i/K` marker, already filled. */
  marker?: string;
  /** Rendered snippet blocks. */
  blocks: string[];
  /** Closing note (e.g. "N more lines not sent."), already filled. */
  footer?: string;
}

/** Joins heading, intro, marker, blocks and footer with blank lines. */
export function renderMessageText(layout: MessageLayout, options: RenderTextOptions): string {
  const parts = [layout.heading];
  if (options.marker) parts.push(options.marker);
  if (options.includeIntro) parts.push(...layout.intro);
  parts.push(...options.blocks);
  if (options.footer) parts.push(options.footer);
  return parts.join('\n\n');
}

/**
 * Renders one snippet block for `code` covering `startLine..endLine` (a whole snippet or a piece of it). The
 * permalink is rebuilt for those lines. `code` is shown as is; one trailing newline is dropped so a piece that
 * ends at a line break does not show an extra empty line.
 */
export function renderSnippetBlock(layout: MessageLayout, snippet: SnippetLayout, code: string, startLine: number, endLine: number): string {
  const { labels } = layout;
  const range = startLine === endLine ? fillLabel(labels.line, startLine) : fillLabel(labels.lines, startLine, endLine);
  const head = [codeSpan(snippet.path), range];
  if (snippet.languageName) head.push(fillLabel(labels.language, snippet.languageName));
  const out = [head.join(' · ')];

  const repo = snippet.repo;
  const details: string[] = [];
  if (repo?.branch?.trim()) details.push(fillLabel(labels.branch, codeSpan(repo.branch.trim())));
  const commit = repo?.commit?.trim();
  if (commit) details.push(fillLabel(labels.commit, codeSpan(commit.slice(0, 7))));
  const link = permalinkFor(snippet, startLine, endLine);
  if (link && repo?.remote?.kind) details.push(`[${fillLabel(labels.openPermalink, hostDisplayName(repo.remote.kind))}](${link})`);
  if (details.length) out.push(details.join(' · '));
  if (link && repo?.dirty) out.push(`⚠️ ${labels.dirtyWarning}`);

  const shown = code.endsWith('\n') ? code.slice(0, -1) : code;
  out.push(`${snippet.fence}${snippet.fenceLanguage}\n${shown}\n${snippet.fence}`);
  return out.join('\n\n');
}

function permalinkFor(snippet: SnippetLayout, startLine: number, endLine: number): string | undefined {
  const repo = snippet.repo;
  if (!repo?.remote || !repo.commit) return undefined;
  return buildPermalink({ remote: repo.remote, commit: repo.commit, path: snippet.repoPath, startLine, endLine });
}

/** {@link DEFAULT_CODE_MESSAGE_LABELS} with the given overrides (each made single-line). */
export function mergeLabels(overrides: Partial<CodeMessageLabels> | undefined): CodeMessageLabels {
  const labels: CodeMessageLabels = { ...DEFAULT_CODE_MESSAGE_LABELS };
  if (overrides) {
    for (const key of Object.keys(DEFAULT_CODE_MESSAGE_LABELS) as (keyof CodeMessageLabels)[]) {
      const value = overrides[key];
      // Labels are single-line texts; a stray newline would break the markdown layout.
      if (typeof value === 'string') labels[key] = value.replace(/\s*[\r\n]+\s*/g, ' ');
    }
  }
  return labels;
}

function titleOf(snippets: SnippetLayout[], labels: CodeMessageLabels): string {
  if (snippets.length === 0) return labels.untitled.trim() || DEFAULT_CODE_MESSAGE_LABELS.untitled;
  const first = snippets[0];
  const lines = first.startLine === first.endLine ? `${first.startLine}` : `${first.startLine}-${first.endLine}`;
  const name = first.fileName || labels.untitled.trim() || DEFAULT_CODE_MESSAGE_LABELS.untitled;
  const base = `${name}:${lines}`;
  return snippets.length > 1 ? `${base} ${fillLabel(labels.moreSnippets, snippets.length - 1)}` : base;
}

// ---------------------------------------------------------------------------------------------------------
// Snippets

function layoutSnippet(snippet: CodeSnippet, repo: RepoInfo | undefined): SnippetLayout {
  const path = toDisplayPath(snippet?.relativePath);
  const fileName = oneLine(path.split('/').pop() ?? '');
  const languageId = typeof snippet?.languageId === 'string' ? snippet.languageId.trim() : '';
  const { code, startLine, endLine } = normaliseCode(String(snippet?.text ?? ''), snippet?.startLine, snippet?.endLine);
  const repoPath = typeof snippet?.repoPath === 'string' && snippet.repoPath.trim() ? snippet.repoPath : path;
  const layout: SnippetLayout = {
    path,
    fileName,
    fenceLanguage: fenceLanguageOf(languageId),
    startLine,
    endLine,
    code,
    languageName: oneLine(languageNameOf(languageId)),
    fence: fenceFor(code),
    repoPath,
    repo,
  };
  const link = permalinkFor(layout, startLine, endLine);
  return link ? { ...layout, permalink: link } : layout;
}

function toDisplayPath(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return oneLine(text.replace(/\\/g, '/').replace(/^(\.\/)+/, ''));
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * CRLF/CR → LF, trailing whitespace removed, blank first/last lines dropped (shifting the line numbers when
 * they match the text), then the indentation common to all non-blank lines removed. Tabs stay tabs.
 */
export function normaliseCode(text: string, startLine: unknown, endLine: unknown): { code: string; startLine: number; endLine: number } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  let start = positiveInt(startLine) ?? 1;
  let end = positiveInt(endLine) ?? start + lines.length - 1;
  if (end < start) [start, end] = [end, start];
  const rangeMatches = end - start + 1 === lines.length;

  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first] === '') first++;
  while (last >= first && lines[last] === '') last--;
  if (first > last) return { code: '', startLine: start, endLine: rangeMatches ? start : end };
  if (rangeMatches) {
    end = start + last;
    start += first;
  }
  const kept = lines.slice(first, last + 1);
  const indent = commonIndent(kept);
  const code = indent ? kept.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n') : kept.join('\n');
  return { code, startLine: start, endLine: end };
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function commonIndent(lines: string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (line === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === undefined) {
      common = indent;
    } else {
      let i = 0;
      while (i < common.length && i < indent.length && common[i] === indent[i]) i++;
      common = common.slice(0, i);
    }
    if (common === '') break;
  }
  return common ?? '';
}

/** A backtick fence longer than the longest backtick run in the code (at least three). */
function fenceFor(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** LF line ends, no trailing whitespace, no blank first or last lines. */
export function normaliseNote(note: unknown): string {
  if (typeof note !== 'string') return '';
  const lines = note.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  return lines.join('\n').replace(/^\n+|\n+$/g, '');
}

function codeSpan(text: string): string {
  if (!text.includes('`')) return `\`${text}\``;
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks} ${text} ${ticks}`;
}

// ---------------------------------------------------------------------------------------------------------
// Languages

/** VS Code language ids whose markdown fence name differs. */
const FENCE_LANGUAGE: Readonly<Record<string, string>> = {
  typescriptreact: 'tsx',
  javascriptreact: 'jsx',
  shellscript: 'bash',
  jsonc: 'json',
  json5: 'json',
  plaintext: '',
  'objective-c': 'objectivec',
  'objective-cpp': 'objectivecpp',
  dockercompose: 'yaml',
  'vue-html': 'html',
  razor: 'cshtml',
  'git-commit': '',
  'git-rebase': '',
  ignore: '',
  properties: 'properties',
  restructuredtext: 'rst',
  bat: 'bat',
  coffeescript: 'coffee',
  'cuda-cpp': 'cuda',
  tex: 'latex',
  latex: 'latex',
  perl6: 'raku',
  'jade': 'pug',
};

/** Markdown fence language for a VS Code language id ('' when none fits). */
export function fenceLanguageOf(languageId: string): string {
  const id = (languageId ?? '').trim();
  if (Object.prototype.hasOwnProperty.call(FENCE_LANGUAGE, id)) return FENCE_LANGUAGE[id];
  // An info string with spaces or backticks would corrupt the fence.
  return /^[A-Za-z0-9_+#.-]{1,40}$/.test(id) ? id.toLowerCase() : '';
}

const LANGUAGE_NAME: Readonly<Record<string, string>> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript React',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript React',
  python: 'Python',
  java: 'Java',
  go: 'Go',
  rust: 'Rust',
  c: 'C',
  cpp: 'C++',
  csharp: 'C#',
  shellscript: 'Shell',
  powershell: 'PowerShell',
  json: 'JSON',
  jsonc: 'JSON with Comments',
  yaml: 'YAML',
  markdown: 'Markdown',
  html: 'HTML',
  css: 'CSS',
  scss: 'SCSS',
  less: 'Less',
  sql: 'SQL',
  kotlin: 'Kotlin',
  swift: 'Swift',
  php: 'PHP',
  ruby: 'Ruby',
  vue: 'Vue',
  xml: 'XML',
  dockerfile: 'Dockerfile',
  plaintext: 'Plain Text',
  'objective-c': 'Objective-C',
  dart: 'Dart',
  lua: 'Lua',
  scala: 'Scala',
};

/** Display name of a VS Code language id (the id itself when unknown). */
export function languageNameOf(languageId: string): string {
  const id = (languageId ?? '').trim();
  return Object.prototype.hasOwnProperty.call(LANGUAGE_NAME, id) ? LANGUAGE_NAME[id] : id;
}

// ---------------------------------------------------------------------------------------------------------
// Mentions

/** Result of {@link resolveMentions}. */
export interface ResolvedMentions {
  line?: string;
  atMobiles: string[];
  atUserIds: string[];
  isAtAll: boolean;
  unnotified: string[];
  warnings: string[];
}

/**
 * Who a message addresses, as DingTalk needs it: for the custom robot `@id` tokens (the `line`) plus the `at`
 * lists, people without an id named in a "To:" part; for the app robot, which cannot @, everyone named.
 */
export function resolveMentions(mentions: Mention[] | undefined, everyone: boolean, target: RobotTarget, labels: CodeMessageLabels): ResolvedMentions {
  const result: ResolvedMentions = { atMobiles: [], atUserIds: [], isAtAll: false, unnotified: [], warnings: [] };
  const list = Array.isArray(mentions) ? mentions : [];
  if (list.length === 0 && !everyone) return result;
  const tokens: string[] = [];
  const named: string[] = [];
  if (everyone) {
    // DingTalk notifies the whole group for `isAtAll`; the text says so, as DingTalk's own "@所有人" does.
    if (target === 'customRobot') {
      result.isAtAll = true;
      tokens.push(labels.everyone);
    } else {
      named.push(labels.everyone);
    }
  }
  const seen = new Set<string>();
  for (const m of list) {
    if (!m || typeof m !== 'object') continue;
    const userId = cleanId(m.userId);
    const mobile = cleanId(m.mobile);
    const name = oneLine(typeof m.displayName === 'string' ? m.displayName : '') || userId || mobile;
    if (!name) continue;
    const key = userId ? `u:${userId}` : mobile ? `m:${mobile}` : `n:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (target === 'customRobot' && (userId || mobile)) {
      // userId first: it needs no personal data in the text; DingTalk renders both as the person's name.
      if (userId) result.atUserIds.push(userId);
      else result.atMobiles.push(mobile);
      tokens.push(`@${userId || mobile}`);
    } else {
      named.push(name);
    }
  }
  const pieces: string[] = [];
  if (tokens.length) pieces.push(tokens.join(' '));
  if (named.length) {
    pieces.push(fillLabel(labels.to, named.join(labels.listSeparator)));
    result.unnotified = named;
    const template = target === 'appRobot' ? labels.mentionsUnsupported : labels.mentionsMissingId;
    result.warnings.push(fillLabel(template, named.join(labels.listSeparator)));
  }
  if (pieces.length) result.line = pieces.join(' · ');
  return result;
}

function cleanId(value: unknown): string {
  // Ids go into `@id` tokens that DingTalk matches literally: no whitespace inside.
  return typeof value === 'string' ? value.replace(/\s+/g, '') : '';
}

/**
 * What a TODO becomes in DingTalk: the subject (its text), a plain-text description (where it is, a few lines of
 * code around it, the permalink and the link back into VS Code) and the detailUrl. Kept within DingTalk's limits
 * (subject 1024, description 4096 characters).
 */

import type { TodoDetailUrl } from '../dingtalk/todos';
import type { TodoItem } from './todoFinder';

export const SUBJECT_MAX = 1024;
export const DESCRIPTION_MAX = 4096;
const CODE_LINE_MAX = 200;

/** User-facing words, with `{0}` placeholders; the host passes localised ones. */
export interface TodoContentLabels {
  readonly branch: string;
  readonly commit: string;
  readonly uncommitted: string;
  readonly openInEditor: string;
  readonly openOnWeb: string;
}

export const DEFAULT_TODO_CONTENT_LABELS: TodoContentLabels = {
  branch: 'Branch: {0}',
  commit: 'Commit: {0}',
  uncommitted: 'The file has uncommitted changes; the web link shows the last commit.',
  openInEditor: 'Open in VS Code: {0}',
  openOnWeb: 'View on the web: {0}',
};

export interface TodoContentInput {
  readonly item: TodoItem;
  /** Path shown to people (workspace- or repository-relative). */
  readonly displayPath: string;
  readonly lineCount: number;
  readonly lineAt: (line: number) => string;
  readonly branch?: string;
  readonly commit?: string;
  readonly dirty?: boolean;
  readonly permalink?: string;
  readonly editorLink: string;
  /** Lines of code shown before and after the TODO. */
  readonly contextLines?: number;
  readonly labels?: Partial<TodoContentLabels>;
}

function fill(template: string, ...values: string[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => values[Number(i)] ?? m);
}

function codePoints(s: string): string[] {
  return [...s];
}

function clip(s: string, max: number): string {
  const cps = codePoints(s);
  return cps.length <= max ? s : `${cps.slice(0, max - 1).join('')}…`;
}

/** The to-do's title: the TODO's text, else the tag and place (a bare `// TODO` still says where it is). */
export function todoSubject(item: TodoItem, displayPath: string): string {
  const text = item.text.trim();
  return clip(text || `${item.tag} ${displayPath}:${item.line + 1}`, SUBJECT_MAX);
}

function codeExcerpt(input: TodoContentInput, context: number): string {
  const first = Math.max(0, input.item.line - context);
  const last = Math.min(input.lineCount - 1, input.item.line + context);
  const width = String(last + 1).length;
  const rows: string[] = [];
  for (let n = first; n <= last; n++) {
    const code = clip(input.lineAt(n).replace(/\r$/, '').replace(/\t/g, '    ').trimEnd(), CODE_LINE_MAX);
    rows.push(`${n === input.item.line ? '>' : ' '} ${String(n + 1).padStart(width)} | ${code}`);
  }
  return rows.join('\n');
}

/** The description, shrinking the code excerpt (then clipping) to fit DingTalk's limit. */
export function todoDescription(input: TodoContentInput): string {
  const labels = { ...DEFAULT_TODO_CONTENT_LABELS, ...input.labels };
  const head: string[] = [`${input.displayPath}:${input.item.line + 1}`];
  const where = [input.branch ? fill(labels.branch, input.branch) : '', input.commit ? fill(labels.commit, input.commit.slice(0, 7)) : ''].filter(Boolean).join(' · ');
  if (where) head.push(where);
  const links: string[] = [];
  if (input.permalink) {
    links.push(fill(labels.openOnWeb, input.permalink));
    if (input.dirty) links.push(labels.uncommitted);
  }
  links.push(fill(labels.openInEditor, input.editorLink));
  for (let context = input.contextLines ?? 3; context >= 0; context--) {
    const text = [head.join('\n'), codeExcerpt(input, context), links.join('\n')].join('\n\n');
    if (codePoints(text).length <= DESCRIPTION_MAX) return text;
  }
  return clip([head.join('\n'), links.join('\n')].join('\n\n'), DESCRIPTION_MAX);
}

/**
 * Both jump URLs must be set for DingTalk to show the link. The desktop client gets the editor link; the phone
 * gets the web permalink when there is one (a `vscode://` link does nothing on a phone).
 */
export function todoDetailUrl(editorLink: string, permalink: string | undefined): TodoDetailUrl {
  return { pcUrl: editorLink, appUrl: permalink ?? editorLink };
}

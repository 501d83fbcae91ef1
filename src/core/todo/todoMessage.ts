/**
 * The custom-robot fallback: with no enterprise app there is no to-do API, so the TODO goes to a group as a
 * markdown message that @mentions its assignees, and says plainly that it is a message, not a tracked to-do.
 */

import { priorityLabel } from './priority';

export interface TodoMessageLabels {
  readonly notTracked: string;
  readonly assignedTo: string;
  readonly due: string;
  readonly priority: string;
  readonly viewOnWeb: string;
  readonly openInEditor: string;
}

export const DEFAULT_TODO_MESSAGE_LABELS: TodoMessageLabels = {
  notTracked: 'A message, not a tracked DingTalk to-do.',
  assignedTo: 'For: {0}',
  due: 'Due: {0}',
  priority: 'Priority: {0}',
  viewOnWeb: 'View on the web',
  openInEditor: 'Open in VS Code: {0}',
};

/** Someone to @mention: custom robots notify by user id (preferred) or mobile number. */
export interface TodoMention {
  readonly label: string;
  readonly mobile?: string;
  readonly userId?: string;
}

export interface TodoMessageInput {
  readonly tag: string;
  readonly subject: string;
  readonly displayPath: string;
  /** 1-based. */
  readonly line: number;
  readonly codeLine: string;
  readonly languageId?: string;
  readonly mentions: readonly TodoMention[];
  /** Formatted due date. */
  readonly due?: string;
  readonly priority?: number;
  readonly permalink?: string;
  readonly editorLink: string;
  readonly labels?: Partial<TodoMessageLabels>;
}

export interface TodoMessage {
  readonly title: string;
  readonly markdown: string;
  readonly atMobiles: string[];
  readonly atUserIds: string[];
}

function fill(template: string, value: string): string {
  return template.replace('{0}', value);
}

/** Markdown special characters that would change the meaning of plain text. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#|<>])/g, '\\$1');
}

export function composeTodoMessage(input: TodoMessageInput): TodoMessage {
  const labels = { ...DEFAULT_TODO_MESSAGE_LABELS, ...input.labels };
  const atMobiles: string[] = [];
  const atUserIds: string[] = [];
  // DingTalk highlights a mention only when "@<id>" is in the text.
  const people = input.mentions.map((m) => {
    if (m.userId) {
      atUserIds.push(m.userId);
      return `@${m.userId}${m.label !== m.userId ? ` (${escapeMarkdown(m.label)})` : ''}`;
    }
    if (m.mobile) {
      atMobiles.push(m.mobile);
      return `@${m.mobile}${m.label !== m.mobile ? ` (${escapeMarkdown(m.label)})` : ''}`;
    }
    return escapeMarkdown(m.label);
  });
  const title = `${input.tag}: ${input.subject}`.slice(0, 100);
  const facts: string[] = [];
  if (people.length) facts.push(fill(labels.assignedTo, people.join(' ')));
  if (input.due) facts.push(fill(labels.due, input.due));
  const priority = priorityLabel(input.priority);
  if (priority) facts.push(fill(labels.priority, priority));
  const place = `\`${input.displayPath.replace(/`/g, "'")}:${input.line}\`${input.permalink ? ` · [${labels.viewOnWeb}](${input.permalink})` : ''}`;
  const fence = input.codeLine.includes('```') ? '~~~' : '```';
  const lines = [
    `### ${escapeMarkdown(input.tag)}: ${escapeMarkdown(input.subject)}`,
    '',
    `*${labels.notTracked}*`,
    '',
    ...(facts.length ? [facts.join('  \n'), ''] : []),
    place,
    '',
    `${fence}${input.languageId ?? ''}`,
    input.codeLine.trim(),
    fence,
    '',
    fill(labels.openInEditor, input.editorLink),
  ];
  return { title, markdown: lines.join('\n'), atMobiles, atUserIds };
}

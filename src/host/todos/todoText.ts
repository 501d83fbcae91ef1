import * as vscode from 'vscode';
import type { PersonError } from '../../core/todo/people';
import type { TodoProblem } from '../../core/todo/syntax';
import type { TodoContentLabels } from '../../core/todo/todoContent';
import type { TodoMessageLabels } from '../../core/todo/todoMessage';

/** The to-do description's words, in the user's language. */
export function todoContentLabels(): TodoContentLabels {
  const t = vscode.l10n.t;
  return {
    branch: t('Branch: {0}', '{0}'),
    commit: t('Commit: {0}', '{0}'),
    uncommitted: t('The file has uncommitted changes; the web link shows the last commit.'),
    openInEditor: t('Open in VS Code: {0}', '{0}'),
    openOnWeb: t('View on the web: {0}', '{0}'),
  };
}

/** The group message's words (custom-robot fallback). */
export function todoMessageLabels(): TodoMessageLabels {
  const t = vscode.l10n.t;
  return {
    notTracked: t('A message, not a tracked DingTalk to-do.'),
    assignedTo: t('For: {0}', '{0}'),
    due: t('Due: {0}', '{0}'),
    priority: t('Priority: {0}', '{0}'),
    viewOnWeb: t('View on the web'),
    openInEditor: t('Open in VS Code: {0}', '{0}'),
  };
}

/** One message naming everyone who could not be found, with what to do. */
export function peopleErrorText(errors: readonly PersonError[]): string {
  const t = vscode.l10n.t;
  if (errors.some((e) => e.kind === 'meNotSet')) return t('Set who you are in DingTalk first: run "DingTalk: Set Who I Am" or set "dingtalk.me" to your member alias, mobile number or user id.');
  const names = errors.map((e) => `@${e.token}${e.lookedUp && e.lookedUp !== e.token ? ` (${e.lookedUp})` : ''}`).join(', ');
  return errors.every((e) => e.kind === 'notInOrganisation')
    ? t('DingTalk has no one in your organisation for {0}. Check their mobile number or user id in "dingtalk.members".', names)
    : t('Cannot tell who {0} is. Add them to "dingtalk.members" (alias → mobile number or DingTalk user id), or write a mobile number or user id in the TODO.', names);
}

export function problemText(problem: TodoProblem): string {
  const t = vscode.l10n.t;
  return problem.kind === 'badDate'
    ? t('"{0}" is not a date this TODO syntax knows. Use 2026-12-01, today, tomorrow, +3d, +2w, fri or 周五.', problem.token)
    : t('"{0}" is not a priority. Use P0 (very urgent) to P3 (low), or !urgent.', problem.token);
}

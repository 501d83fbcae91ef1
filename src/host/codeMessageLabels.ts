import * as vscode from 'vscode';
import type { CodeMessageLabels } from '../core/send/codeMessage';

/**
 * The composer's labels in the user's language. Placeholders are passed through as `{0}`/`{1}` so the core
 * fills them (l10n.t is given the placeholder text itself as the argument).
 */
export function codeMessageLabels(): CodeMessageLabels {
  const t = vscode.l10n.t;
  return {
    line: t('Line {0}', '{0}'),
    lines: t('Lines {0}-{1}', '{0}', '{1}'),
    language: '{0}',
    branch: t('Branch: {0}', '{0}'),
    commit: t('Commit: {0}', '{0}'),
    openPermalink: t('View on {0}', '{0}'),
    dirtyWarning: t('Uncommitted changes: the link shows the last commit, which may differ from this code.'),
    partOf: t('Part {0}/{1}', '{0}', '{1}'),
    truncated: t('{0} more lines not sent.', '{0}'),
    to: t('To: {0}', '{0}'),
    listSeparator: t(', '),
    moreSnippets: t('(+{0} more)', '{0}'),
    untitled: t('Code snippet'),
    mentionsUnsupported: t('The app robot cannot @-mention anyone: {0} will be named in the message but not notified.', '{0}'),
    mentionsMissingId: t('No mobile number or user id for {0}: named in the message but not notified.', '{0}'),
    everyone: t('@all'),
  };
}

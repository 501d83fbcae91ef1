import * as vscode from 'vscode';
import { DingTalkError } from '../core/dingtalk/errors';
import { describeError } from '../core/redact';
import type { BatchProblem, ItemFailure } from '../core/share/problems';
import { localizedErrorText } from './errorText';

/** 1.5 MB, 320 KB, 12 B: sizes as people read them (limits are whole MB, so they print as "20 MB"). */
export function formatSize(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} B`;
}

function errorSentence(err: unknown): string {
  if (err instanceof DingTalkError) {
    const { explanation, remedy } = localizedErrorText(err);
    return `${explanation} ${remedy}`.trim();
  }
  return describeError(err).message;
}

/** One sentence per failed item: the name, what is wrong (with the limit) and what to do. */
export function itemFailureText(failure: ItemFailure): string {
  const t = vscode.l10n.t;
  const name = failure.name;
  const p = failure.problem;
  switch (p.code) {
    case 'empty':
      return t('{0} is empty, and DingTalk does not accept empty files. Add content to it or leave it out.', name);
    case 'notFound':
      return t('{0} no longer exists (it was deleted or renamed after it was chosen). Choose it again.', name);
    case 'changed':
      return t('{0} changed while it was being uploaded, so nothing was sent for it. Share it again once it is saved.', name);
    case 'unreadable':
      if (p.path !== undefined) return t('{0} in {1} cannot be read ({2}). Fix its permissions or add it to .gitignore.', p.path, name, p.noPermission ? t('permission denied') : p.detail);
      return p.noPermission ? t('{0} cannot be read: permission denied. Check its permissions.', name) : t('{0} cannot be read ({1}).', name, p.detail);
    case 'notAFile':
      return t('{0} is not a regular file (a pipe, socket or device) and cannot be shared.', name);
    case 'tooLarge':
      return p.mediaType === 'image'
        ? t('{0} is {1}; DingTalk accepts images of at most {2}. Share a smaller image.', name, formatSize(p.size), formatSize(p.limit))
        : t('{0} is {1}; DingTalk accepts files of at most {2}. Compress or split it, or share a link to it instead.', name, formatSize(p.size), formatSize(p.limit));
    case 'tooLargeToZip':
      return t('{0} is {1}; at most {2} can be zipped for one share. Share a smaller part, or add large files to .gitignore.', name, formatSize(p.size), formatSize(p.limit));
    case 'tooManyFiles':
      return t('{0} has more than {1} files; one archive holds at most {1}. Share a subfolder, or add generated files to .gitignore.', name, p.limit);
    case 'archiveTooLarge':
      return t('{0} is still over {1} when zipped; DingTalk accepts files of at most {1}. Share a smaller part, or add large files to .gitignore.', name, formatSize(p.limit));
    case 'batchBytes':
      return t('{0} would take this share over {1}. Share it on its own.', name, formatSize(p.limit));
    case 'upload':
      return t('{0}: {1}', name, errorSentence(p.error));
    case 'notAttempted':
      return t('{0} was not tried: {1}', name, errorSentence(p.error));
  }
}

export function batchProblemText(problem: BatchProblem): string {
  const t = vscode.l10n.t;
  return problem.code === 'tooManyItems'
    ? t('{0} items are selected; one share takes at most {1}. Select fewer, or share their folder (it is zipped).', problem.count, problem.limit)
    : t('The selection is {0}; one share uploads at most {1}. Share fewer files at a time.', formatSize(problem.size), formatSize(problem.limit));
}

/** Failures joined for one notification: the first few in full, then how many more (all are in the log). */
export function failureList(failures: readonly ItemFailure[], shown = 3): string {
  const t = vscode.l10n.t;
  const texts = failures.slice(0, shown).map(itemFailureText);
  if (failures.length > shown) texts.push(t('(+{0} more in the log)', failures.length - shown));
  return texts.join(' ');
}

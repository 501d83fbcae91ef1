import * as vscode from 'vscode';
import type { DingTalkAppClient } from '../core/dingtalk/appClient';
import type { Destination } from '../core/destinations/destination';
import { mediaPayloads } from '../core/share/payloads';
import { preflight } from '../core/share/preflight';
import type { ItemFailure } from '../core/share/problems';
import { BatchResult, uploadBatch } from '../core/share/uploadBatch';
import { ask, pickDestination } from '../host/pickers';
import { ancestorsOf, WorkspaceShareFs } from '../host/shareFs';
import { batchProblemText, failureList, itemFailureText } from '../host/shareText';
import { clientMediaUploader } from '../host/shareUpload';
import { parseShareArgs, ShareFileArgs, ShareOutcome } from './shareFileArgs';
import { shareToCustomRobot } from './shareFileCustomRobot';
import type { Services } from './services';

/** Problems the user can fix outside VS Code and then retry as they are (the others need a different file). */
const RETRYABLE = new Set(['notFound', 'changed', 'unreadable', 'upload', 'notAttempted', 'batchBytes']);

/**
 * DingTalk: Share File — shares files and folders from the Explorer (multi-selection too), an editor tab or the
 * palette into a group through the enterprise app's robot: images as image messages, pdf/doc/docx/xlsx/zip/rar
 * as file messages, anything else and folders zipped (respecting .gitignore). Everything is checked before the
 * first upload; the uploads run under one cancellable progress notification; the messages are queued only once
 * every upload is done, so a cancelled share posts nothing; a summary names what failed, why, and offers a retry.
 */
export async function shareFile(services: Services, ...rawArgs: unknown[]): Promise<ShareOutcome | undefined> {
  const t = vscode.l10n.t;
  const { uris: given, args } = parseShareArgs(rawArgs);
  const uris = given.length > 0 ? given : await pickFiles();
  if (!uris || uris.length === 0) return undefined;

  const destination = await chooseDestination(services, args);
  if (!destination) return undefined;
  if (destination.kind === 'customRobot') return shareToCustomRobot(services, destination, uris, args);

  const outcome = (over: Partial<ShareOutcome>): ShareOutcome => ({ destination: destination.name, shared: [], failed: [], cancelled: false, messageIds: [], via: 'appRobot', ...over });
  let app: DingTalkAppClient;
  try {
    app = await services.dingtalk.app();
  } catch (err) {
    void services.errors.show(err, { destination: destination.name });
    return outcome({ batchProblem: err instanceof Error ? err.message : String(err) });
  }

  const fs = new WorkspaceShareFs();
  // Listing a large folder takes a moment: say so in the status bar.
  const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Checking {0} item(s) to share…', uris.length) }, () =>
    preflight(fs, uris.map((u) => u.toString()), { ancestorsOf }),
  );
  for (const r of checked.refused) services.logger.warn('share', `refused ${r.name}: ${JSON.stringify(r.problem)}`);
  if (checked.batch) {
    const message = batchProblemText(checked.batch);
    void vscode.window.showErrorMessage(message);
    return outcome({ batchProblem: message, failed: describe(checked.refused) });
  }
  if (checked.items.length === 0) {
    if (checked.refused.length > 0) void vscode.window.showErrorMessage(failureList(checked.refused));
    return outcome({ failed: describe(checked.refused) });
  }
  if (checked.refused.length > 0 && !(await shareTheOthers(checked.refused, checked.items.length, args))) {
    return outcome({ failed: describe(checked.refused), cancelled: true });
  }

  const caption = args.caption ?? (await ask({ title: t('Share to "{0}"', destination.name), prompt: t('Add a caption (optional). Press Enter to share, Escape to cancel.') }));
  if (caption === undefined) return outcome({ cancelled: true });

  const total = checked.items.length;
  const result = await vscode.window.withProgress<BatchResult>(
    { location: vscode.ProgressLocation.Notification, title: t('Sharing to "{0}"', destination.name), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const subscriptions = [token.onCancellationRequested(() => abort.abort()), args.cancellation?.onCancellationRequested(() => abort.abort())];
      if (args.cancellation?.isCancellationRequested) abort.abort();
      try {
        // The bar: each item is 1/total of it; a streamed upload fills its part as its bytes go out.
        let reported = 0;
        let lastPercent = -1;
        const advance = (done: number, message: string): void => {
          const target = (done * 100) / total;
          progress.report({ message, increment: Math.max(0, target - reported) });
          reported = Math.max(reported, target);
        };
        return await uploadBatch(fs, checked.items, clientMediaUploader(app), {
          signal: abort.signal,
          onItem: (item, index, phase) => {
            const n = index + 1;
            const message =
              phase === 'zipping' ? t('Zipping {0} ({1} of {2})', item.name, n, total) : phase === 'reading' ? t('Reading {0} ({1} of {2})', item.name, n, total) : t('Uploading {0} ({1} of {2})', item.name, n, total);
            lastPercent = -1;
            advance(index, message);
          },
          onUploadProgress: (item, index, sent, size) => {
            const percent = Math.floor((sent * 100) / size);
            if (percent === lastPercent) return;
            lastPercent = percent;
            advance(index + sent / size, t('Uploading {0} ({1} of {2}), {3}%', item.name, index + 1, total, percent));
          },
        });
      } finally {
        subscriptions.forEach((s) => s?.dispose());
      }
    },
  );

  const failures = [...checked.refused, ...result.failed];
  for (const f of result.failed) services.logger.warn('share', `${f.name} not shared: ${itemFailureText(f)}`);
  if (result.cancelled) {
    services.logger.info('share', `cancelled after ${result.uploaded.length} of ${total} upload(s); nothing was sent`);
    void vscode.window.showInformationMessage(t('Sharing cancelled: nothing was sent to "{0}".', destination.name));
    return outcome({ cancelled: true, failed: describe(failures) });
  }
  if (result.uploaded.length === 0) {
    summarize(services, destination.name, [], failures, 0);
    return outcome({ failed: describe(failures) });
  }

  const label = result.uploaded.length === 1 ? result.uploaded[0].name : t('{0} files', result.uploaded.length);
  const payloads = mediaPayloads(caption, result.uploaded.map((u) => u.media));
  const ids = await services.outbox.sendWithProgress(destination.name, payloads, label);
  // Report what reached the group: the outbox retries on its own, and tells about a final failure itself.
  const settled = await Promise.all(ids.map((id) => services.outbox.outbox.whenSettled(id)));
  const fileSettled = settled.slice(settled.length - result.uploaded.length);
  const shared = result.uploaded.filter((_u, i) => fileSettled[i]?.outcome === 'delivered').map((u) => u.name);
  summarize(services, destination.name, shared, failures, result.uploaded.length - shared.length);
  return outcome({ shared, failed: describe(failures), messageIds: ids });
}

function describe(failures: readonly ItemFailure[]): ShareOutcome['failed'] {
  return failures.map((f) => ({ name: f.name, uri: f.location, code: f.problem.code, message: itemFailureText(f) }));
}

async function pickFiles(): Promise<vscode.Uri[] | undefined> {
  const t = vscode.l10n.t;
  return vscode.window.showOpenDialog({
    canSelectFiles: true,
    // Files and folders cannot both be selectable on Windows and Linux; folders are shared from the Explorer.
    canSelectFolders: false,
    canSelectMany: true,
    openLabel: t('Share'),
    title: t('Share files to a DingTalk group'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
}

/**
 * The named destination; else the default when it can carry files; else a choice (custom robots are listed
 * too: a small text file can still go to one as a code message).
 */
async function chooseDestination(services: Services, args: ShareFileArgs): Promise<Destination | undefined> {
  const t = vscode.l10n.t;
  if (args.destination) {
    const named = services.destinations.get(args.destination);
    if (!named) void vscode.window.showErrorMessage(t('There is no destination named "{0}".', args.destination));
    return named;
  }
  const fallback = services.destinations.get(services.settings.defaultDestination);
  if (fallback?.kind === 'appGroup') return fallback;
  const anyAppGroup = services.destinations.list().some((d) => d.kind === 'appGroup');
  if (fallback && !anyAppGroup) return fallback;
  return pickDestination(services.destinations, t('Share to which chat?'), fallback?.name);
}

async function shareTheOthers(refused: readonly ItemFailure[], remaining: number, args: ShareFileArgs): Promise<boolean> {
  const t = vscode.l10n.t;
  if (args.shareRemaining !== undefined) return args.shareRemaining;
  const share = t('Share the Other {0}', remaining);
  const answer = await vscode.window.showWarningMessage(
    t('{0} of the selected items cannot be shared.', refused.length),
    { modal: true, detail: refused.map(itemFailureText).join('\n') },
    share,
  );
  return answer === share;
}

/** The end-of-share notification: what was shared, what was not and why, and a retry for what may succeed. */
function summarize(services: Services, destination: string, shared: readonly string[], failures: readonly ItemFailure[], undelivered: number): void {
  const t = vscode.l10n.t;
  const parts: string[] = [];
  if (shared.length > 0) parts.push(t('Shared {0} item(s) to "{1}".', shared.length, destination));
  else parts.push(t('Nothing was shared to "{0}".', destination));
  if (undelivered > 0) parts.push(t('{0} message(s) were not delivered; they wait in "DingTalk: Show Outbox".', undelivered));
  if (failures.length > 0) parts.push(t('Not shared: {0}', failureList(failures)));
  const text = parts.join(' ');
  services.logger.info('share', text);
  if (failures.length === 0 && undelivered === 0) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  const retryable = failures.filter((f) => RETRYABLE.has(f.problem.code));
  const retry = t('Retry Failed');
  const showLog = t('Show Log');
  const actions = retryable.length > 0 ? [retry, showLog] : [showLog];
  const shown = shared.length > 0 ? vscode.window.showWarningMessage(text, ...actions) : vscode.window.showErrorMessage(text, ...actions);
  void shown.then((choice) => {
    if (choice === showLog) services.logger.show();
    if (choice === retry) {
      void vscode.commands.executeCommand('dingtalk.shareFile', { uris: retryable.map((f) => vscode.Uri.parse(f.location, true)), destination, caption: '' });
    }
  });
}

import * as vscode from 'vscode';
import type { CustomRobotDestination } from '../core/destinations/destination';
import { planFor, SHARE_LIMITS } from '../core/share/classify';
import { WorkspaceShareFs } from '../host/shareFs';
import type { ShareFileArgs, ShareOutcome } from './shareFileArgs';
import type { Services } from './services';

/** UTF-8 text without NUL bytes: what reads well as a code block. */
function asText(data: Uint8Array): string | undefined {
  if (data.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}

/** A single, small, non-empty text file (not a document or image type, whatever its bytes), or undefined. */
async function smallTextFile(uris: readonly vscode.Uri[]): Promise<vscode.Uri | undefined> {
  if (uris.length !== 1) return undefined;
  const fs = new WorkspaceShareFs();
  if (planFor(fs.basename(uris[0].toString()), false).kind !== 'zip') return undefined;
  try {
    const stat = await fs.stat(uris[0].toString());
    if (stat.kind !== 'file' || stat.size === 0 || stat.size > SHARE_LIMITS.maxCodeMessageBytes) return undefined;
    return asText(await fs.readFile(uris[0].toString())) !== undefined ? uris[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A custom robot (webhook) can send only text and markdown. A small text file can still go as a code message,
 * through Send Selection (secret guard, size plan, permalink and outbox included); anything else needs the
 * enterprise app, whose setup is one click away.
 */
export async function shareToCustomRobot(services: Services, destination: CustomRobotDestination, uris: readonly vscode.Uri[], args: ShareFileArgs): Promise<ShareOutcome> {
  const t = vscode.l10n.t;
  const base: ShareOutcome = { destination: destination.name, shared: [], failed: [], cancelled: false, messageIds: [] };
  const setUp = t('Set Up Enterprise App');
  const text = await smallTextFile(uris);
  if (!text) {
    const message = t('"{0}" is a custom robot (webhook), which can only send text and markdown. Sharing files needs the enterprise app\'s robot in the group.', destination.name);
    const answer = args.customRobot ?? ((await vscode.window.showWarningMessage(message, { modal: true }, setUp)) === setUp ? 'setUpApp' : 'cancel');
    if (answer === 'setUpApp') await vscode.commands.executeCommand('dingtalk.configureApp');
    return { ...base, cancelled: answer !== 'setUpApp', batchProblem: message };
  }

  const asCode = t('Send as Code Message');
  const name = vscode.workspace.asRelativePath(text, false);
  const answer =
    args.customRobot ??
    (await vscode.window
      .showWarningMessage(
        t('"{0}" is a custom robot (webhook), which cannot send files. Send the content of {1} as a code message instead?', destination.name, name),
        { modal: true, detail: t('To share files as files, set up the enterprise app and add its robot to the group.') },
        asCode,
        setUp,
      )
      .then((choice) => (choice === asCode ? 'codeMessage' : choice === setUp ? 'setUpApp' : 'cancel')));
  if (answer === 'setUpApp') {
    await vscode.commands.executeCommand('dingtalk.configureApp');
    return base;
  }
  if (answer !== 'codeMessage') return { ...base, cancelled: true };

  // Send Selection sends what is selected in the active editor: the whole file.
  const doc = await vscode.workspace.openTextDocument(text);
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  const last = doc.lineAt(doc.lineCount - 1);
  editor.selection = new vscode.Selection(0, 0, last.lineNumber, last.text.length);
  services.logger.info('share', `"${destination.name}" is a custom robot: sending ${name} as a code message`);
  const ids = (await vscode.commands.executeCommand<string[] | undefined>('dingtalk.sendSelection', {
    destination: destination.name,
    ...(args.caption !== undefined ? { note: args.caption } : {}),
  })) ?? [];
  const outcomes = await Promise.all(ids.map((id) => services.outbox.outbox.whenSettled(id)));
  const delivered = ids.length > 0 && outcomes.every((o) => o.outcome === 'delivered');
  return { ...base, shared: delivered ? [name] : [], cancelled: ids.length === 0, messageIds: ids, via: 'codeMessage' };
}

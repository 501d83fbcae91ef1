import * as vscode from 'vscode';
import { LinkTarget, linkLabel, openLink } from '../host/inboxLinks';
import type { Services } from './services';

/** Opens a `path:line` or permalink from a message in the editor; a permalink not in the workspace can open in the browser. */
export async function openInboxLink(_services: Services, target?: LinkTarget): Promise<boolean> {
  const t = vscode.l10n.t;
  if (!target || typeof target.path !== 'string') return false;
  if (await openLink(target)) return true;
  const browser = t('Open in Browser');
  const choice = await vscode.window.showWarningMessage(t('{0} is not in this workspace.', linkLabel(target)), ...(target.url ? [browser] : []));
  if (choice === browser && target.url) await vscode.env.openExternal(vscode.Uri.parse(target.url));
  return false;
}

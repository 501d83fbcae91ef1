import * as vscode from 'vscode';
import type { Services } from './services';

/** DingTalk: Clear Whiteboard — asks first, because a cleared board cannot be brought back. */
export async function clearWhiteboard({ whiteboard, logger }: Services): Promise<void> {
  if (whiteboard.strokeCount > 0) {
    const clear = vscode.l10n.t('Clear');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Clear the whiteboard?'), { modal: true }, clear);
    if (answer !== clear) return;
  }
  await whiteboard.clear();
  logger.info('whiteboard', 'cleared');
}

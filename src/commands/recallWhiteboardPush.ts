import * as vscode from 'vscode';
import type { Services } from './services';

/**
 * DingTalk: Recall Last Whiteboard Push — removes the last whiteboard image (and its caption) from the group
 * with the app robot's group-message recall, using the processQueryKeys kept in workspace state.
 */
export async function recallWhiteboardPush(services: Services): Promise<boolean> {
  const t = vscode.l10n.t;
  const last = services.whiteboard.pushes.last;
  if (!last) {
    void vscode.window.showInformationMessage(t('Nothing to recall: no whiteboard image has been sent from this workspace yet.'));
    return false;
  }
  try {
    const app = await services.dingtalk.app();
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Recalling the whiteboard from "{0}"…', last.destination) }, () =>
      app.robot.recallGroupMessages({ openConversationId: last.openConversationId, ...(last.robotCode ? { robotCode: last.robotCode } : {}) }, [...last.processQueryKeys]),
    );
    const failed = Object.entries(result.failedResult);
    if (failed.length === 0) {
      await services.whiteboard.pushes.forget();
      services.logger.info('whiteboard', `recalled ${last.processQueryKeys.length} message(s) from "${last.destination}"`);
      void vscode.window.showInformationMessage(t('Recalled the whiteboard from "{0}".', last.destination));
      return true;
    }
    services.logger.warn('whiteboard', `recall from "${last.destination}" failed for ${failed.length} message(s): ${failed.map(([, reason]) => reason).join(', ')}`);
    void vscode.window.showErrorMessage(t('DingTalk did not recall the whiteboard from "{0}": {1}', last.destination, failed.map(([, reason]) => reason).join(', ')));
    return false;
  } catch (err) {
    await services.errors.show(err, { destination: last.destination });
    return false;
  }
}

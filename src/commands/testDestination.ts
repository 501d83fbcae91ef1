import * as vscode from 'vscode';
import { Destination } from '../core/destinations/destination';
import { DingTalkError } from '../core/dingtalk/errors';
import { sampleText, textMessage } from '../core/dingtalk/messages';
import { pickDestination } from '../host/pickers';
import { withKeyword } from '../host/sender';
import type { Services } from './services';

/**
 * DingTalk: Test Destination — sends a short hello right away (not through the outbox) and reports success or
 * the mapped DingTalk error with its remedy and a fixing action.
 */
export async function testDestination(services: Services, name?: unknown): Promise<boolean> {
  const t = vscode.l10n.t;
  const destination: Destination | undefined =
    typeof name === 'string' ? services.destinations.get(name) : await pickDestination(services.destinations, t('Which destination should get a test message?'), services.settings.defaultDestination);
  if (!destination) return false;
  const hello = t('👋 Hello from VS Code: the DingTalk extension can reach this group.');
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Sending a test message to "{0}"…', destination.name), cancellable: true },
    async (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const payload =
          destination.kind === 'customRobot'
            ? { kind: 'customRobot' as const, message: withKeyword(destination, textMessage(hello)) }
            : { kind: 'appRobot' as const, ...sampleText(hello) };
        await services.sender.deliver(destination.name, payload, abort.signal);
        services.logger.info('destinations', `test message delivered to "${destination.name}"`);
        void vscode.window.showInformationMessage(t('Test message delivered to "{0}".', destination.name));
        return true;
      } catch (err) {
        // Not awaited: the notification stays until dismissed, and the progress must end now.
        if (!(err instanceof DingTalkError && err.kind === 'cancelled')) void services.errors.show(err, { destination: destination.name });
        return false;
      }
    },
  );
}

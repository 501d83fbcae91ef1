import * as vscode from 'vscode';
import { WHITEBOARD_VIEW_ID } from './constants';
import { registerCommands } from './commands/registry';
import type { Services } from './commands/services';
import { OutputChannelLogger } from './host/logger';
import { Secrets } from './host/secrets';
import { Settings } from './host/settings';
import { WhiteboardViewProvider } from './host/whiteboardViewProvider';

/** What activate() returns. `testing` is only present when VS Code runs the extension's tests. */
export interface ExtensionApi {
  readonly testing?: Services & { readonly logger: OutputChannelLogger };
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = Date.now();
  const logger = new OutputChannelLogger();
  context.subscriptions.push(logger);
  try {
    const secrets = new Secrets(context.secrets);
    await secrets.primeRedactor();
    const settings = new Settings();
    const whiteboard = new WhiteboardViewProvider(context.extensionUri, context.workspaceState, logger);
    const services: Services = { logger, settings, secrets, whiteboard };

    context.subscriptions.push(
      whiteboard,
      vscode.window.registerWebviewViewProvider(WHITEBOARD_VIEW_ID, whiteboard),
      ...registerCommands(services, logger),
    );
    logger.info('activate', `activated in ${Date.now() - started} ms (VS Code ${vscode.version})`);
    return context.extensionMode === vscode.ExtensionMode.Test ? { testing: { ...services, logger } } : {};
  } catch (err) {
    // VS Code does not tell the user when an extension fails to activate, so we do.
    logger.error('activate', 'activation failed', err);
    void vscode.window.showErrorMessage(vscode.l10n.t('DingTalk failed to start. See the DingTalk log for details.'));
    throw err;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

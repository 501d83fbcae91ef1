import * as vscode from 'vscode';
import { WHITEBOARD_VIEW_ID } from './constants';
import { registerCommands } from './commands/registry';
import type { Services } from './commands/services';
import { DestinationStore } from './host/destinationStore';
import { DingTalkService } from './host/dingtalkService';
import { ErrorPresenter } from './host/errorPresenter';
import { OutputChannelLogger } from './host/logger';
import { OutboxService } from './host/outboxService';
import { PastedSecretsWatcher } from './host/pastedSecretsWatcher';
import { importSandboxDemo } from './host/sandboxDemo';
import { Secrets } from './host/secrets';
import { Sender } from './host/sender';
import { Settings } from './host/settings';
import { DingTalkStatusBar } from './host/statusBar';
import { StreamFeature } from './host/streamFeature';
import { TodoFeature } from './host/todos/todoFeature';
import { WhiteboardViewProvider } from './host/whiteboardViewProvider';

/** What activate() returns. `testing` is only present when VS Code runs the extension's tests. */
export interface ExtensionApi {
  readonly testing?: Services & {
    readonly logger: OutputChannelLogger;
    readonly statusBar: DingTalkStatusBar;
    readonly pastedSecrets: PastedSecretsWatcher;
    readonly context: vscode.ExtensionContext;
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = Date.now();
  const logger = new OutputChannelLogger();
  context.subscriptions.push(logger);
  try {
    const secrets = new Secrets(context.secrets);
    await secrets.primeRedactor();
    const settings = new Settings();
    const destinations = new DestinationStore(context.globalState, secrets);
    const dingtalk = new DingTalkService(settings, destinations, logger);
    const errors = new ErrorPresenter(logger);
    const sender = new Sender(destinations, dingtalk);
    const statusBar = new DingTalkStatusBar(settings, destinations);
    const outbox = new OutboxService(vscode.Uri.joinPath(context.globalStorageUri, 'outbox'), sender, logger, errors, statusBar);
    const whiteboard = new WhiteboardViewProvider(context.extensionUri, context.workspaceState, logger);
    const pastedSecrets = new PastedSecretsWatcher(destinations, logger, () => settings.endpoints.oapiBaseUrl);
    const todos = new TodoFeature(context, settings, dingtalk, logger);
    const stream = new StreamFeature(context, settings, destinations, errors, logger);
    const services: Services = { logger, settings, secrets, destinations, dingtalk, errors, sender, outbox, whiteboard, todos, stream };

    context.subscriptions.push(
      destinations,
      dingtalk,
      statusBar,
      outbox,
      whiteboard,
      pastedSecrets,
      todos,
      stream,
      vscode.window.registerWebviewViewProvider(WHITEBOARD_VIEW_ID, whiteboard, { webviewOptions: { retainContextWhenHidden: true } }),
      ...registerCommands(services, logger),
    );
    await importSandboxDemo(destinations, settings, logger);
    await outbox.start();
    await stream.start();
    void pastedSecrets.check();
    logger.info('activate', `activated in ${Date.now() - started} ms (VS Code ${vscode.version})`);
    return context.extensionMode === vscode.ExtensionMode.Test ? { testing: { ...services, logger, statusBar, pastedSecrets, context } } : {};
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

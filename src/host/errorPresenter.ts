import * as vscode from 'vscode';
import { DingTalkError, isAppRobotRefusalCode } from '../core/dingtalk/errors';
import { describeError } from '../core/redact';
import { localizedErrorText } from './errorText';
import type { Logger } from './logger';

/** An action offered with an error: a label and the command it runs. */
export interface ErrorAction {
  readonly title: string;
  readonly command: string;
  readonly args?: unknown[];
}

/**
 * Shows ONE notification for a failure: what happened, what to do, and the actions that fix it (e.g.
 * "Update Signing Secret"), plus the log. Everything shown is localised and redacted.
 */
export class ErrorPresenter {
  constructor(private readonly logger: Logger) {}

  async show(err: unknown, context: { destination?: string; what?: string } = {}): Promise<void> {
    const t = vscode.l10n.t;
    const showLog = t('Show Log');
    let text: string;
    let actions: ErrorAction[] = [];
    if (err instanceof DingTalkError) {
      if (err.kind === 'cancelled') return;
      const { explanation, remedy } = localizedErrorText(err);
      const where = context.destination ? t('Could not send to "{0}": ', context.destination) : context.what ? `${context.what}: ` : '';
      text = `${where}${explanation} ${remedy}`.trim();
      actions = actionsFor(err, context.destination);
      this.logger.warn('error', `${context.destination ?? context.what ?? ''} ${err.kind} ${err.code} ${err.message}`);
    } else {
      text = t('DingTalk: {0}', describeError(err).message);
      this.logger.error('error', context.what ?? 'failure', err);
    }
    const choice = await vscode.window.showErrorMessage(text, ...actions.map((a) => a.title), showLog);
    if (choice === showLog) this.logger.show();
    const action = actions.find((a) => a.title === choice);
    if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  }
}

function actionsFor(err: DingTalkError, destination: string | undefined): ErrorAction[] {
  const t = vscode.l10n.t;
  switch (err.kind) {
    case 'signMismatch':
    case 'invalidTimestamp':
      return destination ? [{ title: t('Update Signing Secret'), command: 'dingtalk.updateSigningSecret', args: [destination] }] : [];
    case 'tokenNotExist':
    case 'invalidWebhookUrl':
    case 'keywordsNotInContent':
      return destination ? [{ title: t('Edit Destination'), command: 'dingtalk.addDestination', args: [{ edit: destination }] }] : [];
    case 'invalidCredentials':
    case 'invalidAccessToken':
      return [{ title: t('Configure Enterprise App'), command: 'dingtalk.configureApp' }];
    case 'unsupportedMessageType':
      return err.details.reason === 'destinationChanged' || isAppRobotRefusalCode(err.code) ? [] : [{ title: t('Set Up Enterprise App'), command: 'dingtalk.configureApp' }];
    case 'permissionDenied':
      return [{ title: t('Open Developer Console'), command: 'vscode.open', args: [vscode.Uri.parse('https://open-dev.dingtalk.com/')] }];
    case 'robotNotInGroup':
    case 'conversationNotFound':
      return destination ? [{ title: t('Choose Group Again'), command: 'dingtalk.addDestination', args: [{ edit: destination }] }] : [];
    default:
      return [];
  }
}

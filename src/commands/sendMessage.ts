import * as vscode from 'vscode';
import type { Destination } from '../core/destinations/destination';
import type { RobotTarget } from '../core/send/codeMessage';
import { composePlainMessage, plainMessagePayload } from '../core/send/plainMessage';
import { findLikelySecrets } from '../core/send/secretGuard';
import { codeMessageLabels } from '../host/codeMessageLabels';
import { askTextForDestination, chooseAddressees, destinationForSend, membersAsMentions } from '../host/sendPrompts';
import { confirmDespiteSecrets } from '../host/secretPrompt';
import { keywordAllowance, withKeyword } from '../host/sender';
import type { Services } from './services';

/** Arguments for running without prompts (tests, other commands). Omitted fields are asked for. */
export interface SendMessageArgs {
  readonly destination?: string;
  readonly text?: string;
  /** Member aliases to @-mention. */
  readonly mentions?: readonly string[];
  /** @-mention everyone in the group (custom robots). */
  readonly mentionEveryone?: boolean;
  /** Answer for the secret-guard question: true sends anyway, false cancels. */
  readonly sendDespiteSecrets?: boolean;
}

/**
 * DingTalk: Send Message… — a few words to a chat without leaving the editor: the text, optional @mentions (or
 * @all through a custom robot), the secret guard, then the outbox (paced, retried, exactly once). A DingTalk `text`
 * message, so it reads like one typed in DingTalk.
 */
export async function sendMessage(services: Services, rawArgs?: unknown): Promise<string[] | undefined> {
  const t = vscode.l10n.t;
  const args: SendMessageArgs = typeof rawArgs === 'object' && rawArgs !== null ? (rawArgs as SendMessageArgs) : {};
  let destination = await destinationForSend(services.destinations, services.settings.defaultDestination, args.destination);
  if (!destination) return undefined;
  let text = args.text;
  if (text === undefined) {
    const answer = await askTextForDestination(services.destinations, destination, {
      title: (name) => t('Message to "{0}"', name),
      prompt: t('Type the message. Press Enter to send, Escape to cancel.'),
      required: t('Type something to send.'),
    });
    if (!answer) return undefined;
    ({ text, destination } = answer);
  }
  if (text.trim() === '') {
    void vscode.window.showInformationMessage(t('The message is empty, so nothing was sent.'));
    return undefined;
  }
  const addressees =
    args.text !== undefined
      ? { mentions: membersAsMentions(services.settings.members, args.mentions ?? []), everyone: args.mentionEveryone === true }
      : await chooseAddressees(services.settings.members, destination);
  if (addressees === undefined) return undefined;

  const compose = (to: Destination, body: string) => {
    // Room for a custom robot's keyword, which is appended when the text lacks it.
    const reserveBytes = keywordAllowance(to);
    const target: RobotTarget = to.kind === 'customRobot' ? 'customRobot' : 'appRobot';
    return { target, message: composePlainMessage({ text: body, mentions: addressees.mentions, mentionEveryone: addressees.everyone, target, labels: codeMessageLabels(), reserveBytes }) };
  };
  let { target, message } = compose(destination, text);
  while (!message.fits) {
    const problem = t('The message is {0} bytes; DingTalk takes at most {1} for this chat. Shorten it, or send long text as code with "DingTalk: Send Selection to DingTalk", which can split it.', message.bytes, message.limit);
    if (args.text !== undefined) {
      void vscode.window.showErrorMessage(problem);
      return undefined;
    }
    // Nothing typed is lost: the text comes back in the prompt, to be shortened.
    const shorter = await askTextForDestination(services.destinations, destination, {
      title: (name) => t('Message to "{0}"', name),
      prompt: t('Type the message. Press Enter to send, Escape to cancel.'),
      required: t('Type something to send.'),
      value: text,
      problem,
    });
    if (!shorter) return undefined;
    ({ text, destination } = shorter);
    ({ target, message } = compose(destination, text));
  }
  for (const warning of message.warnings) void vscode.window.showWarningMessage(warning);

  if (services.settings.secretGuard && !(await confirmDespiteSecrets(findLikelySecrets(text), destination.name, services.logger, args.sendDespiteSecrets))) return undefined;

  const payload = plainMessagePayload(message, target);
  const firstLine = message.content.split('\n')[0];
  const label = firstLine.length > 40 ? `${firstLine.slice(0, 39)}…` : firstLine;
  return services.outbox.sendWithProgress(destination.name, [payload.kind === 'customRobot' ? { ...payload, message: withKeyword(destination, payload.message) } : payload], label);
}

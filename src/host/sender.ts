import { Destination, missingKeyword } from '../core/destinations/destination';
import { DingTalkError } from '../core/dingtalk/errors';
import { CustomRobotMessage } from '../core/dingtalk/messages';
import type { OutboxPayload } from '../core/outbox/item';
import type { DestinationStore } from './destinationStore';
import type { DingTalkService } from './dingtalkService';

/**
 * Delivers one payload to a named destination: resolves the destination and its keychain secrets at send time
 * (so an updated secret applies to queued messages too) and calls the right DingTalk client.
 */
export class Sender {
  constructor(
    private readonly store: DestinationStore,
    private readonly dingtalk: DingTalkService,
  ) {}

  async deliver(destinationName: string, payload: OutboxPayload, signal?: AbortSignal): Promise<void> {
    const destination = this.store.get(destinationName);
    if (!destination) {
      throw new DingTalkError({
        kind: 'conversationNotFound',
        explanation: `The destination "${destinationName}" no longer exists.`,
        remedy: 'Add it again with "DingTalk: Add Destination", then retry the message.',
        details: { destination: destinationName },
      });
    }
    if (payload.kind === 'customRobot') {
      if (destination.kind !== 'customRobot') throw mismatch(destination);
      const credentials = await this.store.customRobotCredentials(destination.name);
      if (!credentials) {
        throw new DingTalkError({
          kind: 'invalidWebhookUrl',
          explanation: `The webhook URL of "${destination.name}" is not in the keychain (it may have been forgotten).`,
          remedy: 'Edit the destination and paste its webhook URL again.',
          details: { reason: 'missingSecret' },
        });
      }
      await this.dingtalk.customRobots().send(credentials, payload.message, { signal });
    } else {
      if (destination.kind !== 'appGroup') throw mismatch(destination);
      const app = await this.dingtalk.app();
      await app.robot.sendToGroup({ openConversationId: destination.openConversationId }, { msgKey: payload.msgKey, msgParam: payload.msgParam }, { signal });
    }
  }
}

/** Adds the destination's first keyword when a custom-robot message contains none, so keyword security passes. */
/** Bytes to keep free in a message to `destination` for the keyword {@link withKeyword} may append (JSON-escaped). */
export function keywordAllowance(destination: Destination): number {
  return destination.kind === 'customRobot' && destination.keywords?.length ? Math.max(...destination.keywords.map((k) => Buffer.byteLength(k))) * 2 + 8 : 0;
}

export function withKeyword(destination: Destination, message: CustomRobotMessage): CustomRobotMessage {
  const text = JSON.stringify(message);
  const keyword = missingKeyword(destination, text);
  if (!keyword) return message;
  if (message.msgtype === 'markdown') return { ...message, markdown: { ...message.markdown, text: `${message.markdown.text}\n\n${keyword}` } };
  if (message.msgtype === 'text') return { ...message, text: { content: `${message.text.content}\n${keyword}` } };
  return message;
}

function mismatch(destination: Destination): DingTalkError {
  return new DingTalkError({
    kind: 'unsupportedMessageType',
    details: { reason: 'destinationChanged', destination: destination.name },
    explanation: `The queued message does not match the kind of destination "${destination.name}" (it was changed).`,
    remedy: 'Discard the message and send it again.',
  });
}

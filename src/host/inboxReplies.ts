import { DingTalkError } from '../core/dingtalk/errors';
import { sampleText, textMessage } from '../core/dingtalk/messages';
import { HttpTransport } from '../core/dingtalk/transport';
import type { InboxEntry } from '../core/stream/inboxEntry';
import { isSessionUsable, postToSessionWebhook } from '../core/stream/sessionWebhook';
import type { DingTalkService } from './dingtalkService';
import type { Logger } from './logger';
import type { StreamService } from './streamService';

/** A direct (1:1) message whose session webhook expired: the app robot cannot answer there. */
export class ReplyWindowClosedError extends Error {
  constructor() {
    super('The reply window of this direct message has closed (90 minutes after it was sent).');
  }
}

/** How a reply went out. */
export type ReplyChannel = 'sessionWebhook' | 'appRobot';

/**
 * Replies to a message: through its session webhook while that is valid (it answers in the same conversation,
 * 1:1 chats included, and needs no token), then — for a group — as the app robot. A session webhook DingTalk no
 * longer accepts falls back to the app robot as well; other failures are reported as they are, because the reply
 * may already be in the group.
 */
export async function sendReply(entry: InboxEntry, text: string, deps: { stream: StreamService; dingtalk: DingTalkService; logger: Logger }): Promise<ReplyChannel> {
  const session = await deps.stream.sessions.get(entry.id);
  if (isSessionUsable(session, Date.now())) {
    try {
      await postToSessionWebhook(new HttpTransport({ logger: coreLogger(deps.logger) }), session, textMessage(text));
      return 'sessionWebhook';
    } catch (err) {
      const gone = err instanceof DingTalkError && (err.kind === 'tokenNotExist' || err.kind === 'invalidWebhookUrl');
      if (!gone) throw err;
      if (entry.conversationType !== 'group') throw new ReplyWindowClosedError();
      deps.logger.info('inbox', 'the session webhook was refused; replying as the app robot');
    }
  }
  if (entry.conversationType !== 'group') {
    throw new ReplyWindowClosedError();
  }
  const app = await deps.dingtalk.app();
  await app.robot.sendToGroup({ openConversationId: entry.conversationId, ...(entry.robotCode ? { robotCode: entry.robotCode } : {}) }, sampleText(text));
  return 'appRobot';
}

function coreLogger(logger: Logger) {
  return {
    debug: (m: string) => logger.debug('inbox', m),
    info: (m: string) => logger.info('inbox', m),
    warn: (m: string) => logger.warn('inbox', m),
    error: (m: string) => logger.error('inbox', m),
  };
}

/**
 * Replying through a message's session webhook (docs/dingtalk-api.md §4.7): the custom-robot body rules, no
 * authentication, valid about 90 minutes. Whoever has the URL can post as the robot until then, so it is handled
 * like a secret: registered with the redactor and never written to the inbox files.
 */

import { redactor } from '../redact';
import { DingTalkError } from '../dingtalk/errors';
import { MarkdownMessage, TextMessage, serializeCustomRobotMessage } from '../dingtalk/messages';
import type { HttpTransport } from '../dingtalk/transport';

/** A session webhook and until when it works (ms epoch). */
export interface SessionWebhook {
  readonly url: string;
  readonly expiresAt: number;
}

/** Do not start a reply this close to the expiry: it could expire in flight. */
export const SESSION_EXPIRY_MARGIN_MS = 60_000;

export function isSessionUsable(session: SessionWebhook | undefined, now: number): session is SessionWebhook {
  return !!session && session.expiresAt - SESSION_EXPIRY_MARGIN_MS > now && isAcceptableSessionUrl(session.url);
}

/** https anywhere; plain http only to this machine (the sandbox). */
export function isAcceptableSessionUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

/** Posts `message`; throws a DingTalkError (e.g. `tokenNotExist` once the session is gone). Never retried after it may have arrived. */
export async function postToSessionWebhook(transport: HttpTransport, session: SessionWebhook, message: TextMessage | MarkdownMessage, signal?: AbortSignal): Promise<void> {
  if (!isAcceptableSessionUrl(session.url)) {
    throw new DingTalkError({ kind: 'invalidWebhookUrl', dingTalkMessage: 'the session webhook is not an https URL', details: { reason: 'sessionWebhook' } });
  }
  redactor.addSecret(session.url);
  const body = serializeCustomRobotMessage(message);
  await transport.request({
    method: 'POST',
    operation: `robot.sendBySession ${message.msgtype}`,
    surface: 'oapi',
    idempotent: false,
    signal,
    prepare: () => ({ url: session.url, headers: { 'content-type': 'application/json; charset=utf-8' }, body }),
  });
}

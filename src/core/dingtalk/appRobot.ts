/**
 * App-robot group messages (docs/dingtalk-api.md §4.1, §4.4): send with msgKey + msgParam, recall by
 * processQueryKey. App-robot sends cannot @-mention anyone (the API has no `at` field).
 */

import { AppHttp } from './appHttp';
import { DingTalkError } from './errors';
import { AppRobotMessage, APP_ROBOT_MSG_PARAM_LIMIT_BYTES, utf8Bytes } from './messages';

/** Target group of an app-robot message. */
export interface GroupMessageTarget {
  /** The group's `cid…` id. */
  openConversationId: string;
  /** Defaults to the client's robotCode (the AppKey for an internal app robot). */
  robotCode?: string;
  /** Only when the robot was installed through a group cool-app. */
  coolAppCode?: string;
}

/** Result of a group send. */
export interface GroupSendResult {
  /** DingTalk's encrypted message id; needed to recall the message. */
  processQueryKey: string;
}

/** Result of a recall: keys recalled and keys that failed with DingTalk's reason. */
export interface RecallResult {
  successResult: string[];
  failedResult: Record<string, string>;
}

/** `POST /v1.0/robot/groupMessages/send` and `/recall`. */
export class AppRobotApi {
  constructor(private readonly http: AppHttp, private readonly defaultRobotCode: string) {}

  /**
   * Sends to a group. Not retried after a timeout or 5xx (the API has no idempotency key, so a retry could
   * post the message twice); rate limits and refused connections are retried.
   */
  async sendToGroup(target: GroupMessageTarget, message: AppRobotMessage, options: { signal?: AbortSignal } = {}): Promise<GroupSendResult> {
    const size = utf8Bytes(message.msgParam);
    if (size > APP_ROBOT_MSG_PARAM_LIMIT_BYTES) {
      throw new DingTalkError({ kind: 'bodyTooLarge', details: { what: 'msgParam', size, limit: APP_ROBOT_MSG_PARAM_LIMIT_BYTES } });
    }
    const body: Record<string, string> = {
      robotCode: target.robotCode ?? this.defaultRobotCode,
      openConversationId: requireId(target.openConversationId, 'openConversationId'),
      msgKey: message.msgKey,
      msgParam: message.msgParam,
    };
    if (target.coolAppCode) body.coolAppCode = target.coolAppCode;
    const result = await this.http.v1<{ processQueryKey?: unknown }>({
      method: 'POST',
      path: '/v1.0/robot/groupMessages/send',
      json: body,
      operation: `robot.groupMessages.send ${message.msgKey}`,
      idempotent: false,
      signal: options.signal,
    });
    if (typeof result.processQueryKey !== 'string' || result.processQueryKey === '') {
      throw new DingTalkError({ kind: 'unknown', dingTalkMessage: 'groupMessages/send returned no processQueryKey' });
    }
    return { processQueryKey: result.processQueryKey };
  }

  /** Recalls messages sent to the group by the same robot. */
  async recallGroupMessages(
    target: Pick<GroupMessageTarget, 'openConversationId' | 'robotCode'>,
    processQueryKeys: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<RecallResult> {
    if (processQueryKeys.length === 0) return { successResult: [], failedResult: {} };
    const result = await this.http.v1<{ successResult?: unknown; failedResult?: unknown }>({
      method: 'POST',
      path: '/v1.0/robot/groupMessages/recall',
      json: {
        openConversationId: requireId(target.openConversationId, 'openConversationId'),
        robotCode: target.robotCode ?? this.defaultRobotCode,
        processQueryKeys,
      },
      operation: 'robot.groupMessages.recall',
      idempotent: true,
      signal: options.signal,
    });
    const success = Array.isArray(result.successResult) ? result.successResult.filter((k): k is string => typeof k === 'string') : [];
    const failed: Record<string, string> = {};
    if (result.failedResult && typeof result.failedResult === 'object') {
      for (const [k, v] of Object.entries(result.failedResult as Record<string, unknown>)) failed[k] = String(v);
    }
    return { successResult: success, failedResult: failed };
  }
}

/** Refuses an empty id locally (kind `invalidParameter`). */
export function requireId(value: string | undefined, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: `${name} is empty.`,
      remedy: `Provide ${name}.`,
      details: { parameter: name },
    });
  }
  return value;
}

/**
 * Group creation, docs/dingtalk-api.md §4.5: `POST /v1.0/im/group/create`. The response's field names are
 * UNCONFIRMED, so both camelCase and snake_case ids are accepted.
 */

import { AppHttp } from './appHttp';
import { requireId } from './appRobot';
import { DingTalkError } from './errors';

/** A new internal group. */
export interface CreateGroupInput {
  /** 1–20 characters. */
  name: string;
  /** Owner's userId (not unionId). */
  owner: string;
  /** Members' userIds. */
  useridlist: string[];
  /** 2 = internal group (default), 0 = standard group (needs allow-listing). */
  conversationTag?: number;
  /** A media id for the group avatar. */
  icon?: string;
}

/** The created group. */
export interface CreatedGroup {
  openConversationId: string;
  /** The legacy chat id, when DingTalk returns it. */
  chatId?: string;
}

/** `/v1.0/im/group/*` */
export class GroupApi {
  constructor(private readonly http: AppHttp) {}

  /** Creates a group; never retried after the request may have reached DingTalk (it would create two). */
  async create(input: CreateGroupInput, options: { signal?: AbortSignal } = {}): Promise<CreatedGroup> {
    const name = requireId(input.name, 'name');
    const length = [...name].length;
    if (length > 20) {
      throw new DingTalkError({
        kind: 'invalidParameter',
        explanation: `The group name has ${length} characters; DingTalk allows 1 to 20.`,
        remedy: 'Shorten the group name.',
        details: { parameter: 'name' },
      });
    }
    const body: Record<string, unknown> = {
      name,
      owner: requireId(input.owner, 'owner'),
      useridlist: input.useridlist,
    };
    if (input.conversationTag !== undefined) body.conversationTag = input.conversationTag;
    if (input.icon !== undefined) body.icon = input.icon;
    const raw = await this.http.v1<Record<string, unknown>>({
      method: 'POST',
      path: '/v1.0/im/group/create',
      json: body,
      operation: 'im.group.create',
      idempotent: false,
      signal: options.signal,
    });
    const id = raw.openConversationId ?? raw.open_conversation_id ?? (raw.result as Record<string, unknown> | undefined)?.openConversationId;
    if (typeof id !== 'string' || id === '') {
      throw new DingTalkError({ kind: 'unknown', dingTalkMessage: 'im/group/create returned no openConversationId' });
    }
    const chatId = raw.chatId ?? raw.chatid;
    return { openConversationId: id, chatId: typeof chatId === 'string' ? chatId : undefined };
  }
}

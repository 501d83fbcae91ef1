import * as crypto from 'crypto';
import { V1Error, v1Ok } from './envelopes';
import { applyPlatformLimits } from './platformLimits';
import { requireV1JsonBody, type SandboxRequest } from './request';
import type { Router } from './router';
import type { GroupRecord, SandboxStore } from './store';
import { authenticateV1 } from './tokens';

/**
 * `POST /v1.0/im/group/create`. The response fields are UNCONFIRMED in the fact sheet; the
 * sandbox returns `openConversationId` always and `chatId` when config.groupCreateReturnsChatId
 * is on (the default), which is what the older chat/create is said to return. The creating
 * app's robot is put into the group so it can post there straight away.
 */
export function registerGroupRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/v1.0/im/group/create', (req) => createGroup(req, store));
}

function createGroup(req: SandboxRequest, store: SandboxStore) {
  const { app } = authenticateV1(req, store);
  applyPlatformLimits(req, store, app, 'v1', 'im.groupCreate');
  const body = requireV1JsonBody(req);

  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '') throw new V1Error(400, 'Missingname', 'name is mandatory for this action.');
  const length = [...name].length;
  if (length < 1 || length > 20) throw new V1Error(400, 'invalidParameter.name.invalid', '群名称长度必须在1-20个字符之间');
  const owner = body.owner;
  if (typeof owner !== 'string' || owner === '') throw new V1Error(400, 'Missingowner', 'owner is mandatory for this action.');
  if (!store.userByUserid(owner)) {
    const hint = store.userByUnionid(owner) ? ' (this is a unionId; owner is a userId)' : '';
    throw new V1Error(400, 'invalidParameter.owner.invalid', `群主userId不合法: ${owner}${hint}`);
  }
  const list = body.useridlist ?? [];
  if (!Array.isArray(list) || !list.every((u) => typeof u === 'string')) throw new V1Error(400, 'invalidParameter.useridlist.invalid', 'useridlist必须是userId数组');
  const unknown = (list as string[]).filter((u) => !store.userByUserid(u));
  if (unknown.length) throw new V1Error(400, 'invalidParameter.useridlist.invalid', `useridlist包含无效的userId: ${unknown.join(', ')}`);
  if (body.conversationTag !== undefined && ![0, 2].includes(body.conversationTag as number)) {
    throw new V1Error(400, 'invalidParameter.conversationTag.invalid', 'conversationTag只能是0或2');
  }

  const group: GroupRecord = {
    title: name,
    openConversationId: `cid${crypto.randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 22)}==`,
    chatId: `chat${crypto.randomBytes(16).toString('hex')}`,
    ownerUserid: owner,
    memberUserids: [...new Set([owner, ...(list as string[])])],
    appRobotCodes: [app.robotCode],
    createdBy: app.appKey,
    createdAt: store.clock.now(),
  };
  store.groups.set(group.openConversationId, group);
  store.changed('groups');
  return v1Ok(store.config.groupCreateReturnsChatId ? { openConversationId: group.openConversationId, chatId: group.chatId } : { openConversationId: group.openConversationId });
}

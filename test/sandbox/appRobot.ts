import { V1Error, v1Ok } from './envelopes';
import { findMedia } from './media';
import { applyPlatformLimits } from './platformLimits';
import { requireV1JsonBody, type SandboxRequest } from './request';
import type { Router } from './router';
import { SandboxStore, type MessageContent } from './store';
import { authenticateV1 } from './tokens';

/** Largest msgParam accepted by groupMessages/send (fact sheet §4.1). */
const MAX_MSG_PARAM_BYTES = 15_000;
export const SAMPLE_FILE_TYPES = ['xlsx', 'pdf', 'zip', 'rar', 'doc', 'docx'];
const SAMPLE_AUDIO_FORMATS = ['ogg', 'amr'];
export const MSG_KEYS = [
  'sampleText',
  'sampleMarkdown',
  'sampleImageMsg',
  'sampleFile',
  'sampleLink',
  'sampleActionCard',
  'sampleActionCard2',
  'sampleActionCard3',
  'sampleActionCard4',
  'sampleActionCard5',
  'sampleActionCard6',
  'sampleAudio',
  'sampleVideo',
];

/** Recall failure reasons. DingTalk's exact strings are not documented; these are the sandbox's. */
export const RECALL_FAILURES = {
  notFound: 'PROCESS_QUERY_KEY_NOT_FOUND',
  alreadyRecalled: 'MESSAGE_ALREADY_RECALLED',
  tooLate: 'RECALL_TIME_EXCEEDED',
} as const;

/** Enterprise (app) robot group messages: /v1.0/robot/groupMessages/send and /recall. */
export function registerAppRobotRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/v1.0/robot/groupMessages/send', (req) => send(req, store));
  router.add('POST', '/v1.0/robot/groupMessages/recall', (req) => recall(req, store));
}

/** invalidParameter.* errors are documented as HTTP 400; the rest use a configurable status (UNCONFIRMED). */
function paramError(code: string, message: string): V1Error {
  return new V1Error(400, code, message);
}

function send(req: SandboxRequest, store: SandboxStore) {
  const { app } = authenticateV1(req, store);
  applyPlatformLimits(req, store, app, 'v1', 'robot.groupSend');
  const body = requireV1JsonBody(req);
  const otherStatus = store.config.appRobotOtherErrorHttpStatus;

  const robotCode = body.robotCode;
  if (typeof robotCode !== 'string' || robotCode === '') throw paramError('invalidParameter.robotCode.missing', 'robotCode不能为空');
  if (!store.appByRobotCode(robotCode)) throw paramError('invalidParameter.robotCode.notExsit', `机器人不存在: ${robotCode}`);
  if (robotCode !== app.robotCode) throw paramError('invalidParameter.robotCode.auth', 'robotCode与调用应用的appKey不匹配');

  const cid = body.openConversationId;
  if (typeof cid !== 'string' || cid === '') throw new V1Error(otherStatus, 'miss.openConversationId', 'openConversationId不能为空');
  const group = store.groups.get(cid);
  if (!group) throw new V1Error(otherStatus, 'invalid.openConversationId', `openConversationId不合法: ${cid}`);
  if (!group.appRobotCodes.includes(robotCode)) throw paramError('invalidParameter.robotCode.empty', '机器人不存在，请检查机器人是否在群内');

  const msgKey = body.msgKey;
  if (typeof msgKey !== 'string' || msgKey === '') throw paramError('invalidParameter.msgKey.empty', 'msgKey不能为空');
  if (!MSG_KEYS.includes(msgKey)) throw paramError('invalidParameter.msgKey.invalid', `msgKey不合法: ${msgKey}`);

  const msgParam = body.msgParam;
  if (msgParam === undefined || msgParam === null || msgParam === '') throw new V1Error(otherStatus, 'miss.param.msgParam', 'msgParam不能为空');
  // msgParam is a JSON *string*; an object means the caller forgot JSON.stringify.
  if (typeof msgParam !== 'string') throw paramError('invalidParameter.msgParam.invalid', 'msgParam必须是json格式');
  if (Buffer.byteLength(msgParam, 'utf8') > MAX_MSG_PARAM_BYTES) {
    throw paramError('invalidParameter.msgParam.tooLong', `msgParam长度不能超过${MAX_MSG_PARAM_BYTES}字节`);
  }
  let param: unknown;
  try {
    param = JSON.parse(msgParam);
  } catch {
    throw paramError('invalidParameter.msgParam.invalid', 'msgParam必须是json格式');
  }
  if (!param || typeof param !== 'object' || Array.isArray(param)) throw paramError('invalidParameter.msgParam.invalid', 'msgParam必须是json格式');

  const content = contentFor(msgKey, param as Record<string, unknown>, store);
  const processQueryKey = SandboxStore.newProcessQueryKey();
  store.addMessage({
    openConversationId: cid,
    sender: { kind: 'appRobot', name: app.robotName, robotCode, appKey: app.appKey },
    msgtype: msgKey,
    content,
    mentions: [], // OrgGroupSend has no `at`: app robots cannot @ anyone (fact sheet §0-4)
    atAll: false,
    processQueryKey,
  });
  return v1Ok({ processQueryKey });
}

function msgBodyError(message: string): V1Error {
  return paramError('invalidParameter.msgBody.invalid', message);
}

function field(param: Record<string, unknown>, key: string, msgKey: string): string {
  const value = param[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw msgBodyError(`${msgKey} 缺少参数 ${key}`);
}

function optionalField(param: Record<string, unknown>, key: string): string | undefined {
  const value = param[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const isHttpUrl = (s: string) => /^https?:\/\/\S+$/i.test(s);

function contentFor(msgKey: string, p: Record<string, unknown>, store: SandboxStore): MessageContent {
  switch (msgKey) {
    case 'sampleText':
      return { type: 'text', content: field(p, 'content', msgKey) };
    case 'sampleMarkdown':
      return { type: 'markdown', title: field(p, 'title', msgKey), text: field(p, 'text', msgKey) };
    case 'sampleImageMsg': {
      // photoURL: a full image URL or an image media_id from /media/upload (with its leading "@").
      const photoURL = field(p, 'photoURL', msgKey);
      if (!isHttpUrl(photoURL) && !findMedia(store, photoURL, 'image')) {
        throw msgBodyError(`photoURL既不是http(s)图片地址也不是已上传的图片mediaId: ${photoURL}`);
      }
      return { type: 'image', photoURL };
    }
    case 'sampleLink':
      return { type: 'link', title: field(p, 'title', msgKey), text: field(p, 'text', msgKey), messageUrl: field(p, 'messageUrl', msgKey), picUrl: optionalField(p, 'picUrl') };
    case 'sampleActionCard':
      return {
        type: 'actionCard',
        title: field(p, 'title', msgKey),
        text: field(p, 'text', msgKey),
        singleTitle: field(p, 'singleTitle', msgKey),
        singleURL: field(p, 'singleURL', msgKey),
        buttons: [],
        btnOrientation: '0',
      };
    case 'sampleActionCard6':
      return {
        type: 'actionCard',
        title: field(p, 'title', msgKey),
        text: field(p, 'text', msgKey),
        buttons: [1, 2].map((n) => ({ title: field(p, `buttonTitle${n}`, msgKey), url: field(p, `buttonUrl${n}`, msgKey) })),
        btnOrientation: '1',
      };
    case 'sampleAudio': {
      const mediaId = field(p, 'mediaId', msgKey);
      const media = findMedia(store, mediaId);
      if (!media) throw msgBodyError(`mediaId不存在: ${mediaId}`);
      const ext = media.fileName.split('.').pop()?.toLowerCase() ?? '';
      if (!SAMPLE_AUDIO_FORMATS.includes(ext)) throw paramError('invalidParameter.msg.unsupport', `语音只支持 ${SAMPLE_AUDIO_FORMATS.join(', ')} 格式`);
      const duration = field(p, 'duration', msgKey);
      if (!/^\d+$/.test(duration)) throw msgBodyError('duration 必须是毫秒数');
      return { type: 'audio', mediaId, duration };
    }
    case 'sampleFile': {
      const mediaId = field(p, 'mediaId', msgKey);
      if (!findMedia(store, mediaId)) throw msgBodyError(`mediaId不存在: ${mediaId}`);
      const fileType = field(p, 'fileType', msgKey).toLowerCase();
      if (store.config.sampleFileStrictFileType && !SAMPLE_FILE_TYPES.includes(fileType)) {
        throw paramError('invalidParameter.msg.unsupport', `文件类型不支持: ${fileType}，只支持 ${SAMPLE_FILE_TYPES.join(', ')}`);
      }
      return { type: 'file', mediaId, fileName: field(p, 'fileName', msgKey), fileType };
    }
    case 'sampleVideo': {
      const videoMediaId = field(p, 'videoMediaId', msgKey);
      if (!findMedia(store, videoMediaId, 'video')) throw msgBodyError(`videoMediaId不存在: ${videoMediaId}`);
      const videoType = field(p, 'videoType', msgKey).toLowerCase();
      if (videoType !== 'mp4') throw paramError('invalidParameter.msg.unsupport', '视频只支持 mp4 格式');
      const picMediaId = optionalField(p, 'picMediaId');
      if (picMediaId && !findMedia(store, picMediaId, 'image')) throw msgBodyError(`picMediaId不存在: ${picMediaId}`);
      return { type: 'video', videoMediaId, picMediaId, videoType, duration: field(p, 'duration', msgKey), width: optionalField(p, 'width'), height: optionalField(p, 'height') };
    }
    default: {
      // sampleActionCard2…5: vertical buttons actionTitleN / actionURLN, N = 1…k.
      const count = Number(msgKey.slice('sampleActionCard'.length));
      const buttons = Array.from({ length: count }, (_, i) => ({ title: field(p, `actionTitle${i + 1}`, msgKey), url: field(p, `actionURL${i + 1}`, msgKey) }));
      return { type: 'actionCard', title: field(p, 'title', msgKey), text: field(p, 'text', msgKey), buttons, btnOrientation: '0' };
    }
  }
}

function recall(req: SandboxRequest, store: SandboxStore) {
  const { app } = authenticateV1(req, store);
  applyPlatformLimits(req, store, app, 'v1', 'robot.groupRecall');
  const body = requireV1JsonBody(req);
  const otherStatus = store.config.appRobotOtherErrorHttpStatus;
  const robotCode = body.robotCode;
  if (typeof robotCode !== 'string' || robotCode === '') throw paramError('invalidParameter.robotCode.missing', 'robotCode不能为空');
  if (robotCode !== app.robotCode) throw paramError('invalidParameter.robotCode.auth', 'robotCode与调用应用的appKey不匹配');
  const cid = body.openConversationId;
  if (typeof cid !== 'string' || cid === '') throw new V1Error(otherStatus, 'miss.openConversationId', 'openConversationId不能为空');
  if (!store.groups.has(cid)) throw new V1Error(otherStatus, 'invalid.openConversationId', `openConversationId不合法: ${cid}`);
  const keys = body.processQueryKeys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string')) {
    throw paramError('invalidParameter.param.invalid', 'processQueryKeys不能为空');
  }

  const now = store.clock.now();
  const window = store.config.appRobotRecallWindowMs;
  const successResult: string[] = [];
  const failedResult: Record<string, string> = {};
  for (const key of keys as string[]) {
    // Only keys sent by this robot into this conversation can be recalled through it.
    const message = store.messages.find(
      (m) => m.processQueryKey === key && m.openConversationId === cid && m.sender.kind === 'appRobot' && m.sender.robotCode === robotCode,
    );
    if (!message) failedResult[key] = RECALL_FAILURES.notFound;
    else if (message.recalledAt) failedResult[key] = RECALL_FAILURES.alreadyRecalled;
    else if (window !== null && now - message.createdAt > window) failedResult[key] = RECALL_FAILURES.tooLate;
    else {
      message.recalledAt = now;
      successResult.push(key);
    }
  }
  if (successResult.length) store.changed('messages');
  return v1Ok({ successResult, failedResult });
}

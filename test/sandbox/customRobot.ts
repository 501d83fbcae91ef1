import * as crypto from 'crypto';
import type { SandboxConfig } from './config';
import { OapiError, oapiOk } from './envelopes';
import { countQuota, ipInRanges } from './platformLimits';
import { contentType, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SeedCustomRobot } from './seed';
import type { Mention, MessageContent, SandboxStore } from './store';

/** ±1 hour around server time (fact sheet §2.1). */
const TIMESTAMP_WINDOW_MS = 60 * 60 * 1000;
const ALLOWED_MSGTYPES = ['text', 'markdown', 'link', 'actionCard', 'feedCard'] as const;

const SIGN_MISMATCH_DESCRIBED =
  'description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确;link:请参考本接口对应文档获得具体要求，或者在https://open.dingtalk.com/document/  搜索相关文档;';

/** `POST /robot/send?access_token=…[&timestamp=…&sign=…]` — the custom (webhook) group robot. */
export function registerCustomRobotRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/robot/send', (req) => sendAsCustomRobot(req, store));
}

function sendAsCustomRobot(req: SandboxRequest, store: SandboxStore) {
  const config = store.config;
  const robot = store.customRobotByToken(req.query.get('access_token') ?? '');
  if (!robot) throw new OapiError(config.customRobotUnknownTokenErrcode, 'token is not exist');
  countQuota(store, 'oapi'); // webhook traffic is metered too (fact sheet §0-6)

  if (robot.security.signingSecret) verifySignature(req, robot.security.signingSecret, store);
  if (robot.security.ipRanges && !ipInRanges(req.remoteAddress, robot.security.ipRanges)) {
    throw new OapiError(310000, `ip ${req.remoteAddress} not in whitelist`);
  }
  if (config.customRobotRequireJsonContentType && contentType(req) !== 'application/json') {
    throw new OapiError(43004, '无效的HTTP HEADER Content-Type');
  }
  if (req.body.length > config.customRobotMaxBodyBytes) {
    throw new OapiError(config.customRobotBodyTooLargeErrcode, `错误描述: body 大小不合法;解决方案:请保持大小在 ${config.customRobotMaxBodyBytes}bytes 以内`);
  }

  const body = parseBody(req.body);
  const msgUuid = typeof body.msgUuid === 'string' && body.msgUuid !== '' ? body.msgUuid : undefined;
  const uuidKey = msgUuid && `${robot.accessToken}\n${msgUuid}`;
  // A retried msgUuid gets the original success again and the message is not stored twice.
  if (uuidKey && store.msgUuids.has(uuidKey)) return oapiOk('oapi');

  const content = parseContent(body);
  checkKeywords(robot, content, config);
  checkRateLimit(robot, store);

  const { mentions, atAll } = content.type === 'text' || content.type === 'markdown' ? readMentions(body.at, content, robot.groupOpenConversationId, store) : { mentions: [], atAll: false };
  const message = store.addMessage({
    openConversationId: robot.groupOpenConversationId,
    sender: { kind: 'customRobot', name: robot.name, accessToken: robot.accessToken },
    msgtype: content.type,
    content,
    mentions,
    atAll,
    msgUuid,
  });
  if (uuidKey) store.msgUuids.set(uuidKey, message.id);
  return oapiOk('oapi');
}

/** The `sign` DingTalk expects: base64(HmacSHA256(secret, timestamp + "\n" + secret)), before URL-encoding. */
export function computeSign(secret: string, timestamp: string | number): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

function verifySignature(req: SandboxRequest, secret: string, store: SandboxStore): void {
  const signMismatch = () =>
    new OapiError(310000, store.config.customRobotSignErrorStyle === 'described' ? SIGN_MISMATCH_DESCRIBED : 'sign not match');
  // URLSearchParams decodes exactly once, like the server does: a double-encoded sign stays
  // "%2F…" after decoding and will not match; a raw "+" becomes a space and will not match either.
  const sign = req.query.get('sign');
  const timestamp = req.query.get('timestamp');
  if (!sign) throw signMismatch();
  if (!timestamp || !/^\d+$/.test(timestamp) || Math.abs(store.clock.now() - Number(timestamp)) > TIMESTAMP_WINDOW_MS) {
    throw new OapiError(310000, 'invalid timestamp');
  }
  const expected = Buffer.from(computeSign(secret, timestamp));
  const actual = Buffer.from(sign);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) throw signMismatch();
}

function parseBody(raw: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new OapiError(40035, '缺少参数 json');
}

type Obj = Record<string, unknown>;

function asObject(value: unknown, name: string): Obj {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Obj;
  throw new OapiError(40035, `缺少参数 ${name}`);
}

/**
 * Reads a required string field with DingTalk's exact casing. When the caller used another
 * casing (messageURL in a link, messageUrl in a feedCard…) the error says so, because that is
 * the usual cause.
 */
function requiredString(obj: Obj, key: string, path: string): string {
  const value = obj[key];
  if (typeof value === 'string' && value !== '') return value;
  const lookalike = Object.keys(obj).find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
  throw new OapiError(40035, lookalike ? `缺少参数 ${path}.${key} (found "${lookalike}"; field names are case-sensitive)` : `缺少参数 ${path}.${key}`);
}

function optionalString(obj: Obj, key: string): string | undefined {
  return typeof obj[key] === 'string' && obj[key] !== '' ? (obj[key] as string) : undefined;
}

export function parseContent(body: Obj): MessageContent {
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || msgtype === '') throw new OapiError(40035, '缺少参数 msgtype');
  if (!(ALLOWED_MSGTYPES as readonly string[]).includes(msgtype)) {
    // image/file/voice/video are app-robot only (fact sheet §0-3).
    throw new OapiError(400105, `不支持的消息类型: ${msgtype}`);
  }
  switch (msgtype) {
    case 'text': {
      const text = asObject(body.text, 'text');
      return { type: 'text', content: requiredString(text, 'content', 'text') };
    }
    case 'markdown': {
      const md = asObject(body.markdown, 'markdown');
      return { type: 'markdown', title: requiredString(md, 'title', 'markdown'), text: requiredString(md, 'text', 'markdown') };
    }
    case 'link': {
      const link = asObject(body.link, 'link');
      return {
        type: 'link',
        title: requiredString(link, 'title', 'link'),
        text: requiredString(link, 'text', 'link'),
        messageUrl: requiredString(link, 'messageUrl', 'link'),
        picUrl: optionalString(link, 'picUrl'),
      };
    }
    case 'actionCard': {
      const card = asObject(body.actionCard, 'actionCard');
      const title = requiredString(card, 'title', 'actionCard');
      const text = requiredString(card, 'text', 'actionCard');
      const btnOrientation = card.btnOrientation === '1' ? '1' : '0';
      if (Array.isArray(card.btns) && card.btns.length > 0) {
        const buttons = card.btns.map((b, i) => {
          const btn = asObject(b, `actionCard.btns[${i}]`);
          return { title: requiredString(btn, 'title', `actionCard.btns[${i}]`), url: requiredString(btn, 'actionURL', `actionCard.btns[${i}]`) };
        });
        return { type: 'actionCard', title, text, buttons, btnOrientation };
      }
      const singleTitle = requiredString(card, 'singleTitle', 'actionCard');
      const singleURL = requiredString(card, 'singleURL', 'actionCard');
      return { type: 'actionCard', title, text, singleTitle, singleURL, buttons: [], btnOrientation };
    }
    default: {
      const feed = asObject(body.feedCard, 'feedCard');
      if (!Array.isArray(feed.links) || feed.links.length === 0) throw new OapiError(40035, '缺少参数 feedCard.links');
      const links = feed.links.map((l, i) => {
        const link = asObject(l, `feedCard.links[${i}]`);
        const path = `feedCard.links[${i}]`;
        return { title: requiredString(link, 'title', path), messageURL: requiredString(link, 'messageURL', path), picURL: requiredString(link, 'picURL', path) };
      });
      return { type: 'feedCard', links };
    }
  }
}

/** Text that keyword security looks at. Which fields count is UNCONFIRMED, hence the config switch. */
function keywordText(content: MessageContent, fields: SandboxConfig['customRobotKeywordFields']): string[] {
  const all = fields === 'allText';
  switch (content.type) {
    case 'text':
      return [content.content];
    case 'markdown':
      return all ? [content.title, content.text] : [content.text];
    case 'link':
      return all ? [content.title, content.text] : [content.text];
    case 'actionCard':
      return all ? [content.title, content.text, content.singleTitle ?? '', ...content.buttons.map((b) => b.title)] : [content.text];
    case 'feedCard':
      return content.links.map((l) => l.title);
    default:
      return [];
  }
}

function checkKeywords(robot: SeedCustomRobot, content: MessageContent, config: SandboxConfig): void {
  const keywords = robot.security.keywords;
  if (!keywords || keywords.length === 0) return;
  const texts = keywordText(content, config.customRobotKeywordFields);
  if (!keywords.some((k) => texts.some((t) => t.includes(k)))) throw new OapiError(310000, 'keywords not in content');
}

export function customRobotRateLimitError(config: SandboxConfig): OapiError {
  const perMinute = config.customRobotMessagesPerMinute;
  const errmsg = config.customRobotRateLimitErrcode === 660026 ? 'sending too many messages per minute' : `send too fast, exceed ${perMinute} times per minute`;
  return new OapiError(config.customRobotRateLimitErrcode, errmsg);
}

/** 20 messages per rolling minute per robot; the 21st starts a 10-minute throttle (fact sheet §2.3). */
function checkRateLimit(robot: SeedCustomRobot, store: SandboxStore): void {
  const now = store.clock.now();
  const config = store.config;
  const window = store.rateWindows.get(robot.accessToken) ?? { sentAt: [], throttledUntil: 0 };
  store.rateWindows.set(robot.accessToken, window);
  if (now < window.throttledUntil) throw customRobotRateLimitError(config);
  window.sentAt = window.sentAt.filter((t) => now - t < 60_000 && t <= now);
  if (window.sentAt.length >= config.customRobotMessagesPerMinute) {
    window.throttledUntil = now + config.customRobotThrottleMs;
    throw customRobotRateLimitError(config);
  }
  window.sentAt.push(now);
}

/**
 * Records who the `at` object mentions in a group. `at` is only honoured for text and markdown (also over a
 * session webhook, which takes the same bodies).
 */
export function readMentions(at: unknown, content: MessageContent, openConversationId: string, store: SandboxStore): { mentions: Mention[]; atAll: boolean } {
  if (!at || typeof at !== 'object' || (content.type !== 'text' && content.type !== 'markdown')) return { mentions: [], atAll: false };
  const atObj = at as Obj;
  const shown = content.type === 'text' ? content.content : content.text;
  const group = store.groups.get(openConversationId);
  const mentions: Mention[] = [];
  const add = (userid: string, name: string, via: Mention['via'], token: string) => {
    if (mentions.some((m) => m.userid === userid)) return;
    mentions.push({ userid, name, via, inContent: shown.includes(`@${token}`), member: group?.memberUserids.includes(userid) ?? false });
  };
  for (const mobile of stringList(atObj.atMobiles)) {
    const user = store.userByMobile(mobile);
    // Unknown mobiles are kept (masked by DingTalk); the sandbox records them under the mobile.
    add(user?.userid ?? mobile, user?.name ?? maskMobile(mobile), 'atMobiles', mobile);
  }
  for (const userid of stringList(atObj.atUserIds)) {
    const user = store.userByUserid(userid);
    add(userid, user?.name ?? userid, 'atUserIds', userid);
  }
  return { mentions, atAll: atObj.isAtAll === true };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : mobile;
}

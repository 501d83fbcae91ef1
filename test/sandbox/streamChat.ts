import * as crypto from 'crypto';
import { parseContent, readMentions } from './customRobot';
import { OapiError, oapiOk, V1Error, json } from './envelopes';
import { contentType, tryParseJsonObject, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SeedApp, SeedUser } from './seed';
import type { MessageContent, SandboxStore } from './store';
import type { StreamDelivery, StreamHub } from './streamHub';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
/** 90 minutes, as in both official samples (sessionWebhookExpiredTime − createAt ≈ 5 400 2xx ms). */
export const SESSION_WEBHOOK_TTL_MS = 90 * 60_000;

/** A reply URL handed out with a robot message: no auth, valid until `expiresAt` (sandbox clock). */
export interface SessionWebhook {
  session: string;
  appKey: string;
  robotCode: string;
  /** Group the reply goes to; absent for a 1:1 conversation. */
  openConversationId?: string;
  /** The person a 1:1 reply goes to. */
  userid?: string;
  expiresAt: number;
}

/** A robot reply in a 1:1 conversation (not shown in any group). */
export interface DirectReply {
  userid: string;
  robotCode: string;
  content: MessageContent;
  at: number;
}

/** What POST /__sandbox/chat/post accepts. */
export interface ChatPost {
  /** userid of the sender. */
  from: string;
  /** Group to post in; omit (and give `to`) for a 1:1 message to a robot. */
  openConversationId?: string;
  /** robotCode of the robot a 1:1 message goes to. */
  to?: string;
  /** The text as typed, e.g. "@代码助手 please look at src/app.ts:12". */
  text?: string;
  /** Default text; picture and file model what a phone sends. */
  msgtype?: 'text' | 'picture' | 'file' | 'richText';
  fileName?: string;
}

export interface ChatPostResult {
  /** The sandbox message id in the group (absent for 1:1). */
  messageId?: string;
  /** One per robot the post reached (the @-mentioned app robots of the group, or the 1:1 robot). */
  deliveries: StreamDelivery[];
}

/**
 * People talking to robots: a post in a group that @-mentions an app robot ("@<robotName>") becomes a robot
 * CALLBACK over Stream Mode (fact sheet §8.3: only @-messages reach a robot in a group; the mention is cut out of
 * `text.content`, leaving the leading space), with a session webhook the robot can answer through for 90 minutes.
 */
export class StreamChat {
  readonly sessions = new Map<string, SessionWebhook>();
  readonly directReplies: DirectReply[] = [];

  constructor(
    private readonly store: SandboxStore,
    private readonly hub: StreamHub,
    private readonly baseUrl: () => string,
  ) {}

  register(router: Router): void {
    router.add('POST', '/__sandbox/chat/post', (req) => {
      const body = tryParseJsonObject(req.body);
      if (!body) throw new V1Error(400, 'BadRequest', 'body must be a JSON object');
      try {
        const result = this.post(body as unknown as ChatPost);
        return json(200, { messageId: result.messageId, deliveries: result.deliveries.map((d) => ({ msgId: d.key, status: d.status, connectionId: d.pushes[0]?.connectionId ?? null })) });
      } catch (err) {
        throw err instanceof V1Error ? err : new V1Error(400, 'BadRequest', (err as Error).message);
      }
    });
    router.add('POST', '/robot/sendBySession', (req) => this.reply(req));
  }

  /** Posts as a person; robots that are @-mentioned (or the 1:1 robot) receive it over the stream. */
  post(post: ChatPost): ChatPostResult {
    const user = this.store.userByUserid(String(post.from ?? ''));
    if (!user) throw new Error(`unknown user "${String(post.from)}"`);
    const msgtype = post.msgtype ?? 'text';
    if (!['text', 'picture', 'file', 'richText'].includes(msgtype)) throw new Error(`msgtype must be text, picture, file or richText`);
    const text = typeof post.text === 'string' ? post.text : '';
    if ((msgtype === 'text' || msgtype === 'richText') && text.trim() === '') throw new Error('text is empty');

    if (!post.openConversationId) {
      const app = this.store.appByRobotCode(String(post.to ?? ''));
      if (!app) throw new Error('give openConversationId (a group) or to (a robotCode)');
      return { deliveries: [this.deliver(app, user, undefined, msgtype, text, post.fileName)] };
    }
    const group = this.store.groups.get(post.openConversationId);
    if (!group) throw new Error(`unknown group ${post.openConversationId}`);
    if (!group.memberUserids.includes(user.userid)) throw new Error(`${user.name} is not a member of ${group.title}`);
    // Other members @-mentioned by name ("@张伟") are listed in atUsers too, as DingTalk does.
    const mentioned = this.store.seed.users.filter((u) => u.userid !== user.userid && group.memberUserids.includes(u.userid) && text.includes(`@${u.name}`));
    const shown: MessageContent = msgtype === 'text' || msgtype === 'richText' ? { type: 'text', content: text } : { type: 'text', content: msgtype === 'picture' ? '[图片]' : `[文件] ${post.fileName ?? ''}`.trim() };
    const message = this.store.addMessage({
      openConversationId: group.openConversationId,
      sender: { kind: 'user', name: user.name, userid: user.userid },
      msgtype,
      content: shown,
      mentions: [],
      atAll: false,
    });
    const deliveries: StreamDelivery[] = [];
    for (const robotCode of group.appRobotCodes) {
      const app = this.store.appByRobotCode(robotCode);
      // In a group only messages that @-mention the robot reach it: text, or richText (text with pictures). A bare
      // picture or file cannot carry a mention, so those reach a robot only in a 1:1 conversation.
      if (app && (msgtype === 'text' || msgtype === 'richText') && text.includes(`@${app.robotName}`)) {
        deliveries.push(this.deliver(app, user, group.openConversationId, msgtype, text.split(`@${app.robotName}`).join(''), post.fileName, mentioned));
      }
    }
    return { messageId: message.id, deliveries };
  }

  private deliver(app: SeedApp, user: SeedUser, openConversationId: string | undefined, msgtype: string, content: string, fileName?: string, mentioned: readonly SeedUser[] = []): StreamDelivery {
    const now = this.store.clock.now();
    const session = crypto.randomBytes(16).toString('hex');
    const expiresAt = now + SESSION_WEBHOOK_TTL_MS + 231; // the samples show a few hundred ms over 90 min
    this.sessions.set(session, { session, appKey: app.appKey, robotCode: app.robotCode, openConversationId, userid: openConversationId ? undefined : user.userid, expiresAt });
    const group = openConversationId ? this.store.groups.get(openConversationId) : undefined;
    const lwcp = (s: string) => `$:LWCP_v1:$${crypto.createHash('sha256').update(s).digest('base64').slice(0, 24)}`;
    const data: Record<string, unknown> = {
      conversationId: openConversationId ?? `cid${crypto.createHash('sha256').update(`${user.userid}/${app.robotCode}`).digest('base64').slice(0, 22)}==`,
      conversationType: openConversationId ? '2' : '1',
      ...(group ? { conversationTitle: group.title } : {}),
      // The robot itself has no staffId; people do (and, documented, a unionId).
      ...(group ? { atUsers: [{ dingtalkId: lwcp(app.robotCode) }, ...mentioned.map((u) => ({ dingtalkId: lwcp(u.userid), staffId: u.userid, unionId: u.unionid }))], isInAtList: true } : {}),
      chatbotCorpId: this.store.seed.corpId,
      chatbotUserId: lwcp(app.robotCode),
      msgId: `msg${crypto.randomBytes(18).toString('base64')}`,
      senderNick: user.name,
      isAdmin: group?.ownerUserid === user.userid,
      senderStaffId: user.userid,
      senderUnionId: user.unionid,
      senderId: lwcp(user.userid),
      senderCorpId: this.store.seed.corpId,
      sessionWebhook: `${this.baseUrl()}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: expiresAt,
      createAt: now,
      robotCode: app.robotCode,
      msgtype,
    };
    if (msgtype === 'text') data.text = { content };
    else if (msgtype === 'richText') data.content = { richText: [{ text: content }, { pictureDownloadCode: crypto.randomBytes(12).toString('hex'), downloadCode: crypto.randomBytes(12).toString('hex'), type: 'picture' }] };
    else if (msgtype === 'picture') data.content = { pictureDownloadCode: crypto.randomBytes(12).toString('hex'), downloadCode: crypto.randomBytes(12).toString('hex') };
    else data.content = { downloadCode: crypto.randomBytes(12).toString('hex'), fileName: fileName ?? 'file.pdf', spaceId: '1234', fileId: '5678' };
    return this.hub.deliverCallback(app.appKey, TOPIC_ROBOT, data);
  }

  /**
   * `POST /robot/sendBySession?session=…`: the custom robot's bodies and body rules (its configured Content-Type
   * check and size limit), no authentication, refused once expired.
   */
  private reply(req: SandboxRequest) {
    const session = this.sessions.get(req.query.get('session') ?? '');
    // Which errcodes DingTalk uses here is UNCONFIRMED; the custom robot's "token is not exist" family is the nearest.
    if (!session) throw new OapiError(300001, 'session is not exist');
    if (this.store.clock.now() > session.expiresAt) throw new OapiError(300005, 'session is expired');
    const config = this.store.config;
    if (config.customRobotRequireJsonContentType && contentType(req) !== 'application/json') throw new OapiError(43004, '无效的HTTP HEADER Content-Type');
    if (req.body.length > config.customRobotMaxBodyBytes) {
      throw new OapiError(config.customRobotBodyTooLargeErrcode, `错误描述: body 大小不合法;解决方案:请保持大小在 ${config.customRobotMaxBodyBytes}bytes 以内`);
    }
    const body = tryParseJsonObject(req.body);
    if (!body) throw new OapiError(40035, '缺少参数 json');
    const content = parseContent(body);
    const app = this.store.appByRobotCode(session.robotCode)!;
    if (session.openConversationId) {
      const { mentions, atAll } = readMentions(body.at, content, session.openConversationId, this.store);
      this.store.addMessage({
        openConversationId: session.openConversationId,
        sender: { kind: 'appRobot', name: app.robotName, robotCode: app.robotCode, appKey: app.appKey },
        msgtype: content.type,
        content,
        mentions,
        atAll,
      });
    } else {
      this.directReplies.push({ userid: session.userid!, robotCode: app.robotCode, content, at: this.store.clock.now() });
    }
    return oapiOk('oapi');
  }

  reset(): void {
    this.sessions.clear();
    this.directReplies.length = 0;
  }
}

import * as crypto from 'crypto';
import { EventEmitter } from 'events';
import type { ControllableClock } from './clock';
import { applyConfigPatch, defaultConfig, type SandboxConfig, type SandboxConfigPatch } from './config';
import type { DemoOrg, SeedApp, SeedCustomRobot, SeedUser } from './seed';

/** Someone @-mentioned by a custom-robot text/markdown message. */
export interface Mention {
  userid: string;
  name: string;
  /** Which `at` list named the user. */
  via: 'atMobiles' | 'atUserIds';
  /** DingTalk only renders a real mention when "@mobile"/"@userid" also appears in the content. */
  inContent: boolean;
  /** Whether the user is a member of the group (DingTalk masks non-members). */
  member: boolean;
}

/** Message content normalised across the webhook msgtypes and the app-robot msgKeys. */
export type MessageContent =
  | { type: 'text'; content: string }
  | { type: 'markdown'; title: string; text: string }
  | { type: 'link'; title: string; text: string; messageUrl: string; picUrl?: string }
  | {
      type: 'actionCard';
      title: string;
      text: string;
      singleTitle?: string;
      singleURL?: string;
      buttons: { title: string; url: string }[];
      btnOrientation: '0' | '1';
    }
  | { type: 'feedCard'; links: { title: string; messageURL: string; picURL?: string }[] }
  | { type: 'image'; photoURL: string }
  | { type: 'file'; mediaId: string; fileName: string; fileType: string }
  | { type: 'audio'; mediaId: string; duration: string }
  | { type: 'video'; videoMediaId: string; picMediaId?: string; duration: string; videoType: string; width?: string; height?: string };

export type MessageSender =
  | { kind: 'customRobot'; name: string; accessToken: string }
  | { kind: 'appRobot'; name: string; robotCode: string; appKey: string }
  /** A person posting on the page (or through /__sandbox/chat/post); @-mentions of an app robot go out over Stream Mode. */
  | { kind: 'user'; name: string; userid: string };

export interface MessageRecord {
  /** Sandbox-internal id, stable across the message's life. */
  id: string;
  openConversationId: string;
  sender: MessageSender;
  /** Webhook msgtype (text, markdown…) or app-robot msgKey (sampleText…), as sent. */
  msgtype: string;
  content: MessageContent;
  mentions: Mention[];
  atAll: boolean;
  createdAt: number;
  msgUuid?: string;
  processQueryKey?: string;
  /** Set when recalled; recalled messages disappear from the group, as in DingTalk. */
  recalledAt?: number;
}

export interface GroupRecord {
  title: string;
  openConversationId: string;
  chatId: string;
  ownerUserid: string;
  memberUserids: string[];
  /** robotCodes of app robots in the group. */
  appRobotCodes: string[];
  /** 'seed' or the appKey that created it through /v1.0/im/group/create. */
  createdBy: string;
  createdAt: number;
}

export interface TodoRecord {
  id: string;
  subject: string;
  description?: string;
  startTime: number;
  dueTime?: number;
  finishTime: number;
  done: boolean;
  executorIds: string[];
  participantIds: string[];
  /** Per-executor done flags set through executorStatus. */
  executorStatus: Record<string, boolean>;
  detailUrl?: { appUrl?: string; pcUrl?: string };
  source: string;
  sourceId?: string;
  createdTime: number;
  modifiedTime: number;
  creatorId: string;
  modifierId: string;
  bizTag: string;
  isOnlyShowExecutor: boolean;
  priority?: number;
  notifyConfigs?: Record<string, unknown>;
  todoType?: string;
  /** The app whose token created the task; updates from other apps fail with `task not belong to bizTag`. */
  appKey: string;
  /** unionId in the create path. */
  ownerUnionId: string;
}

export interface MediaRecord {
  mediaId: string;
  type: 'image' | 'voice' | 'video' | 'file';
  fileName: string;
  contentType: string;
  size: number;
  bytes: Buffer;
  createdAt: number;
  appKey: string;
}

export interface TokenRecord {
  token: string;
  appKey: string;
  issuedAt: number;
  expiresAt: number;
  /** Force-expired by a fault or a test, independent of the clock. */
  revoked: boolean;
}

/** Per-robot sliding window and throttle for the custom-robot rate limit. */
export interface RateWindow {
  sentAt: number[];
  throttledUntil: number;
}

export type ChangeKind = 'messages' | 'todos' | 'media' | 'groups' | 'reset' | 'config';

/**
 * All mutable sandbox state in one place, so reset() can restore the seed in one step and the
 * page can subscribe to one 'change' event. Endpoint modules read and mutate it; they never keep
 * state of their own.
 */
export class SandboxStore extends EventEmitter {
  config: SandboxConfig;
  groups = new Map<string, GroupRecord>();
  messages: MessageRecord[] = [];
  todos = new Map<string, TodoRecord>();
  media = new Map<string, MediaRecord>();
  tokens = new Map<string, TokenRecord>();
  rateWindows = new Map<string, RateWindow>();
  /** `${accessToken}\n${msgUuid}` → id of the message that uuid produced. */
  msgUuids = new Map<string, string>();
  /** `yyyy-mm` (China time) → metered calls that month. */
  quotaUsage = new Map<string, number>();
  /** `${appKey} ${route} ${second}` → calls in that second. */
  qpsWindows = new Map<string, number>();
  private nextMessageNo = 1;

  constructor(
    readonly seed: DemoOrg,
    readonly clock: ControllableClock,
    initialConfig: SandboxConfigPatch = {},
  ) {
    super();
    this.config = applyConfigPatch(defaultConfig(), initialConfig);
    this.reset();
  }

  /**
   * Back to the seed: groups, messages, to-dos, media, tokens, rate-limit windows, quota counters.
   * Config is kept: tests usually configure once and reset between cases.
   */
  reset(): void {
    this.groups.clear();
    for (const g of this.seed.groups) {
      this.groups.set(g.openConversationId, {
        title: g.title,
        openConversationId: g.openConversationId,
        chatId: g.chatId,
        ownerUserid: g.ownerUserid,
        memberUserids: [...g.memberUserids],
        appRobotCodes: this.seed.apps.filter((a) => a.robotInGroups.includes(g.openConversationId)).map((a) => a.robotCode),
        createdBy: 'seed',
        createdAt: this.clock.now(),
      });
    }
    this.messages = [];
    this.todos.clear();
    this.media.clear();
    this.tokens.clear();
    this.rateWindows.clear();
    this.msgUuids.clear();
    this.quotaUsage.clear();
    this.qpsWindows.clear();
    this.nextMessageNo = 1;
    this.changed('reset');
  }

  configure(patch: SandboxConfigPatch): void {
    this.config = applyConfigPatch(this.config, patch);
    this.changed('config');
  }

  changed(kind: ChangeKind): void {
    this.emit('change', kind);
  }

  // ---- directory lookups ----
  userByUserid(userid: string): SeedUser | undefined {
    return this.seed.users.find((u) => u.userid === userid);
  }
  userByUnionid(unionid: string): SeedUser | undefined {
    return this.seed.users.find((u) => u.unionid === unionid);
  }
  userByMobile(mobile: string): SeedUser | undefined {
    return this.seed.users.find((u) => u.mobile === mobile);
  }
  appByKey(appKey: string): SeedApp | undefined {
    return this.seed.apps.find((a) => a.appKey === appKey);
  }
  appByRobotCode(robotCode: string): SeedApp | undefined {
    return this.seed.apps.find((a) => a.robotCode === robotCode);
  }
  customRobotByToken(token: string): SeedCustomRobot | undefined {
    return this.seed.customRobots.find((r) => r.accessToken === token);
  }

  // ---- messages ----
  addMessage(message: Omit<MessageRecord, 'id' | 'createdAt'>): MessageRecord {
    const record: MessageRecord = { ...message, id: `msg-${this.nextMessageNo++}`, createdAt: this.clock.now() };
    this.messages.push(record);
    this.changed('messages');
    return record;
  }

  /** Messages still visible in a group (recalled ones are gone), oldest first. */
  visibleMessages(openConversationId?: string): MessageRecord[] {
    return this.messages.filter((m) => !m.recalledAt && (openConversationId === undefined || m.openConversationId === openConversationId));
  }

  // ---- ids ----
  /** Opaque, base64-looking id like DingTalk's processQueryKey ("Kna29Ra5…Q="). */
  static newProcessQueryKey(): string {
    return crypto.randomBytes(32).toString('base64');
  }
  /** Media ids start with "@lAD" like DingTalk's ("@lADPDeC2uG_JxHbNA4TNBQA"). */
  static newMediaId(): string {
    return `@lADP${crypto.randomBytes(15).toString('base64url')}`;
  }
  static newTaskId(): string {
    return `task${crypto.randomBytes(12).toString('hex')}`;
  }
  static newAccessToken(): string {
    return crypto.randomBytes(16).toString('hex');
  }
}

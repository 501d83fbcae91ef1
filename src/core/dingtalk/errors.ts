/**
 * The one error model of the DingTalk client.
 *
 * Every failure (a DingTalk error envelope, an HTTP failure, a network error, a local validation) becomes a
 * {@link DingTalkError} with a precise {@link DingTalkErrorKind}. The host localises by `kind` (and `details`);
 * the English `explanation` / `remedy` are the fallback and what goes to the log.
 *
 * DingTalk has two envelopes (see docs/dingtalk-api.md §1):
 *  - oapi: HTTP 200 + `{errcode, errmsg}` (errcode may be the string "0"), optionally `request_id`;
 *  - v1.0: HTTP 4xx/5xx + `{code, requestid, message, accessdenieddetail?}` (or capitalised `Code/Message/RequestId`).
 * Both are classified by the same rule table, by code and by message text, because DingTalk has changed codes
 * over time (the custom robot's rate-limit code went 130101 → 410100 → 660026) but kept recognisable wording.
 */

import { redact } from '../redact';

/** What went wrong, precisely enough for the host to pick a localised message and a remedy. */
export type DingTalkErrorKind =
  /** Custom robot 加签: the signature does not match the robot's SEC… secret. */
  | 'signMismatch'
  /** Custom robot keyword security: none of the robot's keywords is in the message. */
  | 'keywordsNotInContent'
  /** Custom robot 加签: the timestamp is more than 1 h away from DingTalk's clock. */
  | 'invalidTimestamp'
  /** The caller's IP is not in the robot's or the app's allow-list. */
  | 'ipNotAllowed'
  /** Throttled (20 msg/min per custom robot, per-API QPS, …). Retryable after `retryAfterMs`. */
  | 'rateLimited'
  /** The custom robot's webhook token is unknown (robot removed, external group, truncated URL). */
  | 'tokenNotExist'
  /** The robot exists but is disabled / stopped. */
  | 'robotDisabled'
  /** The app access token is invalid or expired. The client refreshes and retries once by itself. */
  | 'invalidAccessToken'
  /** The app lacks a permission scope (`requiredScopes` names it when DingTalk says). */
  | 'permissionDenied'
  /** The organisation's monthly API call quota is used up. */
  | 'quotaExceeded'
  /** AppKey / AppSecret rejected. */
  | 'invalidCredentials'
  /** A message body / msgParam is over DingTalk's size limit (checked locally before sending, too). */
  | 'bodyTooLarge'
  /** A file is over the media-upload size limit for its type (checked locally before uploading). */
  | 'fileTooLarge'
  /** A file's extension is not accepted for that media / message type (checked locally). */
  | 'unsupportedFileType'
  /** The message type cannot be sent through this channel (e.g. an image through a custom robot). */
  | 'unsupportedMessageType'
  /** DingTalk refused the content as unsafe. */
  | 'contentRejected'
  /** Some request parameter is invalid (DingTalk's own words are in `dingTalkMessage`). */
  | 'invalidParameter'
  /** A custom-robot webhook URL was refused before any request (see `details.reason`). */
  | 'invalidWebhookUrl'
  /** The app robot is not a member of the target group. */
  | 'robotNotInGroup'
  /** The group does not exist any more (disbanded) or the openConversationId is wrong. */
  | 'conversationNotFound'
  /** A to-do with this sourceId already exists. */
  | 'taskExists'
  /** The to-do does not exist. */
  | 'taskNotFound'
  /** No such user in the organisation (mobile / userid / unionid lookup). */
  | 'userNotFound'
  /** No answer in time (client timeout, HTTP 504, oapi code 15). Retryable. */
  | 'timeout'
  /** Could not reach DingTalk at all (DNS, refused, reset, TLS). Retryable. */
  | 'network'
  /** DingTalk reported an internal error / is busy. Retryable. */
  | 'server'
  /** The caller cancelled through its AbortSignal. */
  | 'cancelled'
  /** Anything not recognised. */
  | 'unknown';

/** Every kind, for hosts that want to check their localisation table is complete. */
export const DINGTALK_ERROR_KINDS: readonly DingTalkErrorKind[] = [
  'signMismatch', 'keywordsNotInContent', 'invalidTimestamp', 'ipNotAllowed', 'rateLimited', 'tokenNotExist',
  'robotDisabled', 'invalidAccessToken', 'permissionDenied', 'quotaExceeded', 'invalidCredentials', 'bodyTooLarge',
  'fileTooLarge', 'unsupportedFileType', 'unsupportedMessageType', 'contentRejected', 'invalidParameter',
  'invalidWebhookUrl', 'robotNotInGroup', 'conversationNotFound', 'taskExists', 'taskNotFound', 'userNotFound',
  'timeout', 'network', 'server', 'cancelled', 'unknown',
];

/** Values a host may interpolate into a localised message. Never contains secrets. */
export type DingTalkErrorDetails = Readonly<Record<string, string | number>>;

/** Constructor input of {@link DingTalkError}. */
export interface DingTalkErrorInit {
  kind: DingTalkErrorKind;
  /** DingTalk's errcode / v1.0 code as a string; '' when the error was produced locally. */
  code?: string;
  httpStatus?: number;
  /** Overrides the kind's default (timeout/network/server/rateLimited are retryable). */
  retryable?: boolean;
  retryAfterMs?: number;
  requestId?: string;
  requiredScopes?: string[];
  /** DingTalk's own message (errmsg / message), kept for the log; redacted. */
  dingTalkMessage?: string;
  details?: DingTalkErrorDetails;
  /** Overrides the kind's default English explanation (used for local validation errors). */
  explanation?: string;
  /** Overrides the kind's default English remedy. */
  remedy?: string;
  cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<DingTalkErrorKind> = new Set(['rateLimited', 'timeout', 'network', 'server']);

/** A DingTalk request or validation failure. `message` is English and already redacted. */
export class DingTalkError extends Error {
  override readonly name = 'DingTalkError';
  readonly kind: DingTalkErrorKind;
  /** DingTalk's errcode (oapi) or code (v1.0) as a string; '' for errors produced locally. */
  readonly code: string;
  readonly httpStatus?: number;
  /** Whether sending the same request again may succeed (after `retryAfterMs` when set). */
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  /** Permission scopes DingTalk says are missing (v1.0 `accessdenieddetail.requiredScopes`). */
  readonly requiredScopes?: string[];
  /** DingTalk's own (redacted) error text, if any. */
  readonly dingTalkMessage?: string;
  /** Interpolation values for localisation (sizes, limits, file names, reasons). */
  readonly details: DingTalkErrorDetails;
  /** What happened, in English. */
  readonly explanation: string;
  /** What the user can do about it, in English. */
  readonly remedy: string;

  constructor(init: DingTalkErrorInit) {
    const details: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(init.details ?? {})) details[key] = typeof value === 'string' ? redact(value) : value;
    const text = defaultText(init.kind, details, init.requiredScopes, init.retryAfterMs, init.code ?? '');
    const explanation = redact(init.explanation ?? text.explanation);
    const remedy = redact(init.remedy ?? text.remedy);
    const dingTalkMessage = init.dingTalkMessage ? redact(init.dingTalkMessage) : undefined;
    const code = init.code ?? '';
    const suffix: string[] = [];
    if (code || init.httpStatus !== undefined || dingTalkMessage) {
      const where = [code && `code ${code}`, init.httpStatus !== undefined && `HTTP ${init.httpStatus}`].filter(Boolean).join(', ');
      suffix.push(`DingTalk said${where ? ` (${where})` : ''}: ${dingTalkMessage ?? '(no message)'}`);
    }
    if (init.requestId) suffix.push(`request id ${init.requestId}`);
    super(redact(`${explanation} ${remedy}${suffix.length ? ` [${suffix.join('; ')}]` : ''}`), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.code = code;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
    this.requiredScopes = init.requiredScopes;
    this.dingTalkMessage = dingTalkMessage;
    this.details = details;
    this.explanation = explanation;
    this.remedy = remedy;
  }
}

/** True when `err` is a {@link DingTalkError} (optionally of one of `kinds`). */
export function isDingTalkError(err: unknown, ...kinds: DingTalkErrorKind[]): err is DingTalkError {
  return err instanceof DingTalkError && (kinds.length === 0 || kinds.includes(err.kind));
}

// ---------------------------------------------------------------------------------------------------------
// English texts

function formatDuration(ms: number): string {
  if (ms < 1500) return 'a second';
  if (ms < 90_000) return `${Math.round(ms / 1000)} seconds`;
  const minutes = Math.round(ms / 60_000);
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}

/** The app robot's v1.0 API reports refusals as `invalidParameter.*` codes; the custom robot's are numbers. */
export function isAppRobotRefusalCode(code: string | undefined): boolean {
  return code?.startsWith('invalidParameter.') ?? false;
}

function defaultText(
  kind: DingTalkErrorKind,
  details: DingTalkErrorDetails,
  scopes: string[] | undefined,
  retryAfterMs: number | undefined,
  code: string,
): { explanation: string; remedy: string } {
  switch (kind) {
    case 'signMismatch':
      return {
        explanation: 'DingTalk rejected the signature: the signing secret does not match this robot.',
        remedy: "Copy the secret (SEC…) from the robot's security settings (加签) again, and check that the webhook URL belongs to the same robot.",
      };
    case 'keywordsNotInContent':
      return {
        explanation: "The message does not contain any of the robot's custom keywords.",
        remedy: "Include one of the keywords from the robot's security settings in the message, or change the robot's keywords.",
      };
    case 'invalidTimestamp':
      return {
        explanation: "DingTalk rejected the signature's timestamp: this computer's clock is more than an hour away from DingTalk's.",
        remedy: "Set this computer's date, time and time zone to update automatically (clock skew), then send again.",
      };
    case 'ipNotAllowed':
      return {
        explanation: "This computer's public IP address is not in the allow-list (IP whitelist) of the robot or the app.",
        remedy: "Ask the administrator to add your public IP address or range to the robot's security settings or the app's server IP allow-list, or send from an allowed network.",
      };
    case 'rateLimited':
      return {
        explanation: 'DingTalk is throttling: too many messages or requests were sent too quickly.',
        remedy: `Wait ${retryAfterMs !== undefined ? `about ${formatDuration(retryAfterMs)}` : 'a while'} and try again; a custom robot may send at most 20 messages per minute, and exceeding that blocks it for 10 minutes.`,
      };
    case 'tokenNotExist':
      return {
        explanation: "DingTalk does not know this webhook's access token: the robot was removed, belongs to an external group, or the URL is incomplete.",
        remedy: "Copy the complete webhook URL from the robot's settings in the group again.",
      };
    case 'robotDisabled':
      return {
        explanation: 'The robot has been disabled or stopped.',
        remedy: "Re-enable the robot in the group's robot settings (or ask the group owner), then send again.",
      };
    case 'invalidAccessToken':
      return {
        explanation: 'DingTalk rejected the app access token as invalid or expired.',
        remedy: "Check the app's AppKey and AppSecret; if they are right, try again (a fresh token is requested automatically).",
      };
    case 'permissionDenied': {
      const named = scopes && scopes.length > 0 ? scopes.join(', ') : undefined;
      return {
        explanation: named
          ? `The DingTalk app lacks the permission ${named}.`
          : 'The DingTalk app lacks a permission this operation needs.',
        remedy: named
          ? `In the DingTalk developer console open the app → Permissions, apply for ${named}, publish the app, then try again.`
          : "In the DingTalk developer console open the app → Permissions and apply for the permission named in DingTalk's message, then try again.",
      };
    }
    case 'quotaExceeded':
      return {
        explanation: "The organisation has used up this month's DingTalk API call quota.",
        remedy: 'Wait until the quota resets at the start of next month, or ask the administrator to upgrade the DingTalk edition.',
      };
    case 'invalidCredentials':
      return {
        explanation: 'DingTalk rejected the AppKey / AppSecret.',
        remedy: "Copy the AppKey (Client ID) and AppSecret (Client Secret) from the app's credentials page in the DingTalk developer console again.",
      };
    case 'bodyTooLarge':
      return {
        explanation: details.size !== undefined && details.limit !== undefined
          ? `The ${details.what ?? 'message'} is ${details.size} bytes; DingTalk accepts at most ${details.limit} bytes.`
          : 'The message is larger than DingTalk accepts.',
        remedy: 'Shorten it (for example send a smaller selection), or share the content as a file instead.',
      };
    case 'fileTooLarge':
      return {
        explanation: `The file ${details.fileName ?? ''} is ${details.size ?? '?'} bytes; DingTalk accepts ${details.type ?? ''} uploads of at most ${details.limit ?? '?'} bytes.`.replace(/\s+/g, ' '),
        remedy: 'Choose a smaller file or compress it.',
      };
    case 'unsupportedFileType':
      return {
        explanation: `DingTalk does not accept the file ${details.fileName ?? ''} as ${details.type ?? 'this type'}; allowed extensions: ${details.allowed ?? '(see documentation)'}.`.replace(/\s+/g, ' '),
        remedy: 'Convert the file to an allowed format, or put it in a .zip archive and share that.',
      };
    case 'unsupportedMessageType':
      if (isAppRobotRefusalCode(code)) {
        return {
          explanation: "The app robot refused this message type or the file's format.",
          remedy: 'Share the file inside a .zip archive, or send the content as text.',
        };
      }
      return {
        explanation: 'This message type cannot be sent through this robot.',
        remedy: 'Use text, markdown, link, actionCard or feedCard with a custom robot; images and files need the app robot.',
      };
    case 'contentRejected':
      return {
        explanation: 'DingTalk refused the message content as unsafe.',
        remedy: 'Remove links or wording that DingTalk may consider unsafe and send again.',
      };
    case 'invalidParameter':
      return {
        explanation: `DingTalk rejected a request parameter${details.parameter ? ` (${details.parameter})` : ''}.`,
        remedy: "Check the values that were sent; DingTalk's message below says which one is wrong.",
      };
    case 'invalidWebhookUrl':
      return {
        explanation: 'The webhook URL is not a DingTalk custom-robot webhook URL.',
        remedy: "Copy the webhook URL (https://oapi.dingtalk.com/robot/send?access_token=…) from the robot's settings in the group.",
      };
    case 'robotNotInGroup':
      return {
        explanation: "The app's robot is not a member of that group.",
        remedy: "Add the robot to the group (group settings → Robots → Add robot), then send again.",
      };
    case 'conversationNotFound':
      return {
        explanation: 'The group does not exist any more (it may have been disbanded) or its id is wrong.',
        remedy: 'Choose the group again.',
      };
    case 'taskExists':
      return {
        explanation: 'A to-do with this source id already exists.',
        remedy: 'Look the existing to-do up by its source id instead of creating it again.',
      };
    case 'taskNotFound':
      return {
        explanation: 'The to-do does not exist (it may have been deleted).',
        remedy: 'Refresh the to-do list; create the to-do again if it is still needed.',
      };
    case 'userNotFound':
      return {
        explanation: 'No such user was found in the organisation (wrong number or id, or the person has left).',
        remedy: 'Check the mobile number or id and that the person belongs to the organisation the app is installed in.',
      };
    case 'timeout':
      return {
        explanation: 'DingTalk did not answer in time.',
        remedy: 'Check the network connection and try again.',
      };
    case 'network':
      return {
        explanation: `Could not reach DingTalk${details.cause ? ` (${details.cause})` : ''}.`,
        remedy: 'Check the network, proxy and firewall: outbound HTTPS to oapi.dingtalk.com and api.dingtalk.com must be allowed.',
      };
    case 'server':
      return {
        explanation: 'DingTalk reported a server error or is busy.',
        remedy: 'Try again in a moment.',
      };
    case 'cancelled':
      return { explanation: 'The request was cancelled.', remedy: 'Nothing to do.' };
    case 'unknown':
      return {
        explanation: 'DingTalk returned an unexpected error.',
        remedy: "See DingTalk's message and request id in the log; search them in the DingTalk open platform documentation.",
      };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Classification

/** Which surface produced the response; decides rate-limit defaults. */
export type DingTalkSurface = 'customRobot' | 'oapi' | 'v1';

/** Context for mapping a response to an error. */
export interface ErrorContext {
  /** Current time in ms (for "限制将在 … 结束" dates). Defaults to Date.now(). */
  now?: number;
  surface?: DingTalkSurface;
  /** Value of an HTTP Retry-After header, if any. */
  retryAfterHeader?: string | null;
}

/** The custom robot blocks for 10 minutes after more than 20 messages in a minute (doc §2.3). */
export const CUSTOM_ROBOT_THROTTLE_MS = 10 * 60_000;
const QPS_RETRY_MS = 1_000;
const DEFAULT_RATE_LIMIT_RETRY_MS = 60_000;

interface Rule {
  kind: DingTalkErrorKind;
  codes?: readonly string[];
  codePattern?: RegExp;
  message?: RegExp;
  /** Only applies when the code also matches (message refines a shared code such as 310000). */
  messageAndCode?: boolean;
  retryable?: boolean;
}

// Ordered from most to least specific: the first rule whose code or message matches wins.
const RULES: readonly Rule[] = [
  { kind: 'signMismatch', message: /sign(ature)? not match|签名不匹配|签名(错误|无效|不合法)|invalid sign\b/i },
  { kind: 'invalidTimestamp', message: /invalid timestamp|timestamp (is )?(invalid|expired)|时间戳(无效|不合法|错误|过期|超时)/i },
  { kind: 'keywordsNotInContent', message: /keywords? not in content|关键(词|字)/i },
  {
    kind: 'ipNotAllowed',
    codes: ['60020', 'Forbidden.AccessDenied.IpNotInWhiteList'],
    codePattern: /IpNotInWhiteList/i,
    message: /not in (the )?white ?list|白名单/i,
  },
  {
    kind: 'quotaExceeded',
    codes: ['90020', 'Forbidden.AccessDenied.ApiCountLimitForOrg'],
    codePattern: /ApiCountLimit/i,
    message: /调用(次数|量).{0,12}(超|上限|用完|用尽)|quota/i,
  },
  {
    kind: 'rateLimited',
    codes: ['130101', '410100', '660026', '90002', '90019', 'send.too.fast', 'send.byToken.tooFast',
      'too.many.group', 'too.many.people', 'todo.taskCreate.flowControlError'],
    codePattern: /QpsLimit|flowControl|tooFast|too\.fast/i,
    message: /send too fast|too many (messages|requests)|exceed \d+ times|too frequent|请求过于频繁|过于频繁|发送(速度)?太快|限流|频率|flow ?control/i,
  },
  { kind: 'robotNotInGroup', codes: ['invalidParameter.robotCode.empty'], message: /机器人.{0,6}(不在|没有在)群|robot (is )?not in (the )?group/i },
  { kind: 'robotDisabled', codes: ['400102', 'bot.stopped'], message: /robot (is )?(disabled|stopped)|机器人.{0,6}(已停用|被停用|禁用)/i },
  // The app robot's v1.0 API says token.notExisted; its only token is the app's access token (a fresh one is
  // fetched and the call retried once), unlike a webhook's, which only the user can fix.
  { kind: 'invalidAccessToken', codes: ['token.notExisted'] },
  {
    kind: 'tokenNotExist',
    codes: ['300001', '300005', '400101', '400106'],
    message: /token is not exist|token (does )?not exists?|token不存在/i,
  },
  {
    kind: 'invalidCredentials',
    codes: ['invalidClientIdOrSecret', '40089', 'invalid.client', 'unauthorized.client', 'invalidClientId', 'invalidClientSecret'],
    message: /无效的clientId|clientId或者clientSecret|不合法的corpId|corpSecret|invalid client/i,
  },
  {
    kind: 'invalidAccessToken',
    codes: ['40014', 'InvalidAuthentication'],
    message: /不合法的access_?token|access_?token.{0,12}(invalid|expired|过期|无效|超时)|invalid.{0,12}access_?token/i,
  },
  {
    kind: 'permissionDenied',
    codes: ['Forbidden.AccessDenied.AccessTokenPermissionDenied'],
    codePattern: /^Forbidden\.AccessDenied|PermissionDenied|^Forbidden$/i,
    message: /没有.{0,16}权限|缺少.{0,16}权限|no permission|permission denied|access ?denied/i,
  },
  { kind: 'taskExists', message: /\btask (already )?exists?\b|待办(任务)?已存在/i },
  { kind: 'taskNotFound', message: /\btask (does )?not (exist|found)|待办(任务)?不存在/i },
  {
    kind: 'userNotFound',
    codes: ['60121', '40104'],
    message: /找不到该用户|用户不存在|user (does )?not (found|exist)|mobile not in (the )?org|无效的用户/i,
  },
  {
    kind: 'conversationNotFound',
    codes: ['group.disbanded', 'invalid.openConversationId', '400013'],
    message: /群.{0,4}(已)?解散|disbanded|会话不存在|conversation (does )?not exist/i,
  },
  { kind: 'unsupportedMessageType', codes: ['400105', 'invalidParameter.msg.unsupport'], message: /不支持.{0,6}消息类型|unsupported (msg|message) ?type/i },
  { kind: 'contentRejected', codes: ['430101', '430102', '430103', '430104'], message: /不安全|unsafe content|含有(敏感|违规)/i },
  {
    kind: 'bodyTooLarge',
    codes: ['invalidParameter.msgParam.tooLong'],
    message: /body ?大小不合法|请保持大小在|body (is )?too (large|long)|msgParam.{0,12}(too ?long|过长)/i,
  },
  // Upload codes for bad format / oversize are UNCONFIRMED (docs §5): recognised by wording only.
  { kind: 'unsupportedFileType', message: /不合法的文件类型|不支持的文件(类型|格式)|unsupported file type/i },
  { kind: 'fileTooLarge', message: /不合法的文件大小|文件(太|过)大|file (is )?too (large|big)/i },
  { kind: 'unknown', codes: ['unknown.send.result'], retryable: false },
  { kind: 'timeout', codes: ['15', 'isp.top-remote-connection-timeout'], message: /timed? ?out|超时/i },
  {
    kind: 'server',
    codes: ['-1', 'todo.taskCreate.lockError', 'SYSTEM_ERROR', 'ServiceUnavailable', 'InternalError'],
    codePattern: /systemError|system\.error|server\.error|InternalError/i,
    message: /系统繁忙|system (is )?busy|service unavailable/i,
  },
  {
    kind: 'invalidParameter',
    codes: ['40035', '400002', '40004', '43004', 'Missingbody'],
    codePattern: /^invalidParameter|^miss\.|^invalid\.|paramError|^Missing|^Invalid/i,
  },
];

/** The parts of DingTalk's 2024+ `description:…;solution:…;link:…` errmsg (also `错误描述:…;解决方案:…`). */
export interface StructuredErrmsg {
  description?: string;
  solution?: string;
  link?: string;
}

/** Parses the 2024+ structured errmsg; returns undefined for plain messages. */
export function parseStructuredErrmsg(message: string): StructuredErrmsg | undefined {
  const labels: Record<string, keyof StructuredErrmsg> = {
    description: 'description', 错误描述: 'description', solution: 'solution', 解决方案: 'solution', link: 'link', 链接: 'link',
  };
  const re = /(description|solution|link|错误描述|解决方案|链接)\s*[:：]\s*([\s\S]*?)(?=;\s*(?:description|solution|link|错误描述|解决方案|链接)\s*[:：]|;?\s*$)/gi;
  const out: StructuredErrmsg = {};
  let found = false;
  for (const m of message.matchAll(re)) {
    const key = labels[m[1].toLowerCase()] ?? labels[m[1]];
    if (key && out[key] === undefined) {
      out[key] = m[2].trim().replace(/;$/, '').trim();
      found = true;
    }
  }
  return found ? out : undefined;
}

/**
 * Reads a retry delay from DingTalk's wording: `限制将在 2026-09-21 12:00:04 结束` (Beijing time), `限流10分钟`,
 * `… 30 seconds`. Returns undefined when the message names no time.
 */
export function retryAfterFromMessage(message: string, now: number): number | undefined {
  const until = /限制将在\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*结束/.exec(message);
  if (until) {
    const [, y, mo, d, h, mi, s] = until.map(Number);
    // DingTalk prints Beijing time (UTC+8, no DST).
    const at = Date.UTC(y, mo - 1, d, h - 8, mi, Number.isNaN(s) ? 0 : s);
    return Math.max(QPS_RETRY_MS, at - now);
  }
  const minutes = /(\d+(?:\.\d+)?)\s*(?:分钟|minutes?\b|mins?\b)/i.exec(message);
  if (minutes) return Math.round(Number(minutes[1]) * 60_000);
  const seconds = /(\d+(?:\.\d+)?)\s*(?:秒|seconds?\b|secs?\b)/i.exec(message);
  if (seconds) return Math.round(Number(seconds[1]) * 1000);
  return undefined;
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date). */
export function retryAfterFromHeader(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function ruleMatches(rule: Rule, code: string, text: string): boolean {
  const codeHit = code !== '' && ((rule.codes?.includes(code) ?? false) || (rule.codePattern?.test(code) ?? false));
  if (codeHit) return true;
  return rule.message !== undefined && rule.message.test(text);
}

/** The raw facts of a failed response, independent of envelope. */
export interface ErrorFacts {
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  requiredScopes?: string[];
}

/** Classifies raw error facts into a {@link DingTalkError}. */
export function classifyError(facts: ErrorFacts, ctx: ErrorContext = {}): DingTalkError {
  const now = ctx.now ?? Date.now();
  const structured = parseStructuredErrmsg(facts.message);
  // Classify by the description only: the 2024+ sign-mismatch solution text talks about timestamps.
  const text = structured?.description ?? facts.message;
  let rule = RULES.find((r) => ruleMatches(r, facts.code, text));
  // oapi 88 means both "不合法的access_token" (old TOP endpoints) and "remote timeout" (retry.md).
  if (!rule && facts.code === '88') rule = { kind: 'timeout' };
  let kind: DingTalkErrorKind = rule?.kind ?? kindFromStatus(facts.httpStatus);
  if (kind === 'unknown' && facts.requiredScopes?.length) kind = 'permissionDenied';

  let retryAfterMs: number | undefined;
  if (kind === 'rateLimited') {
    retryAfterMs = retryAfterFromMessage(facts.message, now)
      ?? retryAfterFromHeader(ctx.retryAfterHeader, now)
      ?? defaultRateLimitDelay(facts.code, ctx.surface);
  } else if (kind === 'server' || kind === 'timeout') {
    retryAfterMs = retryAfterFromHeader(ctx.retryAfterHeader, now);
  }
  const details: Record<string, string> = {};
  if (structured?.solution) details.solution = structured.solution;
  if (kind === 'invalidParameter' && /^invalidParameter\.([^.]+)/.test(facts.code)) {
    details.parameter = /^invalidParameter\.([^.]+)/.exec(facts.code)![1];
  }
  return new DingTalkError({
    kind,
    code: facts.code,
    httpStatus: facts.httpStatus,
    retryable: rule?.retryable,
    retryAfterMs,
    requestId: facts.requestId,
    requiredScopes: facts.requiredScopes,
    dingTalkMessage: facts.message,
    details,
  });
}

function defaultRateLimitDelay(code: string, surface: DingTalkSurface | undefined): number {
  if (surface === 'customRobot' || ['130101', '410100', '660026'].includes(code)) return CUSTOM_ROBOT_THROTTLE_MS;
  if (/QpsLimit|^9000[2-9]$|^9001\d$/i.test(code) || surface === 'v1') return QPS_RETRY_MS;
  return DEFAULT_RATE_LIMIT_RETRY_MS;
}

function kindFromStatus(status: number | undefined): DingTalkErrorKind {
  if (status === undefined || (status >= 200 && status < 300)) return 'unknown';
  if (status === 504 || status === 408) return 'timeout';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  if (status === 401) return 'invalidAccessToken';
  if (status === 403) return 'permissionDenied';
  if (status === 400 || status === 422) return 'invalidParameter';
  return 'unknown';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** True when an oapi `errcode` means success (0, "0", or absent). */
export function isOapiSuccessCode(errcode: unknown): boolean {
  return errcode === undefined || errcode === null || errcode === 0 || errcode === '0';
}

/**
 * Maps an oapi body (HTTP 200 + `{errcode, errmsg}`) to an error, or undefined on success.
 * errcode may be a number or a string.
 */
export function errorFromOapiBody(body: unknown, ctx: ErrorContext = {}, httpStatus?: number): DingTalkError | undefined {
  const rec = asRecord(body);
  if (!rec || isOapiSuccessCode(rec.errcode)) return undefined;
  return classifyError({
    code: str(rec.errcode) ?? '',
    message: str(rec.errmsg) ?? str(rec.message) ?? '',
    httpStatus,
    requestId: str(rec.request_id) ?? str(rec.requestid) ?? str(rec.requestId),
  }, ctx);
}

/**
 * Maps a v1.0 failure (HTTP 4xx/5xx + `{code, requestid, message, accessdenieddetail?}`, or capitalised
 * `Code/Message/RequestId`) to an error. Also understands an oapi envelope or DingTalk's egress-IP ban page
 * (`{"status":1111,"wait":5,"punish":"deny"}`) when they arrive with an error status.
 */
export function errorFromV1Response(httpStatus: number, body: unknown, ctx: ErrorContext = {}): DingTalkError {
  const rec = asRecord(body) ?? {};
  if (isIpBanPage(rec)) {
    const waitMinutes = Number(rec.wait);
    return new DingTalkError({
      kind: 'rateLimited',
      code: str(rec.status) ?? String(httpStatus),
      httpStatus,
      retryAfterMs: Number.isFinite(waitMinutes) && waitMinutes > 0 ? waitMinutes * 60_000 : 5 * 60_000,
      dingTalkMessage: `egress IP temporarily banned (${str(rec.punish) ?? 'deny'})`,
    });
  }
  if (rec.errcode !== undefined && !isOapiSuccessCode(rec.errcode)) {
    return errorFromOapiBody(rec, ctx, httpStatus)!;
  }
  const detail = asRecord(rec.accessdenieddetail) ?? asRecord(rec.accessDeniedDetail) ?? asRecord(rec.AccessDeniedDetail);
  const scopes = detail?.requiredScopes ?? detail?.RequiredScopes;
  const requiredScopes = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : undefined;
  return classifyError({
    code: str(rec.code) ?? str(rec.Code) ?? '',
    message: str(rec.message) ?? str(rec.Message) ?? str(rec.errmsg) ?? '',
    httpStatus,
    requestId: str(rec.requestid) ?? str(rec.requestId) ?? str(rec.RequestId) ?? str(rec.request_id),
    requiredScopes: requiredScopes && requiredScopes.length > 0 ? requiredScopes : undefined,
  }, ctx);
}

/**
 * Maps any HTTP response to an error, or undefined when it is a success: 2xx without a non-zero `errcode`
 * succeeds; 2xx with one is an oapi error; anything else goes through {@link errorFromV1Response}.
 */
export function errorFromResponse(httpStatus: number, body: unknown, ctx: ErrorContext = {}): DingTalkError | undefined {
  // The egress-IP ban page's HTTP status is not documented: it is a refusal whatever the status says.
  const rec = asRecord(body);
  if (rec && isIpBanPage(rec)) return errorFromV1Response(httpStatus, rec, ctx);
  if (httpStatus >= 200 && httpStatus < 300) return errorFromOapiBody(body, ctx, httpStatus);
  return errorFromV1Response(httpStatus, body, ctx);
}

/** DingTalk's egress-IP ban page: `{"status":1111,"wait":5,"punish":"deny"}` (doc §1, gateway limits). */
function isIpBanPage(rec: Record<string, unknown>): boolean {
  return rec.punish !== undefined || (String(rec.status) === '1111' && rec.errcode === undefined && rec.code === undefined);
}

const NETWORK_CODES = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_[A-Z_]+|CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/;

/**
 * Maps an exception thrown by fetch (or a body read) to `timeout`, `cancelled` or `network`. The original
 * exception is deliberately not attached as `cause`: fetch errors can quote the request URL, and Node prints
 * cause chains unredacted. Its redacted system code or message goes into `details.cause` instead.
 */
export function errorFromFetchFailure(err: unknown, how: { timedOut: boolean; cancelled: boolean }): DingTalkError {
  if (how.cancelled) return new DingTalkError({ kind: 'cancelled' });
  const name = (err as { name?: unknown })?.name;
  if (how.timedOut || name === 'TimeoutError') return new DingTalkError({ kind: 'timeout' });
  if (name === 'AbortError') return new DingTalkError({ kind: 'cancelled' });
  const cause = describeNetworkCause(err);
  return new DingTalkError({ kind: 'network', details: cause ? { cause } : {} });
}

function describeNetworkCause(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const message = err instanceof Error ? err.message : undefined;
  return message ? redact(message) : undefined;
}

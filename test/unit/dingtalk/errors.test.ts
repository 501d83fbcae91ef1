import * as assert from 'node:assert/strict';
import {
  classifyError, CUSTOM_ROBOT_THROTTLE_MS, DINGTALK_ERROR_KINDS, DingTalkError, DingTalkErrorKind, errorFromFetchFailure,
  errorFromOapiBody, errorFromResponse, errorFromV1Response, parseStructuredErrmsg, retryAfterFromHeader, retryAfterFromMessage,
} from '../../../src/core/dingtalk/errors';
import { networkError, timeoutError } from './helpers';
import { recordError, useSecret } from './logCapture';

const NOW = Date.UTC(2026, 8, 21, 4, 0, 0); // 2026-09-21 12:00:00 Beijing time
const SIGN_MISMATCH_2024 = 'description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确;link:请参考本接口对应文档获得具体要求，或者在https://open.dingtalk.com/document/  搜索相关文档;';

interface Case {
  code: number | string;
  msg: string;
  kind: DingTalkErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
  remedy?: RegExp;
}

// Custom robot + oapi codes from docs/dingtalk-api.md §2.4, §3, §5, §7, §10 (HTTP 200 envelope).
const OAPI_CASES: Case[] = [
  { code: 310000, msg: 'keywords not in content', kind: 'keywordsNotInContent', retryable: false, remedy: /keyword/ },
  { code: 310000, msg: 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]', kind: 'keywordsNotInContent', retryable: false },
  { code: 310000, msg: 'sign not match', kind: 'signMismatch', retryable: false, remedy: /SEC/ },
  { code: 310000, msg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]', kind: 'signMismatch', retryable: false },
  { code: 310000, msg: SIGN_MISMATCH_2024, kind: 'signMismatch', retryable: false, remedy: /SEC/ },
  { code: 310000, msg: 'invalid timestamp', kind: 'invalidTimestamp', retryable: false, remedy: /clock/ },
  { code: 310000, msg: 'ip 1.2.3.4 not in whitelist', kind: 'ipNotAllowed', retryable: false, remedy: /allow-list/ },
  { code: 130101, msg: 'send too fast, exceed 20 times per minute', kind: 'rateLimited', retryable: true, retryAfterMs: CUSTOM_ROBOT_THROTTLE_MS, remedy: /10 minutes/ },
  { code: 300001, msg: 'token is not exist', kind: 'tokenNotExist', retryable: false, remedy: /webhook URL/ },
  { code: 300005, msg: 'token is not exist', kind: 'tokenNotExist', retryable: false },
  { code: 660026, msg: 'sending too many messages per minute', kind: 'rateLimited', retryable: true, retryAfterMs: CUSTOM_ROBOT_THROTTLE_MS },
  { code: 410100, msg: '发送速度太快而限流', kind: 'rateLimited', retryable: true, retryAfterMs: CUSTOM_ROBOT_THROTTLE_MS },
  { code: 410100, msg: '限流10分钟', kind: 'rateLimited', retryable: true, retryAfterMs: 10 * 60_000 },
  { code: 999999, msg: 'send too fast', kind: 'rateLimited', retryable: true, retryAfterMs: CUSTOM_ROBOT_THROTTLE_MS },
  { code: 400101, msg: 'access_token不存在', kind: 'tokenNotExist', retryable: false },
  { code: 400102, msg: '机器人已停用', kind: 'robotDisabled', retryable: false },
  { code: 400105, msg: '不支持的消息类型', kind: 'unsupportedMessageType', retryable: false, remedy: /app robot/ },
  { code: 400106, msg: 'robot 不存在', kind: 'tokenNotExist', retryable: false },
  { code: 430101, msg: '含有不安全的外链', kind: 'contentRejected', retryable: false },
  { code: 430104, msg: 'x', kind: 'contentRejected', retryable: false },
  { code: 43004, msg: '无效的HTTP HEADER Content-Type', kind: 'invalidParameter', retryable: false },
  { code: 460101, msg: '错误描述: body 大小不合法;解决方案:请保持大小在 20000bytes 以内', kind: 'bodyTooLarge', retryable: false },
  { code: 40035, msg: '缺少参数', kind: 'invalidParameter', retryable: false },
  { code: 400013, msg: '群已被解散', kind: 'conversationNotFound', retryable: false },
  { code: 40014, msg: '不合法的access_token', kind: 'invalidAccessToken', retryable: false },
  { code: 88, msg: '不合法的access_token', kind: 'invalidAccessToken', retryable: false },
  { code: 88, msg: 'remote service timeout', kind: 'timeout', retryable: true },
  { code: 15, msg: 'isp.top-remote-connection-timeout', kind: 'timeout', retryable: true },
  { code: 40089, msg: '不合法的corpId或corpSecret', kind: 'invalidCredentials', retryable: false, remedy: /AppSecret/ },
  { code: 60020, msg: '访问ip不在白名单之中', kind: 'ipNotAllowed', retryable: false },
  { code: 90020, msg: '应用调用量超过上限', kind: 'quotaExceeded', retryable: false, remedy: /month/ },
  { code: 90002, msg: 'api调用超过限制', kind: 'rateLimited', retryable: true },
  { code: 90019, msg: 'ISV调用超过限制', kind: 'rateLimited', retryable: true },
  { code: 60121, msg: '找不到该用户', kind: 'userNotFound', retryable: false },
  { code: 40104, msg: '无效手机号', kind: 'userNotFound', retryable: false },
  { code: 400002, msg: '无效的参数', kind: 'invalidParameter', retryable: false },
  { code: -1, msg: '系统繁忙', kind: 'server', retryable: true },
  { code: 40004, msg: '不合法的媒体文件类型', kind: 'invalidParameter', retryable: false },
  { code: 40005, msg: '不合法的文件类型: file 只支持 doc, docx', kind: 'unsupportedFileType', retryable: false },
  { code: 40006, msg: '不合法的文件大小: voice 不能超过 2MB', kind: 'fileTooLarge', retryable: false },
  { code: 60011, msg: '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com', kind: 'permissionDenied', retryable: false },
  { code: 90020, msg: '组织本月API调用次数已超过限额(10000)', kind: 'quotaExceeded', retryable: false },
  { code: 123456, msg: 'something new', kind: 'unknown', retryable: false },
];

interface V1Case {
  status: number;
  code: string;
  message: string;
  kind: DingTalkErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
}

// v1.0 envelope codes from docs/dingtalk-api.md §1, §3, §4, §6.
const V1_CASES: V1Case[] = [
  { status: 400, code: 'InvalidAuthentication', message: '不合法的access_token', kind: 'invalidAccessToken', retryable: false },
  { status: 400, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', kind: 'invalidCredentials', retryable: false },
  { status: 400, code: 'invalid.client', message: 'client invalid', kind: 'invalidCredentials', retryable: false },
  { status: 400, code: 'unauthorized.client', message: 'x', kind: 'invalidCredentials', retryable: false },
  { status: 400, code: 'Missingbody', message: 'body is mandatory for this action', kind: 'invalidParameter', retryable: false },
  { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: '请求过于频繁', kind: 'rateLimited', retryable: true, retryAfterMs: 1000 },
  { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '请求过于频繁，限制将在 2026-09-21 12:00:04 结束', kind: 'rateLimited', retryable: true, retryAfterMs: 4000 },
  { status: 403, code: 'Forbidden.AccessDenied.IpNotInWhiteList', message: '访问ip不在白名单之中', kind: 'ipNotAllowed', retryable: false },
  { status: 403, code: 'Forbidden.AccessDenied.ApiCountLimitForOrg', message: '调用次数超过上限', kind: 'quotaExceeded', retryable: false },
  { status: 403, code: 'Forbidden.AccessDenied.SomethingNew', message: 'denied', kind: 'permissionDenied', retryable: false },
  { status: 504, code: 'GatewayTimeout', message: 'Gateway Timeout', kind: 'timeout', retryable: true },
  { status: 500, code: 'todo.taskCreate.systemError', message: 'todo.taskCreate.systemError', kind: 'server', retryable: true },
  { status: 500, code: 'server.error', message: 'x', kind: 'server', retryable: true },
  { status: 503, code: '', message: '', kind: 'server', retryable: true },
  { status: 400, code: 'todo.taskCreate.paramError', message: 'task exist', kind: 'taskExists', retryable: false },
  { status: 400, code: 'todo.taskCreate.paramError', message: 'subject is oversize', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'todo.taskCreate.paramError', message: 'dueTime is invalid', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'todo.taskCreate.flowControlError', message: 'flowControl because of executorId or orgId', kind: 'rateLimited', retryable: true },
  { status: 400, code: 'todo.taskCreate.lockError', message: '创建待办根据sourceId加锁失败', kind: 'server', retryable: true },
  { status: 400, code: 'todo.taskUpdate.paramError', message: 'task not exist', kind: 'taskNotFound', retryable: false },
  { status: 400, code: 'todo.taskUpdate.paramError', message: 'task not belong to bizTag', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'invalidParameter.robotCode.empty', message: '请检查机器人是否在群内', kind: 'robotNotInGroup', retryable: false },
  { status: 400, code: 'invalidParameter.robotCode.auth', message: 'robotCode与appkey不匹配', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'invalidParameter.msgParam.invalid', message: 'msgParam必须是json格式', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'invalidParameter.msgKey.invalid', message: 'msgKey无效', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'invalidParameter.msgParam.tooLong', message: 'msgParam太长', kind: 'bodyTooLarge', retryable: false },
  { status: 400, code: 'invalidParameter.msg.unsupport', message: '不支持', kind: 'unsupportedMessageType', retryable: false },
  { status: 400, code: 'miss.openConversationId', message: 'x', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'invalid.openConversationId', message: 'x', kind: 'conversationNotFound', retryable: false },
  { status: 400, code: 'group.disbanded', message: '群已解散', kind: 'conversationNotFound', retryable: false },
  { status: 400, code: 'bot.stopped', message: 'x', kind: 'robotDisabled', retryable: false },
  { status: 400, code: 'token.notExisted', message: 'token is not exist', kind: 'invalidAccessToken', retryable: false },
  { status: 400, code: 'send.too.fast', message: 'x', kind: 'rateLimited', retryable: true },
  { status: 400, code: 'send.byToken.tooFast', message: 'x', kind: 'rateLimited', retryable: true },
  { status: 400, code: 'too.many.group', message: 'x', kind: 'rateLimited', retryable: true },
  { status: 400, code: 'unknown.send.result', message: 'x', kind: 'unknown', retryable: false },
  { status: 400, code: 'unsupported.grant.type', message: 'x', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'template.not.existed', message: 'x', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'invalidParameter.robotCode.notExsit', message: 'x', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'miss.param.robotCode', message: 'x', kind: 'invalidParameter', retryable: false },
  { status: 400, code: 'todo.taskQuery.paramError', message: 'task not exist', kind: 'taskNotFound', retryable: false },
  { status: 400, code: 'somethingNobodyKnows', message: 'x', kind: 'invalidParameter', retryable: false },
  { status: 401, code: '', message: '', kind: 'invalidAccessToken', retryable: false },
  { status: 429, code: '', message: '', kind: 'rateLimited', retryable: true },
  { status: 418, code: 'teapot', message: 'x', kind: 'unknown', retryable: false },
];

function check(err: DingTalkError | undefined, expected: { kind: DingTalkErrorKind; retryable: boolean; retryAfterMs?: number; remedy?: RegExp }): DingTalkError {
  assert.ok(err, 'expected an error');
  recordError(err);
  assert.equal(err.kind, expected.kind, err.message);
  assert.equal(err.retryable, expected.retryable, `retryable for ${err.kind}`);
  if (expected.retryAfterMs !== undefined) assert.equal(err.retryAfterMs, expected.retryAfterMs);
  if (expected.kind === 'rateLimited') assert.ok(err.retryAfterMs! > 0, 'a rate limit always says how long to wait');
  if (expected.remedy) assert.match(err.remedy, expected.remedy);
  assert.ok(err.explanation.length > 10 && err.remedy.length > 5);
  return err;
}

describe('dingtalk error mapping', () => {
  describe('oapi envelope (HTTP 200 + errcode/errmsg)', () => {
    for (const c of OAPI_CASES) {
      it(`${c.code} "${c.msg.slice(0, 40)}" → ${c.kind}`, () => {
        const err = check(errorFromOapiBody({ errcode: c.code, errmsg: c.msg }, { now: NOW, surface: 'customRobot' }), c);
        assert.equal(err.code, String(c.code));
        // errcode as a string maps the same way.
        assert.equal(errorFromOapiBody({ errcode: String(c.code), errmsg: c.msg }, { now: NOW, surface: 'customRobot' })!.kind, c.kind);
      });
    }

    it('treats errcode 0, "0" and a missing errcode as success', () => {
      assert.equal(errorFromOapiBody({ errcode: 0, errmsg: 'ok' }), undefined);
      assert.equal(errorFromOapiBody({ errcode: '0', errmsg: 'ok' }), undefined);
      assert.equal(errorFromOapiBody({ media_id: '@x' }), undefined);
      assert.equal(errorFromResponse(200, { errcode: '0' }), undefined);
    });

    it('keeps request_id and puts code and DingTalk message into the error text', () => {
      const err = errorFromOapiBody({ errcode: 60121, errmsg: '找不到该用户', request_id: 'req-123' })!;
      assert.equal(err.requestId, 'req-123');
      assert.match(err.message, /code 60121/);
      assert.match(err.message, /找不到该用户/);
      assert.match(err.message, /request id req-123/);
    });

    it('reads the 2024+ description/solution format by its description only', () => {
      assert.deepEqual(parseStructuredErrmsg(SIGN_MISMATCH_2024), {
        description: '机器人发送签名不匹配',
        solution: '请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确',
        link: '请参考本接口对应文档获得具体要求，或者在https://open.dingtalk.com/document/  搜索相关文档',
      });
      assert.equal(parseStructuredErrmsg('sign not match'), undefined);
      const err = errorFromOapiBody({ errcode: 310000, errmsg: SIGN_MISMATCH_2024 })!;
      assert.equal(err.details.solution, '请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确');
    });

    it('never leaks a token that DingTalk echoes in errmsg', () => {
      const token = useSecret('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
      const err = errorFromOapiBody({ errcode: 300001, errmsg: `token is not exist: https://oapi.dingtalk.com/robot/send?access_token=${token}` })!;
      recordError(err);
      assert.ok(!err.message.includes(token) && !err.dingTalkMessage!.includes(token));
    });
  });

  describe('v1.0 envelope (HTTP 4xx/5xx + code/message/requestid)', () => {
    for (const c of V1_CASES) {
      it(`${c.status} ${c.code || '(no code)'} "${c.message.slice(0, 30)}" → ${c.kind}`, () => {
        const err = check(errorFromV1Response(c.status, { code: c.code, message: c.message, requestid: 'rid-1' }, { now: NOW, surface: 'v1' }), c);
        assert.equal(err.httpStatus, c.status);
        assert.equal(err.requestId, 'rid-1');
        // Capitalised Code/Message/RequestId (the SDK gateway's shape) map the same way.
        const capital = errorFromV1Response(c.status, { Code: c.code, Message: c.message, RequestId: 'rid-2' }, { now: NOW, surface: 'v1' });
        assert.equal(capital.kind, c.kind);
        assert.equal(capital.requestId, 'rid-2');
      });
    }

    it('names the missing scope from accessdenieddetail.requiredScopes', () => {
      const err = check(errorFromV1Response(403, {
        code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        message: '没有调用该接口的权限',
        requestid: 'r',
        accessdenieddetail: { requiredScopes: ['qyapi_robot_sendmsg'], requiredScopesCount: 1 },
      }), { kind: 'permissionDenied', retryable: false });
      assert.deepEqual(err.requiredScopes, ['qyapi_robot_sendmsg']);
      assert.match(err.explanation, /qyapi_robot_sendmsg/);
      assert.match(err.remedy, /apply for qyapi_robot_sendmsg/);
    });

    it('understands DingTalk’s egress-IP ban page as a rate limit with its wait time', () => {
      check(errorFromResponse(403, { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: 'u' }), { kind: 'rateLimited', retryable: true, retryAfterMs: 5 * 60_000 });
    });

    it('explains an app-robot format refusal without sending the user to a custom robot', () => {
      const app = errorFromResponse(400, { code: 'invalidParameter.msg.unsupport', message: '不支持' })!;
      assert.equal(app.kind, 'unsupportedMessageType');
      assert.match(app.explanation, /app robot refused/);
      assert.doesNotMatch(app.remedy, /custom robot/);
      const custom = errorFromResponse(200, { errcode: 400105, errmsg: '不支持的消息类型' })!;
      assert.equal(custom.kind, 'unsupportedMessageType');
      assert.match(custom.remedy, /custom robot/);
    });

    it('treats the ban page as a refusal even when it arrives with HTTP 200 (its status is undocumented)', () => {
      check(errorFromResponse(200, { status: 1111, wait: 2, source: 'x5', punish: 'deny' }), { kind: 'rateLimited', retryable: true, retryAfterMs: 2 * 60_000 });
      check(errorFromResponse(200, { status: '1111', wait: 5 }), { kind: 'rateLimited', retryable: true, retryAfterMs: 5 * 60_000 });
      // A success body that merely has a status field is still a success.
      assert.equal(errorFromResponse(200, { status: 1, result: true }), undefined);
      assert.equal(errorFromResponse(200, { errcode: 0, errmsg: 'ok' }), undefined);
    });

    it('maps an oapi envelope that arrives with an error status', () => {
      const err = errorFromResponse(502, { errcode: 40014, errmsg: '不合法的access_token' })!;
      assert.equal(err.kind, 'invalidAccessToken');
      assert.equal(err.httpStatus, 502);
    });

    it('uses Retry-After when the body names no time', () => {
      const err = errorFromV1Response(429, { code: 'Throttled', message: 'slow down' }, { now: NOW, retryAfterHeader: '7' });
      assert.equal(err.kind, 'rateLimited');
      assert.equal(err.retryAfterMs, 7000);
    });
  });

  describe('retry-after parsing', () => {
    it('reads "限制将在 … 结束" as Beijing time', () => {
      assert.equal(retryAfterFromMessage('请求过于频繁，限制将在 2026-09-21 12:01:00 结束', NOW), 60_000);
      // A date already past (clock skew) still waits a little.
      assert.equal(retryAfterFromMessage('限制将在 2026-09-21 11:00:00 结束', NOW), 1000);
    });
    it('reads minutes and seconds', () => {
      assert.equal(retryAfterFromMessage('限流10分钟', NOW), 600_000);
      assert.equal(retryAfterFromMessage('retry after 30 seconds', NOW), 30_000);
      assert.equal(retryAfterFromMessage('send too fast, exceed 20 times per minute', NOW), undefined);
    });
    it('reads Retry-After seconds and dates', () => {
      assert.equal(retryAfterFromHeader('3', NOW), 3000);
      assert.equal(retryAfterFromHeader(new Date(NOW + 5000).toUTCString(), NOW), 5000);
      assert.equal(retryAfterFromHeader('soon', NOW), undefined);
      assert.equal(retryAfterFromHeader(null, NOW), undefined);
    });
    it('defaults a custom robot throttle to 10 minutes and a v1 QPS limit to 1 s', () => {
      assert.equal(classifyError({ code: '130101', message: '' }, { surface: 'customRobot' }).retryAfterMs, CUSTOM_ROBOT_THROTTLE_MS);
      assert.equal(classifyError({ code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '', httpStatus: 403 }, { surface: 'v1' }).retryAfterMs, 1000);
    });
  });

  describe('fetch failures', () => {
    it('network errors are retryable and name the cause', () => {
      const err = errorFromFetchFailure(networkError('ECONNREFUSED'), { timedOut: false, cancelled: false });
      check(err, { kind: 'network', retryable: true });
      assert.equal(err.details.cause, 'ECONNREFUSED');
    });
    it('never carries the raw fetch exception, which may quote the URL', () => {
      const token = useSecret('fetch-failure-token-0123456789');
      const raw = new TypeError(`Failed to parse URL from https://x/robot/send?access_token=${token}`);
      const err = errorFromFetchFailure(raw, { timedOut: false, cancelled: false });
      recordError(err);
      assert.equal(err.cause, undefined);
      assert.ok(!JSON.stringify(err.details).includes(token) && !err.message.includes(token));
    });
    it('timeouts are retryable; cancellation is not', () => {
      check(errorFromFetchFailure(timeoutError(), { timedOut: false, cancelled: false }), { kind: 'timeout', retryable: true });
      check(errorFromFetchFailure(new Error('aborted'), { timedOut: true, cancelled: false }), { kind: 'timeout', retryable: true });
      check(errorFromFetchFailure(new Error('aborted'), { timedOut: false, cancelled: true }), { kind: 'cancelled', retryable: false });
    });
  });

  it('every kind has an English explanation and remedy', () => {
    for (const kind of DINGTALK_ERROR_KINDS) {
      const err = new DingTalkError({ kind });
      assert.ok(err.explanation.length > 10, kind);
      assert.ok(err.remedy.length > 5, kind);
      assert.equal(err.code, '');
      assert.equal(err.name, 'DingTalkError');
    }
    assert.equal(new Set(DINGTALK_ERROR_KINDS).size, DINGTALK_ERROR_KINDS.length);
  });
});

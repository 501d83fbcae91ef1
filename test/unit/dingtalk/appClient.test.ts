import * as assert from 'node:assert/strict';
import { DingTalkAppClient } from '../../../src/core/dingtalk/appClient';
import { MEDIA_LIMITS } from '../../../src/core/dingtalk/media';
import { sampleImageMsg, sampleText } from '../../../src/core/dingtalk/messages';
import { FakeClock, fakeSleep, json, RecordedRequest, scriptedFetch, timeoutError } from './helpers';
import { captureLogger, expectDingTalkError, useSecret } from './logCapture';

const CREDS = { appKey: 'dingunitapp', appSecret: useSecret('unit-app-secret-0000000000000000') };
const TOKEN_A = useSecret('unit-token-A-0000000000000000');
const TOKEN_B = useSecret('unit-token-B-1111111111111111');

type Route = (req: RecordedRequest) => Response | undefined;

/** A fake DingTalk: token endpoint built in, other answers from `routes` (first match wins). */
function setup(routes: Route[], tokens = [TOKEN_A, TOKEN_B]) {
  const clock = new FakeClock();
  let issued = 0;
  const fetch = scriptedFetch((req) => {
    if (req.url.endsWith('/v1.0/oauth2/accessToken')) return json(200, { accessToken: tokens[issued++], expireIn: 7200 });
    for (const route of routes) {
      const res = route(req);
      if (res) return res;
    }
    return json(404, { code: 'NotFound', message: `no route for ${req.method} ${req.url}` });
  });
  const client = new DingTalkAppClient({
    credentials: CREDS, fetch, clock, sleep: fakeSleep(clock), random: () => 0.5, logger: captureLogger,
    apiBaseUrl: 'https://api.test', oapiBaseUrl: 'https://oapi.test',
  });
  const calls = () => fetch.requests.filter((r) => !r.url.endsWith('/oauth2/accessToken'));
  return { client, fetch, calls };
}

const on = (method: string, urlPrefix: string, respond: (req: RecordedRequest) => Response): Route =>
  (req) => (req.method === method && req.url.startsWith(urlPrefix) ? respond(req) : undefined);

describe('dingtalk app client (fake fetch)', () => {
  it('sends the raw token in x-acs-dingtalk-access-token on v1.0 and the robot fields in the body', async () => {
    const { client, calls } = setup([on('POST', 'https://api.test/v1.0/robot/groupMessages/send', () => json(200, { processQueryKey: 'pqk-1' }))]);
    const result = await client.robot.sendToGroup({ openConversationId: 'cid123' }, sampleText('hello'));
    assert.deepEqual(result, { processQueryKey: 'pqk-1' });
    const req = calls()[0];
    assert.equal(req.headers['x-acs-dingtalk-access-token'], TOKEN_A);
    assert.ok(!req.url.includes('access_token'));
    assert.deepEqual(JSON.parse(req.body as string), { robotCode: CREDS.appKey, openConversationId: 'cid123', msgKey: 'sampleText', msgParam: '{"content":"hello"}' });
  });

  it('does not re-post a group message after a timeout (no idempotency key)', async () => {
    const { client, calls } = setup([(req) => { if (req.url.includes('groupMessages/send')) throw timeoutError(); return undefined; }]);
    await expectDingTalkError(client.robot.sendToGroup({ openConversationId: 'cid' }, sampleText('x')), 'timeout');
    assert.equal(calls().length, 1);
  });

  it('recalls with robotCode, openConversationId and processQueryKeys', async () => {
    const { client, calls } = setup([on('POST', 'https://api.test/v1.0/robot/groupMessages/recall', () => json(200, { successResult: ['k1'], failedResult: { k2: 'k2:SYSTEM_ERROR' } }))]);
    const result = await client.robot.recallGroupMessages({ openConversationId: 'cid', robotCode: 'rc' }, ['k1', 'k2']);
    assert.deepEqual(result, { successResult: ['k1'], failedResult: { k2: 'k2:SYSTEM_ERROR' } });
    assert.deepEqual(JSON.parse(calls()[0].body as string), { openConversationId: 'cid', robotCode: 'rc', processQueryKeys: ['k1', 'k2'] });
  });

  it('puts the token in ?access_token= on oapi and walks mobile → userid → unionid', async () => {
    const { client, calls } = setup([
      on('POST', 'https://oapi.test/topapi/v2/user/getbymobile', () => json(200, { errcode: 0, errmsg: 'ok', result: { userid: 'u1' }, request_id: 'r' })),
      on('POST', 'https://oapi.test/topapi/v2/user/get', () => json(200, { errcode: 0, errmsg: 'ok', result: { userid: 'u1', unionid: 'union+/=1', name: 'Zhang' } })),
      on('POST', 'https://oapi.test/topapi/user/getbyunionid', () => json(200, { errcode: 0, result: { contact_type: 0, userid: 'u1' } })),
    ]);
    assert.equal(await client.directory.getUnionIdByMobile('138 0000-0001'), 'union+/=1');
    assert.equal(await client.directory.getUserIdByUnionId('union+/=1'), 'u1');
    const [byMobile, get, byUnion] = calls();
    assert.equal(new URL(byMobile.url).searchParams.get('access_token'), TOKEN_A);
    assert.equal(byMobile.headers['x-acs-dingtalk-access-token'], undefined);
    assert.deepEqual(JSON.parse(byMobile.body as string), { mobile: '13800000001', support_exclusive_account_search: true });
    assert.deepEqual(JSON.parse(get.body as string), { userid: 'u1', language: 'zh_CN' });
    assert.deepEqual(JSON.parse(byUnion.body as string), { unionid: 'union+/=1' });
  });

  it('maps an unknown mobile to userNotFound', async () => {
    const { client } = setup([on('POST', 'https://oapi.test/topapi/v2/user/getbymobile', () => json(200, { errcode: 60121, errmsg: '找不到该用户' }))]);
    await expectDingTalkError(client.directory.getUserIdByMobile('13900000000'), 'userNotFound');
  });

  it('refreshes a rejected token and retries once, on both hosts', async () => {
    const { client, calls } = setup([
      on('POST', 'https://api.test/v1.0/robot/groupMessages/send', (req) => req.headers['x-acs-dingtalk-access-token'] === TOKEN_A
        ? json(400, { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: 'r' })
        : json(200, { processQueryKey: 'pqk' })),
    ]);
    assert.equal((await client.robot.sendToGroup({ openConversationId: 'cid' }, sampleText('x'))).processQueryKey, 'pqk');
    assert.deepEqual(calls().map((r) => r.headers['x-acs-dingtalk-access-token']), [TOKEN_A, TOKEN_B]);

    const oapi = setup([
      on('POST', 'https://oapi.test/topapi/user/getbyunionid', (req) => new URL(req.url).searchParams.get('access_token') === TOKEN_A
        ? json(200, { errcode: 40014, errmsg: '不合法的access_token' })
        : json(200, { errcode: 0, result: { userid: 'u9' } })),
    ]);
    assert.equal(await oapi.client.directory.getUserIdByUnionId('x'), 'u9');
    assert.equal(oapi.calls().length, 2);
  });

  it('uploads multipart with a part named media (filename + content type) and type in form and query', async () => {
    const { client, calls } = setup([on('POST', 'https://oapi.test/media/upload', () => json(200, { errcode: 0, errmsg: 'ok', type: 'image', media_id: '@lADPabc', created_at: 1605863153573 }))]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const uploaded = await client.media.upload({ type: 'image', fileName: 'C:\\tmp\\sketch.png', data: png });
    assert.deepEqual(uploaded, { mediaId: '@lADPabc', type: 'image', createdAt: 1605863153573 });
    const req = calls()[0];
    const url = new URL(req.url);
    assert.equal(url.searchParams.get('type'), 'image');
    assert.equal(url.searchParams.get('access_token'), TOKEN_A);
    assert.match(req.headers['content-type'], /^multipart\/form-data; boundary=/);
    // Parsed by undici's own multipart parser, as a server would.
    const form = await new Response(Buffer.concat(req.body as Uint8Array[]), { headers: { 'content-type': req.headers['content-type'] } }).formData();
    assert.equal(form.get('type'), 'image');
    const media = form.get('media') as File;
    assert.equal(media.name, 'sketch.png');
    assert.equal(media.type, 'image/png');
    assert.deepEqual(new Uint8Array(await media.arrayBuffer()), png);
  });

  it('checks media size and extension before uploading, naming file, size and limit', async () => {
    const { client, calls } = setup([]);
    const tooBig = await expectDingTalkError(client.media.upload({ type: 'voice', fileName: 'memo.mp3', data: new Uint8Array(MEDIA_LIMITS.voice.maxBytes + 1) }), 'fileTooLarge');
    assert.match(tooBig.message, /memo\.mp3/);
    assert.match(tooBig.message, new RegExp(`${MEDIA_LIMITS.voice.maxBytes + 1} bytes`));
    assert.match(tooBig.message, new RegExp(`${MEDIA_LIMITS.voice.maxBytes} bytes`));
    const wrongType = await expectDingTalkError(client.media.upload({ type: 'file', fileName: 'main.ts', data: new Uint8Array(3) }), 'unsupportedFileType');
    assert.match(wrongType.message, /main\.ts/);
    assert.match(wrongType.message, /zip/);
    await expectDingTalkError(client.media.upload({ type: 'image', fileName: 'empty.png', data: new Uint8Array(0) }), 'invalidParameter');
    await expectDingTalkError(client.media.upload({ type: 'sticker' as never, fileName: 'a.png', data: new Uint8Array(1) }), 'invalidParameter');
    assert.equal(calls().length, 0);
  });

  it('URL-encodes unionId, taskId and sourceId path segments', async () => {
    const { client, calls } = setup([
      on('GET', 'https://api.test/v1.0/todo/users/', () => json(200, { id: 'task/1', subject: 's', done: false })),
      on('PUT', 'https://api.test/v1.0/todo/users/', () => json(200, { result: true })),
      on('DELETE', 'https://api.test/v1.0/todo/users/', () => json(200, { requestId: 'r', result: true })),
    ]);
    await client.todos.get('union+/=id', 'task/1');
    await client.todos.getBySourceId('union+/=id', 'repo:src/a.ts#L1');
    assert.equal(await client.todos.markDone('union+/=id', 'task/1'), true);
    assert.equal(await client.todos.delete('union+/=id', 'task/1', { operatorId: 'op+1' }), true);
    assert.deepEqual(calls().map((r) => `${r.method} ${r.url}`), [
      'GET https://api.test/v1.0/todo/users/union%2B%2F%3Did/tasks/task%2F1',
      'GET https://api.test/v1.0/todo/users/union%2B%2F%3Did/tasks/sources/repo%3Asrc%2Fa.ts%23L1',
      'PUT https://api.test/v1.0/todo/users/union%2B%2F%3Did/tasks/task%2F1?operatorId=union%2B%2F%3Did',
      'DELETE https://api.test/v1.0/todo/users/union%2B%2F%3Did/tasks/task%2F1?operatorId=op%2B1',
    ]);
    assert.deepEqual(JSON.parse(calls()[2].body as string), { done: true });
  });

  it('creates a to-do with operatorId in the query, and returns the existing one on "task exist"', async () => {
    const task = { id: 'task-1', subject: 'Fix it', done: false, sourceId: 'src-1', priority: 20, executorIds: ['e1'], participantIds: [], dueTime: 1_800_000_000_000 };
    let creates = 0;
    const { client, calls } = setup([
      on('POST', 'https://api.test/v1.0/todo/users/me/tasks', () => (++creates === 1 ? json(200, task) : json(400, { code: 'todo.taskCreate.paramError', message: 'task exist', requestid: 'r' }))),
      on('GET', 'https://api.test/v1.0/todo/users/me/tasks/sources/src-1', () => json(200, task)),
    ]);
    const input = { subject: 'Fix it', sourceId: 'src-1', priority: 20 as const, executorIds: ['e1'], dueTime: 1_800_000_000_000 };
    const first = await client.todos.create('me', input);
    assert.equal(first.created, true);
    assert.equal(first.task.id, 'task-1');
    const second = await client.todos.create('me', input);
    assert.equal(second.created, false);
    assert.deepEqual(second.task, first.task);
    assert.equal(new URL(calls()[0].url).searchParams.get('operatorId'), 'me');
    assert.deepEqual(JSON.parse(calls()[0].body as string), { subject: 'Fix it', dueTime: 1_800_000_000_000, executorIds: ['e1'], sourceId: 'src-1', priority: 20 });
  });

  it('after a timed-out create, finds the task by its sourceId instead of creating a second one', async () => {
    const task = { id: 'task-7', subject: 'Fix it', done: false, sourceId: 'src-7', priority: 20, executorIds: [], participantIds: [] };
    const { client, calls } = setup([
      on('POST', 'https://api.test/v1.0/todo/users/me/tasks', () => { throw timeoutError(); }),
      on('GET', 'https://api.test/v1.0/todo/users/me/tasks/sources/src-7', () => json(200, task)),
    ]);
    const result = await client.todos.create('me', { subject: 'Fix it', sourceId: 'src-7' });
    assert.equal(result.task.id, 'task-7');
    assert.equal(result.created, true);
    assert.deepEqual(calls().map((c) => c.method), ['POST', 'GET'], 'one create, then the lookup; no blind retry');
  });

  it('after a server error, creates again only once the lookup says the task is not there', async () => {
    const task = { id: 'task-8', subject: 'Fix it', done: false, sourceId: 'src-8', executorIds: [], participantIds: [] };
    let creates = 0;
    const { client, calls } = setup([
      on('POST', 'https://api.test/v1.0/todo/users/me/tasks', () => (++creates === 1 ? json(500, { code: 'todo.taskCreate.systemError', message: 'system error' }) : json(200, task))),
      on('GET', 'https://api.test/v1.0/todo/users/me/tasks/sources/src-8', () => json(400, { code: 'todo.taskQuery.paramError', message: 'task not exist' })),
    ]);
    const result = await client.todos.create('me', { subject: 'Fix it', sourceId: 'src-8' });
    assert.equal(result.task.id, 'task-8');
    assert.deepEqual(calls().map((c) => c.method), ['POST', 'GET', 'POST']);
  });

  it('without a sourceId, a timed-out create is not repeated', async () => {
    const { client, calls } = setup([on('POST', 'https://api.test/v1.0/todo/users/me/tasks', () => { throw timeoutError(); })]);
    await expectDingTalkError(client.todos.create('me', { subject: 'x' }), 'timeout');
    assert.equal(calls().length, 1);
  });

  it('without a sourceId, "task exist" is an error', async () => {
    const { client } = setup([on('POST', 'https://api.test/v1.0/todo/users/me/tasks', () => json(400, { code: 'todo.taskCreate.paramError', message: 'task exist' }))]);
    await expectDingTalkError(client.todos.create('me', { subject: 'x' }), 'taskExists');
  });

  it('validates to-do fields locally', async () => {
    const { client, calls } = setup([]);
    await expectDingTalkError(client.todos.create('me', { subject: '' }), 'invalidParameter');
    await expectDingTalkError(client.todos.create('me', { subject: 'x'.repeat(1025) }), 'invalidParameter');
    await expectDingTalkError(client.todos.create('me', { subject: 'x', description: 'd'.repeat(4097) }), 'invalidParameter');
    const seconds = await expectDingTalkError(client.todos.create('me', { subject: 'x', dueTime: 1_800_000_000 }), 'invalidParameter');
    assert.match(seconds.message, /milliseconds/);
    await expectDingTalkError(client.todos.create('me', { subject: 'x', priority: 15 as never }), 'invalidParameter');
    await expectDingTalkError(client.todos.create('me', { subject: 'x', executorIds: new Array(1001).fill('e') }), 'invalidParameter');
    await expectDingTalkError(client.todos.create('', { subject: 'x' }), 'invalidParameter');
    assert.equal(calls().length, 0);
  });

  it('lists to-dos page by page following nextToken', async () => {
    const pages: Record<string, unknown> = {
      '': { todoCards: [{ taskId: 't1', subject: 'a', isDone: false }], nextToken: '1' },
      '1': { todoCards: [{ taskId: 't2', subject: 'b', isDone: true, priority: 40 }], nextToken: null },
    };
    const { client, calls } = setup([on('POST', 'https://api.test/v1.0/todo/users/me/org/tasks/query', (req) => json(200, pages[JSON.parse(req.body as string).nextToken ?? '']))]);
    const all = await client.todos.listAll('me', { isDone: false });
    assert.deepEqual(all.map((c) => c.taskId), ['t1', 't2']);
    assert.deepEqual(calls().map((r) => JSON.parse(r.body as string)), [{ isDone: false }, { nextToken: '1', isDone: false }]);
  });

  it('creates a group and returns its openConversationId', async () => {
    const { client, calls } = setup([on('POST', 'https://api.test/v1.0/im/group/create', () => json(200, { openConversationId: 'cidNEW', chatId: 'chat1' }))]);
    assert.deepEqual(await client.groups.create({ name: 'Release', owner: 'u1', useridlist: ['u1', 'u2'] }), { openConversationId: 'cidNEW', chatId: 'chat1' });
    assert.deepEqual(JSON.parse(calls()[0].body as string), { name: 'Release', owner: 'u1', useridlist: ['u1', 'u2'] });
    await expectDingTalkError(client.groups.create({ name: '这是一个名字超过二十个字符的很长很长很长的群', owner: 'u1', useridlist: [] }), 'invalidParameter');
  });

  it('sends an image message with the uploaded media id as photoURL', async () => {
    const { client, calls } = setup([
      on('POST', 'https://oapi.test/media/upload', () => json(200, { errcode: 0, media_id: '@img1' })),
      on('POST', 'https://api.test/v1.0/robot/groupMessages/send', () => json(200, { processQueryKey: 'p' })),
    ]);
    const { mediaId } = await client.media.upload({ type: 'image', fileName: 'a.png', data: new Uint8Array([1]) });
    await client.robot.sendToGroup({ openConversationId: 'cid' }, sampleImageMsg(mediaId));
    assert.equal(JSON.parse(calls()[1].body as string).msgParam, '{"photoURL":"@img1"}');
  });
});

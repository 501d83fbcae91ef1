import * as assert from 'assert';
import Im from '@alicloud/dingtalk/dist/im_1_0/client';
import OAuth2, * as $OAuth2 from '@alicloud/dingtalk/dist/oauth2_1_0/client';
import Robot, * as $Robot from '@alicloud/dingtalk/dist/robot_1_0/client';
import Todo, * as $Todo from '@alicloud/dingtalk/dist/todo_1_0/client';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { TINY_PNG, uploadMedia } from './helpers';

/**
 * Contract tests: DingTalk's official TypeScript SDK (@alicloud/dingtalk 2.2.27) talks to the
 * sandbox over real HTTP. If the sandbox drifts from what the SDK sends (chunked bodies, raw
 * path segments, header names) or answers in shapes the SDK cannot parse, these fail.
 */
describe('sandbox contract: official @alicloud/dingtalk SDK', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let config: $OpenApi.Config;
  let token: string;
  const runtime = () => new $Util.RuntimeOptions({});

  before(async () => {
    sb = await startSandbox({ port: 0 });
    config = new $OpenApi.Config({ protocol: 'http', endpoint: sb.baseUrl.replace('http://', '') });
  });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    sb.configure({ scopeChecks: false });
    token = await getToken();
  });

  async function getToken(): Promise<string> {
    const res = await new OAuth2(config).getAccessToken(new $OAuth2.GetAccessTokenRequest({ appKey: sb.demo.app.appKey, appSecret: sb.demo.app.appSecret }));
    return res.body!.accessToken!;
  }

  /** Asserts that `promise` rejects with the SDK's ResponseError shape. */
  async function assertSdkError(promise: Promise<unknown>, expected: { code: string; statusCode: number }): Promise<any> {
    try {
      await promise;
    } catch (err: any) {
      assert.strictEqual(err.code, expected.code, err.message);
      assert.strictEqual(err.statusCode, expected.statusCode);
      assert.strictEqual(err.name, 'Error');
      assert.match(err.message, new RegExp(`code: ${expected.statusCode}, .* request id: [0-9A-F-]{36}`));
      return err;
    }
    assert.fail('expected the SDK call to throw');
  }

  describe('oauth2_1_0', () => {
    it('getAccessToken returns accessToken and expireIn 7200', async () => {
      const res = await new OAuth2(config).getAccessToken(new $OAuth2.GetAccessTokenRequest({ appKey: sb.demo.app.appKey, appSecret: sb.demo.app.appSecret }));
      assert.strictEqual(res.statusCode, 200);
      assert.strictEqual(res.body?.expireIn, 7200);
      assert.match(res.body?.accessToken ?? '', /^[0-9a-f]{32}$/);
    });

    it('getAccessToken with a wrong secret throws invalidClientIdOrSecret (HTTP 400)', async () => {
      await assertSdkError(new OAuth2(config).getAccessToken(new $OAuth2.GetAccessTokenRequest({ appKey: sb.demo.app.appKey, appSecret: 'wrong' })), { code: 'invalidClientIdOrSecret', statusCode: 400 });
    });
  });

  describe('robot_1_0', () => {
    const robot = () => new Robot(config);
    const headers = () => new $Robot.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token });
    const send = (msgKey: string, param: unknown, openConversationId = sb.demo.groups[0].openConversationId) =>
      robot().orgGroupSendWithOptions(
        new $Robot.OrgGroupSendRequest({ robotCode: sb.demo.app.robotCode, openConversationId, msgKey, msgParam: JSON.stringify(param) }),
        headers(),
        runtime(),
      );

    it('orgGroupSend delivers every message kind a client uses', async () => {
      const image = await uploadMedia(sb, token, 'image', 'sketch.png', TINY_PNG, 'image/png');
      const file = await uploadMedia(sb, token, 'file', 'notes.zip', Buffer.from('PK\x03\x04'), 'application/zip');
      const sends: [string, unknown][] = [
        ['sampleText', { content: 'const x = 1;' }],
        ['sampleMarkdown', { title: 'Snippet', text: '```ts\nconst x = 1;\n```' }],
        ['sampleImageMsg', { photoURL: image }],
        ['sampleFile', { mediaId: file, fileName: 'notes.zip', fileType: 'zip' }],
        ['sampleLink', { title: 'PR', text: 'Please review', messageUrl: 'https://example.com/pr/1', picUrl: 'https://example.com/p.png' }],
        ['sampleActionCard', { title: 'Build', text: '### passed', singleTitle: 'Open', singleURL: 'https://example.com/b/1' }],
      ];
      const keys: string[] = [];
      for (const [msgKey, param] of sends) {
        const res = await send(msgKey, param);
        assert.strictEqual(res.statusCode, 200, msgKey);
        assert.ok(res.body?.processQueryKey, msgKey);
        keys.push(res.body.processQueryKey);
      }
      assert.strictEqual(new Set(keys).size, sends.length);
      assert.deepStrictEqual(
        sb.state.messages(sb.demo.groups[0].openConversationId).map((m) => m.msgtype),
        sends.map(([k]) => k),
      );
    });

    it('orgGroupRecall recalls by processQueryKey with per-key results', async () => {
      const key = (await send('sampleText', { content: 'oops' })).body!.processQueryKey!;
      const res = await robot().orgGroupRecallWithOptions(
        new $Robot.OrgGroupRecallRequest({ robotCode: sb.demo.app.robotCode, openConversationId: sb.demo.groups[0].openConversationId, processQueryKeys: [key, 'unknown-key'] }),
        new $Robot.OrgGroupRecallHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.deepStrictEqual(res.body?.successResult, [key]);
      assert.deepStrictEqual(Object.keys(res.body?.failedResult ?? {}), ['unknown-key']);
      assert.strictEqual(sb.state.messages().length, 0);
    });

    it('surfaces an expired token as ResponseError InvalidAuthentication / 400', async () => {
      sb.clock.advance(7201_000);
      const err = await assertSdkError(send('sampleText', { content: 'late' }), { code: 'InvalidAuthentication', statusCode: 400 });
      assert.match(err.message, /不合法的access_token/);
      assert.strictEqual(err.data.code, 'InvalidAuthentication');
    });

    it('surfaces a non-JSON msgParam as invalidParameter.msgParam.invalid / 400', async () => {
      const err = await assertSdkError(
        robot().orgGroupSendWithOptions(
          new $Robot.OrgGroupSendRequest({ robotCode: sb.demo.app.robotCode, openConversationId: sb.demo.groups[0].openConversationId, msgKey: 'sampleText', msgParam: 'not json' }),
          headers(),
          runtime(),
        ),
        { code: 'invalidParameter.msgParam.invalid', statusCode: 400 },
      );
      assert.match(err.message, /msgParam必须是json格式/);
    });

    it('surfaces a missing scope as 403 with accessDeniedDetail.requiredScopes', async () => {
      sb.configure({ scopeChecks: true, requiredScopes: { 'robot.groupSend': ['qyapi_robot_sendmsg', 'Robot.Extra'] } });
      const err = await assertSdkError(send('sampleText', { content: 'x' }), { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', statusCode: 403 });
      assert.deepStrictEqual(err.accessDeniedDetail, { requiredScopes: ['Robot.Extra'] });
      sb.configure({ requiredScopes: { 'robot.groupSend': ['qyapi_robot_sendmsg'] } });
    });
  });

  describe('todo_1_0', () => {
    const todo = () => new Todo(config);
    const user = () => sb.demo.users[0];
    const executor = () => sb.demo.users[1];

    // The SDK puts sourceId into the path unencoded, so it must not contain "/" (see todos.test.ts).
    async function createTask(sourceId = 'repo:src.extension.ts:10') {
      return todo().createTodoTaskWithOptions(
        user().unionid,
        new $Todo.CreateTodoTaskRequest({
          operatorId: user().unionid,
          sourceId,
          subject: 'TODO: handle token refresh',
          description: 'src/extension.ts line 10',
          dueTime: 1_900_000_000_000,
          executorIds: [executor().unionid],
          priority: 30,
          detailUrl: new $Todo.CreateTodoTaskRequestDetailUrl({ appUrl: 'https://example.com/t', pcUrl: 'https://example.com/t' }),
          isOnlyShowExecutor: false,
          notifyConfigs: new $Todo.CreateTodoTaskRequestNotifyConfigs({ dingNotify: '1' }),
        }),
        new $Todo.CreateTodoTaskHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
    }

    it('createTodoTask → getTodoTask → getTodoTaskBySourceId', async () => {
      const created = await createTask();
      assert.strictEqual(created.statusCode, 200);
      const id = created.body!.id!;
      assert.strictEqual(created.body?.subject, 'TODO: handle token refresh');
      assert.deepStrictEqual(created.body?.executorIds, [executor().unionid]);
      assert.strictEqual(created.body?.priority, 30);
      assert.ok(created.body?.bizTag);

      const got = await todo().getTodoTaskWithOptions(user().unionid, id, new $Todo.GetTodoTaskHeaders({ xAcsDingtalkAccessToken: token }), runtime());
      assert.strictEqual(got.body?.id, id);
      assert.strictEqual(got.body?.detailUrl?.pcUrl, 'https://example.com/t');

      const bySource = await todo().getTodoTaskBySourceIdWithOptions(user().unionid, 'repo:src.extension.ts:10', new $Todo.GetTodoTaskBySourceIdHeaders({ xAcsDingtalkAccessToken: token }), runtime());
      assert.strictEqual(bySource.body?.id, id);
    });

    it('updateTodoTask (done) and updateTodoTaskExecutorStatus', async () => {
      const id = (await createTask()).body!.id!;
      const status = await todo().updateTodoTaskExecutorStatusWithOptions(
        user().unionid,
        id,
        new $Todo.UpdateTodoTaskExecutorStatusRequest({
          operatorId: executor().unionid,
          executorStatusList: [new $Todo.UpdateTodoTaskExecutorStatusRequestExecutorStatusList({ id: executor().unionid, isDone: true })],
        }),
        new $Todo.UpdateTodoTaskExecutorStatusHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.strictEqual(status.body?.result, true);
      assert.deepStrictEqual(sb.state.todo(id)?.executorStatus, { [executor().unionid]: true });

      const updated = await todo().updateTodoTaskWithOptions(
        user().unionid,
        id,
        new $Todo.UpdateTodoTaskRequest({ operatorId: user().unionid, subject: 'Handled', done: false }),
        new $Todo.UpdateTodoTaskHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.strictEqual(updated.body?.result, true);
      assert.strictEqual(sb.state.todo(id)?.subject, 'Handled');
      assert.strictEqual(sb.state.todo(id)?.done, false);
    });

    it('queryOrgTodoTasks and queryTodoTasks list the task with nextToken paging', async () => {
      sb.configure({ todoPageSize: 2 });
      for (let i = 0; i < 3; i++) await createTask(`s-${i}`);
      const first = await todo().queryOrgTodoTasksWithOptions(
        executor().unionid,
        new $Todo.QueryOrgTodoTasksRequest({ roleTypes: [['executor']], isDone: false }),
        new $Todo.QueryOrgTodoTasksHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.strictEqual(first.body?.todoCards?.length, 2);
      assert.ok(first.body?.nextToken);
      const second = await todo().queryOrgTodoTasksWithOptions(
        executor().unionid,
        new $Todo.QueryOrgTodoTasksRequest({ roleTypes: [['executor']], isDone: false, nextToken: first.body!.nextToken }),
        new $Todo.QueryOrgTodoTasksHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.strictEqual(second.body?.todoCards?.length, 1);
      assert.ok(!second.body?.nextToken);

      const listed = await todo().queryTodoTasksWithOptions(
        executor().unionid,
        new $Todo.QueryTodoTasksRequest({ roleTypes: [['executor']], isDone: false, orderBy: 'created', orderDirection: 'asc' }),
        new $Todo.QueryTodoTasksHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.strictEqual(listed.body?.totalCount, 3);
      assert.deepStrictEqual(listed.body?.todoCards?.map((c) => c.sourceId), ['s-0', 's-1']);
      sb.configure({ todoPageSize: 10 });
    });

    it('deleteTodoTask returns result true and the task is gone', async () => {
      const id = (await createTask()).body!.id!;
      const res = await todo().deleteTodoTaskWithOptions(user().unionid, id, new $Todo.DeleteTodoTaskRequest({ operatorId: user().unionid }), new $Todo.DeleteTodoTaskHeaders({ xAcsDingtalkAccessToken: token }), runtime());
      assert.strictEqual(res.body?.result, true);
      assert.ok(res.body?.requestId);
      assert.strictEqual(sb.state.todos().length, 0);
    });

    it('surfaces a duplicate sourceId as todo.taskCreate.paramError / 400', async () => {
      await createTask('dup');
      const err = await assertSdkError(createTask('dup'), { code: 'todo.taskCreate.paramError', statusCode: 400 });
      assert.match(err.message, /task exist/);
    });
  });

  describe('im_1_0 group create (no SDK operation in 2.2.27)', () => {
    it('creates a group through the SDK generic execute() path and the robot can post there', async () => {
      // @alicloud/dingtalk 2.2.27 has no method for /v1.0/im/group/create, so the request goes
      // through the SDK's own generic OpenAPI execute() (same gateway, headers and body encoding
      // as every generated operation) instead of a hand-written HTTP call.
      const im = new Im(config);
      const params = new $OpenApi.Params({
        action: 'CreateGroup',
        version: 'im_1.0',
        protocol: 'HTTP',
        pathname: '/v1.0/im/group/create',
        method: 'POST',
        authType: 'AK',
        style: 'ROA',
        reqBodyType: 'none',
        bodyType: 'json',
      });
      const request = new $OpenApi.OpenApiRequest({
        headers: { 'x-acs-dingtalk-access-token': token },
        body: { name: 'VS Code 分享', owner: sb.demo.users[0].userid, useridlist: [sb.demo.users[1].userid], conversationTag: 2 },
      });
      const res = await im.execute(params, request, runtime());
      assert.strictEqual(res.statusCode, 200);
      const cid = res.body.openConversationId as string;
      assert.match(cid, /^cid/);

      const sent = await new Robot(config).orgGroupSendWithOptions(
        new $Robot.OrgGroupSendRequest({ robotCode: sb.demo.app.robotCode, openConversationId: cid, msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'hello' }) }),
        new $Robot.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
        runtime(),
      );
      assert.ok(sent.body?.processQueryKey);
      assert.strictEqual(sb.state.group(cid)?.title, 'VS Code 分享');
    });
  });
});

import * as assert from 'assert';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, otherApp, v1 } from './helpers';

describe('sandbox: to-do API /v1.0/todo', () => {
  let sb: Sandbox;
  let token: string;
  let zhang: Sandbox['demo']['users'][number];
  let li: Sandbox['demo']['users'][number];
  let wang: Sandbox['demo']['users'][number];
  const DUE = 1_900_000_000_000;

  before(async () => {
    sb = await startSandbox({ port: 0 });
    [zhang, li, wang] = sb.demo.users;
  });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    sb.configure({ todoDuplicateSourceId: 'reject', todoDoneWhenAllExecutorsDone: true, todoRejectUnknownIds: true, todoPageSize: 10 });
    token = await fetchAppToken(sb);
  });

  const tasksPath = (unionId: string) => `/v1.0/todo/users/${unionId}/tasks`;
  const create = (body: Record<string, unknown>, unionId = zhang.unionid, tok = token) => v1(sb, tok, 'POST', `${tasksPath(unionId)}?operatorId=${unionId}`, body);

  describe('create', () => {
    it('returns the task object with id, source, bizTag and creator + executors as participants', async () => {
      const res = await create({
        sourceId: 'repo:src/a.ts:42',
        subject: '接入钉钉待办',
        description: '待办描述',
        dueTime: DUE,
        executorIds: [li.unionid],
        detailUrl: { appUrl: 'https://example.com', pcUrl: 'https://example.com' },
        priority: 40,
        notifyConfigs: { dingNotify: '1' },
      });
      assert.strictEqual(res.status, 200);
      const t = res.json;
      assert.match(t.id, /^task[0-9a-f]{24}$/);
      assert.strictEqual(t.subject, '接入钉钉待办');
      assert.strictEqual(t.dueTime, DUE);
      assert.strictEqual(t.done, false);
      assert.strictEqual(t.startTime, 0);
      assert.strictEqual(t.finishTime, 0);
      assert.deepStrictEqual(t.executorIds, [li.unionid]);
      assert.deepStrictEqual(t.participantIds, [zhang.unionid, li.unionid]);
      assert.strictEqual(t.creatorId, zhang.unionid);
      assert.strictEqual(t.modifierId, zhang.unionid);
      assert.strictEqual(t.source, `todo_open_${sb.demo.app.appKey}`);
      assert.strictEqual(t.bizTag, t.source);
      assert.strictEqual(t.sourceId, 'repo:src/a.ts:42');
      assert.strictEqual(t.priority, 40);
      assert.strictEqual(t.isOnlyShowExecutor, false);
      assert.strictEqual(t.createdTime, t.modifiedTime);
      assert.strictEqual(typeof t.requestId, 'string');
      assert.deepStrictEqual(sb.state.todo(t.id)?.executorNames, [li.name]);
    });

    it('validates subject, description, dueTime and priority with todo.taskCreate.paramError', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'subject is blank'],
        [{ subject: 'x'.repeat(1025) }, 'subject is oversize'],
        [{ subject: 'ok', description: 'd'.repeat(4097) }, 'description is oversize'],
        [{ subject: 'ok', dueTime: Math.floor(DUE / 1000) }, 'dueTime is invalid'],
        [{ subject: 'ok', dueTime: '1900000000000' }, 'dueTime is invalid'],
        [{ subject: 'ok', priority: 25 }, 'priority is invalid, must be one of 10, 20, 30, 40'],
        [{ subject: 'ok', executorIds: new Array(1001).fill(li.unionid) }, 'executors is oversize'],
      ];
      for (const [body, message] of cases) {
        const res = await create(body);
        assert.strictEqual(res.status, 400, message);
        assert.strictEqual(res.json.code, 'todo.taskCreate.paramError');
        assert.strictEqual(res.json.message, message);
      }
      assert.strictEqual((await create({ subject: '字'.repeat(1024), description: 'd'.repeat(4096) })).status, 200);
      assert.strictEqual(sb.state.todos().length, 1);
    });

    it('rejects userIds where unionIds are required, and says so', async () => {
      const asExecutor = await create({ subject: 'x', executorIds: [li.userid] });
      assert.strictEqual(asExecutor.status, 400);
      assert.strictEqual(asExecutor.json.message, `executorId ${li.userid} is a userId, not a unionId`);
      const inPath = await create({ subject: 'x' }, zhang.userid);
      assert.strictEqual(inPath.json.message, `unionId ${zhang.userid} is a userId, not a unionId`);
      const asParticipant = await create({ subject: 'x', participantIds: ['someone-else'] });
      assert.strictEqual(asParticipant.json.message, 'participantId someone-else is not a valid unionId');
      sb.configure({ todoRejectUnknownIds: false });
      assert.strictEqual((await create({ subject: 'x', executorIds: ['external-union-id'] })).status, 200);
    });

    it('answers a duplicate sourceId with task exist (or creates a second task when allowed)', async () => {
      assert.strictEqual((await create({ subject: 'a', sourceId: 's-1' })).status, 200);
      const dup = await create({ subject: 'b', sourceId: 's-1' });
      assert.strictEqual(dup.status, 400);
      assert.deepStrictEqual([dup.json.code, dup.json.message], ['todo.taskCreate.paramError', 'task exist']);
      // sourceId is per app: another app may reuse it.
      const otherToken = await fetchAppToken(sb, otherApp());
      assert.strictEqual((await create({ subject: 'c', sourceId: 's-1' }, zhang.unionid, otherToken)).status, 200);
      sb.configure({ todoDuplicateSourceId: 'allow' });
      assert.strictEqual((await create({ subject: 'd', sourceId: 's-1' })).status, 200);
      assert.strictEqual(sb.state.todos().length, 3);
    });
  });

  describe('read, update, delete', () => {
    let taskId: string;
    beforeEach(async () => {
      taskId = (await create({ subject: 'Fix TODO', sourceId: 'src-9', executorIds: [li.unionid, wang.unionid], dueTime: DUE, priority: 20 })).json.id;
    });

    it('gets a task by id and by sourceId', async () => {
      const byId = await v1(sb, token, 'GET', `${tasksPath(li.unionid)}/${taskId}`);
      assert.strictEqual(byId.status, 200);
      assert.strictEqual(byId.json.id, taskId);
      assert.strictEqual(byId.json.tenantType, 'org');
      const bySource = await v1(sb, token, 'GET', `${tasksPath(zhang.unionid)}/sources/src-9`);
      assert.strictEqual(bySource.json.id, taskId);
      const missing = await v1(sb, token, 'GET', `${tasksPath(zhang.unionid)}/sources/nope`);
      assert.strictEqual(missing.status, 400);
      assert.strictEqual(missing.json.message, 'task not exist');
    });

    it('cannot find a sourceId containing "/" sent raw (as the SDK sends it), only percent-encoded', async () => {
      await create({ subject: 'slash', sourceId: 'repo:src/a.ts:1' });
      const raw = await v1(sb, token, 'GET', `${tasksPath(zhang.unionid)}/sources/repo:src/a.ts:1`);
      assert.strictEqual(raw.status, 404);
      assert.strictEqual(raw.json.code, 'InvalidAction.NotFound');
      const encoded = await v1(sb, token, 'GET', `${tasksPath(zhang.unionid)}/sources/${encodeURIComponent('repo:src/a.ts:1')}`);
      assert.strictEqual(encoded.json.subject, 'slash');
    });

    it('decodes percent-escapes in path segments once, like a gateway', async () => {
      const encoded = encodeURIComponent(zhang.unionid).replace(/[A-Za-z]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      assert.notStrictEqual(encoded, zhang.unionid);
      const res = await v1(sb, token, 'GET', `${tasksPath(encoded)}/${taskId}`);
      assert.strictEqual(res.status, 200);
    });

    it('updates fields and marks the task done with PUT {done:true}', async () => {
      sb.clock.advance(60_000);
      const res = await v1(sb, token, 'PUT', `${tasksPath(zhang.unionid)}/${taskId}?operatorId=${li.unionid}`, { subject: 'Fixed', done: true, dueTime: DUE + 1 });
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(res.json, { result: true });
      const task = (await v1(sb, token, 'GET', `${tasksPath(zhang.unionid)}/${taskId}`)).json;
      assert.strictEqual(task.subject, 'Fixed');
      assert.strictEqual(task.done, true);
      assert.strictEqual(task.dueTime, DUE + 1);
      assert.strictEqual(task.modifierId, li.unionid);
      assert.ok(task.finishTime >= task.createdTime + 60_000);
      assert.ok(task.modifiedTime > task.createdTime);
      const undone = await v1(sb, token, 'PUT', `${tasksPath(zhang.unionid)}/${taskId}`, { done: false });
      assert.strictEqual(undone.status, 200);
      assert.strictEqual(sb.state.todo(taskId)?.finishTime, 0);
    });

    it('refuses updates from another app (task not belong to bizTag) and unknown tasks', async () => {
      const otherToken = await fetchAppToken(sb, otherApp());
      const foreign = await v1(sb, otherToken, 'PUT', `${tasksPath(zhang.unionid)}/${taskId}`, { done: true });
      assert.strictEqual(foreign.status, 400);
      assert.deepStrictEqual([foreign.json.code, foreign.json.message], ['todo.taskUpdate.paramError', 'task not belong to bizTag']);
      const unknown = await v1(sb, token, 'PUT', `${tasksPath(zhang.unionid)}/task000`, { done: true });
      assert.deepStrictEqual([unknown.json.code, unknown.json.message], ['todo.taskUpdate.paramError', 'task not exist']);
      assert.strictEqual(sb.state.todo(taskId)?.done, false);
    });

    it('tracks executorStatus per executor and completes the task when all are done', async () => {
      const put = (list: unknown) => v1(sb, token, 'PUT', `${tasksPath(zhang.unionid)}/${taskId}/executorStatus?operatorId=${zhang.unionid}`, { executorStatusList: list });
      assert.deepStrictEqual((await put([{ id: li.unionid, isDone: true }])).json, { result: true });
      assert.deepStrictEqual(sb.state.todo(taskId)?.executorStatus, { [li.unionid]: true });
      assert.strictEqual(sb.state.todo(taskId)?.done, false);
      await put([{ id: wang.unionid, isDone: true }]);
      assert.strictEqual(sb.state.todo(taskId)?.done, true);
      const notExecutor = await put([{ id: zhang.unionid, isDone: true }]);
      assert.strictEqual(notExecutor.status, 400);
      sb.configure({ todoDoneWhenAllExecutorsDone: false });
      await put([{ id: wang.unionid, isDone: false }]);
      assert.strictEqual(sb.state.todo(taskId)?.done, true, 'with the option off, executor status leaves `done` alone');
    });

    it('deletes with {requestId, result:true}; the task is gone afterwards', async () => {
      const res = await v1(sb, token, 'DELETE', `${tasksPath(zhang.unionid)}/${taskId}?operatorId=${zhang.unionid}`);
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(Object.keys(res.json).sort(), ['requestId', 'result']);
      assert.strictEqual(res.json.result, true);
      assert.strictEqual((await v1(sb, token, 'GET', `${tasksPath(zhang.unionid)}/${taskId}`)).status, 400);
      assert.strictEqual((await v1(sb, token, 'DELETE', `${tasksPath(zhang.unionid)}/${taskId}`)).json.code, 'todo.taskDelete.paramError');
    });
  });

  describe('list', () => {
    const query = (unionId: string, body: Record<string, unknown>) => v1(sb, token, 'POST', `/v1.0/todo/users/${unionId}/org/tasks/query`, body);
    const list = (unionId: string, body: Record<string, unknown>) => v1(sb, token, 'POST', `${tasksPath(unionId)}/list`, body);

    it('pages through results with nextToken until it is null', async () => {
      sb.configure({ todoPageSize: 3 });
      for (let i = 0; i < 7; i++) await create({ subject: `t${i}`, executorIds: [li.unionid] });
      const seen: string[] = [];
      let nextToken: string | null = null;
      let pages = 0;
      do {
        const res = await query(li.unionid, nextToken === null ? {} : { nextToken });
        assert.strictEqual(res.status, 200);
        assert.ok(res.json.todoCards.length <= 3);
        seen.push(...res.json.todoCards.map((c: { subject: string }) => c.subject));
        nextToken = res.json.nextToken;
        pages++;
      } while (nextToken !== null && pages < 10);
      assert.strictEqual(pages, 3);
      assert.deepStrictEqual([...seen].sort(), ['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
    });

    it('returns cards with the documented fields', async () => {
      const id = (await create({ subject: 'card', executorIds: [li.unionid], priority: 30, dueTime: DUE, sourceId: 'c-1' })).json.id;
      const [card] = (await query(li.unionid, {})).json.todoCards;
      assert.deepStrictEqual(
        { taskId: card.taskId, subject: card.subject, isDone: card.isDone, priority: card.priority, dueTime: card.dueTime, sourceId: card.sourceId, creatorId: card.creatorId },
        { taskId: id, subject: 'card', isDone: false, priority: 30, dueTime: DUE, sourceId: 'c-1', creatorId: zhang.unionid },
      );
      assert.strictEqual(typeof card.bizTag, 'string');
    });

    it('applies roleTypes as OR of ANDs and filters isDone', async () => {
      // zhang creates A (li executes) and B (zhang executes); li creates C (zhang executes, done).
      await create({ subject: 'A', executorIds: [li.unionid] });
      await create({ subject: 'B', executorIds: [zhang.unionid] });
      const c = (await create({ subject: 'C', executorIds: [zhang.unionid] }, li.unionid)).json.id;
      await v1(sb, token, 'PUT', `${tasksPath(li.unionid)}/${c}`, { done: true });
      const subjects = async (body: Record<string, unknown>) => ((await query(zhang.unionid, body)).json.todoCards as { subject: string }[]).map((x) => x.subject).sort();
      assert.deepStrictEqual(await subjects({ roleTypes: [['executor']] }), ['B', 'C']);
      assert.deepStrictEqual(await subjects({ roleTypes: [['creator']] }), ['A', 'B']);
      assert.deepStrictEqual(await subjects({ roleTypes: [['executor', 'creator']] }), ['B']);
      assert.deepStrictEqual(await subjects({ roleTypes: [['executor', 'creator'], ['creator']] }), ['A', 'B']);
      assert.deepStrictEqual(await subjects({ roleTypes: [['executor']], isDone: false }), ['B']);
      assert.deepStrictEqual(await subjects({}), ['A', 'B', 'C']);
      const bad = await query(zhang.unionid, { roleTypes: ['executor'] });
      assert.strictEqual(bad.status, 400);
    });

    it('hides isOnlyShowExecutor tasks from non-executors', async () => {
      await create({ subject: 'private', executorIds: [li.unionid], isOnlyShowExecutor: true });
      assert.strictEqual((await query(zhang.unionid, {})).json.todoCards.length, 0);
      assert.strictEqual((await query(li.unionid, {})).json.todoCards.length, 1);
    });

    it('tasks/list orders by dueTime ascending by default and reports totalCount', async () => {
      await create({ subject: 'late', executorIds: [li.unionid], dueTime: DUE + 2000 });
      await create({ subject: 'none', executorIds: [li.unionid] });
      await create({ subject: 'early', executorIds: [li.unionid], dueTime: DUE });
      const res = await list(li.unionid, { roleTypes: [['executor']] });
      assert.strictEqual(res.status, 200);
      assert.strictEqual(res.json.totalCount, 3);
      assert.deepStrictEqual(res.json.todoCards.map((x: { subject: string }) => x.subject), ['early', 'late', 'none']);
      const desc = await list(li.unionid, { orderBy: 'dueTime', orderDirection: 'desc', fromDueTime: DUE + 1 });
      assert.deepStrictEqual(desc.json.todoCards.map((x: { subject: string }) => x.subject), ['late']);
    });
  });
});

import * as assert from 'assert';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, otherApp, v1 } from './helpers';

describe('sandbox: /v1.0/im/group/create', () => {
  let sb: Sandbox;
  let token: string;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    sb.configure({ groupCreateReturnsChatId: true });
    token = await fetchAppToken(sb);
  });

  const create = (body: Record<string, unknown>, tok = token) => v1(sb, tok, 'POST', '/v1.0/im/group/create', body);
  const owner = () => sb.demo.users[0];

  it('creates a group and returns openConversationId (+ chatId by default)', async () => {
    const res = await create({ name: '发布群', owner: owner().userid, useridlist: [sb.demo.users[1].userid] });
    assert.strictEqual(res.status, 200);
    assert.deepStrictEqual(Object.keys(res.json).sort(), ['chatId', 'openConversationId']);
    assert.match(res.json.openConversationId, /^cid/);
    const group = sb.state.group(res.json.openConversationId);
    assert.ok(group);
    assert.strictEqual(group.title, '发布群');
    assert.deepStrictEqual(group.memberUserids, [owner().userid, sb.demo.users[1].userid]);
    sb.configure({ groupCreateReturnsChatId: false });
    const second = await create({ name: 'Second', owner: owner().userid, useridlist: [] });
    assert.deepStrictEqual(Object.keys(second.json), ['openConversationId']);
  });

  it('puts the creating app robot in the group so it can post there', async () => {
    const cid = (await create({ name: 'Robot home', owner: owner().userid, useridlist: [] })).json.openConversationId;
    const send = await v1(sb, token, 'POST', '/v1.0/robot/groupMessages/send', {
      robotCode: sb.demo.app.robotCode,
      openConversationId: cid,
      msgKey: 'sampleText',
      msgParam: '{"content":"hello new group"}',
    });
    assert.strictEqual(send.status, 200);
    assert.strictEqual(sb.state.messages(cid).length, 1);
    const robots = sb.state.robots().appRobots.find((r) => r.robotCode === sb.demo.app.robotCode);
    assert.ok(robots?.groups.includes(cid));
  });

  it('creates only for the calling app: another app robot is not in the group', async () => {
    const other = otherApp();
    const otherToken = await fetchAppToken(sb, other);
    const cid = (await create({ name: 'Mine', owner: owner().userid, useridlist: [] })).json.openConversationId;
    const res = await v1(sb, otherToken, 'POST', '/v1.0/robot/groupMessages/send', { robotCode: other.appKey, openConversationId: cid, msgKey: 'sampleText', msgParam: '{"content":"x"}' });
    assert.strictEqual(res.json.code, 'invalidParameter.robotCode.empty');
  });

  it('validates name length 1–20, owner userId and useridlist', async () => {
    const tooLong = await create({ name: '字'.repeat(21), owner: owner().userid, useridlist: [] });
    assert.strictEqual(tooLong.status, 400);
    assert.strictEqual(tooLong.json.code, 'invalidParameter.name.invalid');
    assert.strictEqual((await create({ name: '字'.repeat(20), owner: owner().userid, useridlist: [] })).status, 200);
    assert.strictEqual((await create({ owner: owner().userid })).json.code, 'Missingname');
    const unionOwner = await create({ name: 'x', owner: owner().unionid, useridlist: [] });
    assert.strictEqual(unionOwner.json.code, 'invalidParameter.owner.invalid');
    assert.match(unionOwner.json.message, /unionId/);
    assert.strictEqual((await create({ name: 'x', owner: owner().userid, useridlist: ['ghost'] })).json.code, 'invalidParameter.useridlist.invalid');
  });
});

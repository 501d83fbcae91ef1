import * as assert from 'assert';
import { computeSign } from '../../sandbox/customRobot';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { keywordRobot, request, sendSigned, signedUrl, signFor, signingRobot, writeSeedVariant } from './helpers';

describe('sandbox: custom robot /robot/send', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());
  beforeEach(() => {
    sb.reset();
    sb.configure({ customRobotRateLimitErrcode: 130101, customRobotKeywordFields: 'allText', customRobotUnknownTokenErrcode: 300001, customRobotSignErrorStyle: 'short' });
  });

  const text = (content: string) => ({ msgtype: 'text', text: { content } });

  describe('signature (加签)', () => {
    it('matches the worked example from the API doc', () => {
      const sign = computeSign('SECexample0000000000000000000000000000000000000000000000000000000', '1700000000000');
      assert.strictEqual(sign, 'HymifK0r91GEU51JbVt5kZDG/8mElqvhp80ZKEeAAno=');
      assert.strictEqual(encodeURIComponent(sign), 'HymifK0r91GEU51JbVt5kZDG%2F8mElqvhp80ZKEeAAno%3D');
    });

    it('accepts a correctly signed message and stores it in the robot group', async () => {
      const res = await sendSigned(sb, text('构建成功 ✅'));
      assert.deepStrictEqual(res.json, { errcode: 0, errmsg: 'ok' });
      assert.strictEqual(res.status, 200);
      const robot = signingRobot(sb);
      const messages = sb.state.messages(robot.openConversationId);
      assert.strictEqual(messages.length, 1);
      assert.strictEqual(messages[0].senderName, robot.name);
      assert.deepStrictEqual(messages[0].content, { type: 'text', content: '构建成功 ✅' });
    });

    it('rejects a wrong signature with HTTP 200 + 310000 sign not match', async () => {
      const robot = signingRobot(sb);
      const ts = sb.clock.now();
      const otherSecret = `SEC${'0'.repeat(64)}`;
      assert.notStrictEqual(otherSecret, robot.signingSecret);
      const wrong = encodeURIComponent(signFor(otherSecret, ts));
      const res = await request(`${robot.webhookUrl}&timestamp=${ts}&sign=${wrong}`, { json: text('x') });
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(res.json, { errcode: 310000, errmsg: 'sign not match' });
      assert.strictEqual(sb.state.messages().length, 0);
    });

    it('rejects a double-encoded sign', async () => {
      const robot = signingRobot(sb);
      const ts = sb.clock.now();
      const doubleEncoded = encodeURIComponent(encodeURIComponent(signFor(robot.signingSecret, ts)));
      assert.ok(doubleEncoded.includes('%25'), 'the fixture must actually be double-encoded');
      const res = await request(`${robot.webhookUrl}&timestamp=${ts}&sign=${doubleEncoded}`, { json: text('x') });
      assert.deepStrictEqual(res.json, { errcode: 310000, errmsg: 'sign not match' });
    });

    it('rejects an unencoded sign whose "+" would decode to a space', async () => {
      const robot = signingRobot(sb);
      // Find a timestamp whose signature contains "+", so leaving it unencoded corrupts it.
      let ts = sb.clock.now();
      while (!signFor(robot.signingSecret, ts).includes('+')) ts++;
      sb.clock.set(ts);
      const res = await request(`${robot.webhookUrl}&timestamp=${ts}&sign=${signFor(robot.signingSecret, ts)}`, { json: text('x') });
      assert.deepStrictEqual(res.json, { errcode: 310000, errmsg: 'sign not match' });
    });

    it('rejects a missing sign, and can use the 2024+ described error text', async () => {
      const robot = signingRobot(sb);
      const short = await request(robot.webhookUrl, { json: text('x') });
      assert.deepStrictEqual(short.json, { errcode: 310000, errmsg: 'sign not match' });
      sb.configure({ customRobotSignErrorStyle: 'described' });
      const described = await request(robot.webhookUrl, { json: text('x') });
      assert.strictEqual(described.json.errcode, 310000);
      assert.match(described.json.errmsg, /^description:机器人发送签名不匹配;solution:.*;link:.*;$/);
    });

    it('enforces the ±1 hour timestamp window on the sandbox clock', async () => {
      const robot = signingRobot(sb);
      const ts = sb.clock.now();
      const url = signedUrl(robot.webhookUrl, robot.signingSecret, ts);
      sb.clock.advance(59 * 60_000);
      assert.strictEqual((await request(url, { json: text('still fresh') })).json.errcode, 0);
      sb.clock.advance(2 * 60_000); // now 61 min after ts
      assert.deepStrictEqual((await request(url, { json: text('stale') })).json, { errcode: 310000, errmsg: 'invalid timestamp' });
      // A timestamp from the future by more than an hour is just as invalid.
      sb.clock.set(ts - 61 * 60_000);
      assert.deepStrictEqual((await request(url, { json: text('future') })).json, { errcode: 310000, errmsg: 'invalid timestamp' });
    });

    it('treats a seconds timestamp as invalid (DingTalk wants milliseconds)', async () => {
      const robot = signingRobot(sb);
      const seconds = Math.floor(sb.clock.now() / 1000);
      const res = await request(signedUrl(robot.webhookUrl, robot.signingSecret, seconds), { json: text('x') });
      assert.deepStrictEqual(res.json, { errcode: 310000, errmsg: 'invalid timestamp' });
    });
  });

  describe('keyword security', () => {
    it('rejects messages without a keyword and accepts ones with a keyword', async () => {
      const robot = keywordRobot(sb);
      const rejected = await request(robot.webhookUrl, { json: text('hello there') });
      assert.deepStrictEqual(rejected.json, { errcode: 310000, errmsg: 'keywords not in content' });
      const accepted = await request(robot.webhookUrl, { json: text(`${robot.keywords[0]} 完成`) });
      assert.strictEqual(accepted.json.errcode, 0);
      assert.strictEqual(sb.state.messages(robot.openConversationId).length, 1);
    });

    it('counts the markdown title only when keyword fields are "allText"', async () => {
      const robot = keywordRobot(sb);
      const body = { msgtype: 'markdown', markdown: { title: `${robot.keywords[1]} report`, text: '## all green' } };
      assert.strictEqual((await request(robot.webhookUrl, { json: body })).json.errcode, 0);
      sb.configure({ customRobotKeywordFields: 'bodyText' });
      assert.deepStrictEqual((await request(robot.webhookUrl, { json: body })).json, { errcode: 310000, errmsg: 'keywords not in content' });
    });
  });

  describe('payload validation', () => {
    it('rejects msgtypes a custom robot cannot send (image, file, voice, video)', async () => {
      for (const msgtype of ['image', 'file', 'voice', 'video']) {
        const res = await sendSigned(sb, { msgtype, [msgtype]: { mediaId: '@x' } });
        assert.strictEqual(res.json.errcode, 400105, msgtype);
      }
      assert.strictEqual(sb.state.messages().length, 0);
    });

    it('accepts each allowed msgtype with its exact field casing', async () => {
      const bodies = [
        text('t'),
        { msgtype: 'markdown', markdown: { title: 'T', text: '## md' } },
        { msgtype: 'link', link: { title: 'L', text: 'lt', messageUrl: 'https://example.com/a', picUrl: 'https://example.com/p.png' } },
        { msgtype: 'actionCard', actionCard: { title: 'A', text: 'card', singleTitle: 'Open', singleURL: 'https://example.com/s' } },
        { msgtype: 'actionCard', actionCard: { title: 'B', text: 'card', btns: [{ title: 'One', actionURL: 'https://example.com/1' }], btnOrientation: '1' } },
        { msgtype: 'feedCard', feedCard: { links: [{ title: 'F', messageURL: 'https://example.com/f', picURL: 'https://example.com/f.png' }] } },
      ];
      for (const body of bodies) assert.strictEqual((await sendSigned(sb, body)).json.errcode, 0, JSON.stringify(body));
      assert.deepStrictEqual(
        sb.state.messages().map((m) => m.content.type),
        ['text', 'markdown', 'link', 'actionCard', 'actionCard', 'feedCard'],
      );
    });

    it('rejects link/feedCard/actionCard fields with the other casing', async () => {
      const cases = [
        { msgtype: 'link', link: { title: 'L', text: 'lt', messageURL: 'https://example.com/a' } },
        { msgtype: 'feedCard', feedCard: { links: [{ title: 'F', messageUrl: 'https://example.com/f', picUrl: 'https://example.com/f.png' }] } },
        { msgtype: 'actionCard', actionCard: { title: 'A', text: 'x', singleTitle: 'Open', singleUrl: 'https://example.com' } },
        { msgtype: 'actionCard', actionCard: { title: 'A', text: 'x', btns: [{ title: 'One', actionUrl: 'https://example.com' }] } },
      ];
      for (const body of cases) {
        const res = await sendSigned(sb, body);
        assert.strictEqual(res.json.errcode, 40035, JSON.stringify(body));
        assert.match(res.json.errmsg, /case-sensitive/);
      }
      assert.strictEqual(sb.state.messages().length, 0);
    });

    it('rejects a body over 20,000 bytes and accepts one just under', async () => {
      const overhead = Buffer.byteLength(JSON.stringify(text('')));
      const fits = await sendSigned(sb, text('a'.repeat(20_000 - overhead)));
      assert.strictEqual(fits.json.errcode, 0);
      const tooBig = await sendSigned(sb, text('a'.repeat(20_001 - overhead)));
      assert.strictEqual(tooBig.json.errcode, 40035);
      assert.match(tooBig.json.errmsg, /body 大小不合法/);
    });

    it('requires Content-Type application/json unless configured otherwise', async () => {
      const robot = signingRobot(sb);
      const url = signedUrl(robot.webhookUrl, robot.signingSecret, sb.clock.now());
      const res = await request(url, { body: JSON.stringify(text('x')), headers: { 'content-type': 'text/plain' } });
      assert.strictEqual(res.json.errcode, 43004);
      sb.configure({ customRobotRequireJsonContentType: false });
      const lenient = await request(url, { body: JSON.stringify(text('x')), headers: { 'content-type': 'text/plain' } });
      assert.strictEqual(lenient.json.errcode, 0);
      sb.configure({ customRobotRequireJsonContentType: true });
    });

    it('answers an unknown token with 300001 (or 300005 when configured)', async () => {
      const unknown = `${sb.baseUrl}/robot/send?access_token=${'0'.repeat(64)}`;
      assert.deepStrictEqual((await request(unknown, { json: text('x') })).json, { errcode: 300001, errmsg: 'token is not exist' });
      sb.configure({ customRobotUnknownTokenErrcode: 300005 });
      assert.strictEqual((await request(unknown, { json: text('x') })).json.errcode, 300005);
    });
  });

  describe('@ mentions', () => {
    it('records who text/markdown messages mention, and whether the content names them', async () => {
      const [zhang, li] = sb.demo.users;
      const res = await sendSigned(sb, { msgtype: 'text', text: { content: `请看 @${zhang.mobile}` }, at: { atMobiles: [zhang.mobile], atUserIds: [li.userid], isAtAll: false } });
      assert.strictEqual(res.json.errcode, 0);
      const [message] = sb.state.messages();
      assert.deepStrictEqual(
        message.mentions.map((m) => [m.userid, m.name, m.via, m.inContent]),
        [
          [zhang.userid, zhang.name, 'atMobiles', true],
          [li.userid, li.name, 'atUserIds', false],
        ],
      );
      assert.strictEqual(message.atAll, false);
    });

    it('ignores `at` on message types that cannot mention (link)', async () => {
      const body = { msgtype: 'link', link: { title: 'L', text: 't', messageUrl: 'https://example.com' }, at: { isAtAll: true, atUserIds: ['zhangwei'] } };
      assert.strictEqual((await sendSigned(sb, body)).json.errcode, 0);
      const [message] = sb.state.messages();
      assert.deepStrictEqual(message.mentions, []);
      assert.strictEqual(message.atAll, false);
    });
  });

  describe('msgUuid de-duplication', () => {
    it('returns the same success for a repeated msgUuid and stores the message once', async () => {
      const body = { ...text('once'), msgUuid: 'uuid-123' };
      const first = await sendSigned(sb, body);
      const second = await sendSigned(sb, body);
      assert.deepStrictEqual(first.json, { errcode: 0, errmsg: 'ok' });
      assert.deepStrictEqual(second.json, first.json);
      assert.strictEqual(sb.state.messages().length, 1);
      await sendSigned(sb, { ...text('other'), msgUuid: 'uuid-456' });
      assert.strictEqual(sb.state.messages().length, 2);
    });
  });

  describe('rate limit', () => {
    async function sendMany(n: number) {
      const results: number[] = [];
      for (let i = 0; i < n; i++) results.push((await sendSigned(sb, text(`m${i}`))).json.errcode);
      return results;
    }

    it('allows 20 per minute, rejects the 21st, then throttles for 10 minutes', async () => {
      sb.clock.freeze();
      try {
        const codes = await sendMany(21);
        assert.deepStrictEqual(codes.slice(0, 20), new Array(20).fill(0));
        assert.strictEqual(codes[20], 130101);
        const limited = await sendSigned(sb, text('x'));
        assert.deepStrictEqual(limited.json, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
        // The minute has passed, but the 10-minute throttle still applies.
        sb.clock.advance(5 * 60_000);
        assert.strictEqual((await sendSigned(sb, text('x'))).json.errcode, 130101);
        sb.clock.advance(5 * 60_000 + 1);
        assert.strictEqual((await sendSigned(sb, text('after throttle'))).json.errcode, 0);
        assert.strictEqual(sb.state.messages().length, 21);
      } finally {
        sb.clock.resume();
      }
    });

    it('uses a rolling minute, not a fixed one', async () => {
      sb.clock.freeze();
      try {
        await sendMany(10);
        sb.clock.advance(40_000);
        assert.deepStrictEqual(await sendMany(10), new Array(10).fill(0));
        sb.clock.advance(25_000); // the first 10 are now older than a minute
        assert.deepStrictEqual(await sendMany(10), new Array(10).fill(0));
        assert.strictEqual((await sendSigned(sb, text('21st in window'))).json.errcode, 130101);
      } finally {
        sb.clock.resume();
      }
    });

    it('uses the configured rate-limit errcode', async () => {
      sb.configure({ customRobotRateLimitErrcode: 660026 });
      sb.clock.freeze();
      try {
        const codes = await sendMany(21);
        assert.strictEqual(codes[20], 660026);
        assert.strictEqual((await sendSigned(sb, text('x'))).json.errmsg, 'sending too many messages per minute');
      } finally {
        sb.clock.resume();
      }
    });
  });

  describe('IP allow-list from the seed', () => {
    it('rejects callers outside the robot ranges with 310000', async () => {
      const seedFile = writeSeedVariant((seed) => {
        seed.customRobots[1].security.ipRanges = ['10.0.0.0/8'];
        seed.customRobots[0].security.ipRanges = ['127.0.0.0/24'];
      });
      const other = await startSandbox({ port: 0, seedFile });
      try {
        const denied = await request(other.demo.customRobots[1].webhookUrl, { json: text('deploy') });
        assert.deepStrictEqual(denied.json, { errcode: 310000, errmsg: 'ip 127.0.0.1 not in whitelist' });
        const allowed = await sendSigned(other, text('ok'));
        assert.strictEqual(allowed.json.errcode, 0);
      } finally {
        await other.close();
      }
    });
  });
});

import * as assert from 'assert';
import { RECALL_FAILURES } from '../../sandbox/appRobot';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, otherApp, TINY_PNG, uploadMedia, v1 } from './helpers';

describe('sandbox: app robot /v1.0/robot/groupMessages', () => {
  let sb: Sandbox;
  let token: string;
  let cid: string;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    sb.configure({ sampleFileStrictFileType: true, appRobotRecallWindowMs: null, appRobotOtherErrorHttpStatus: 400 });
    token = await fetchAppToken(sb);
    cid = sb.demo.groups[0].openConversationId;
  });

  const send = (body: Record<string, unknown>, tok = token) =>
    v1(sb, tok, 'POST', '/v1.0/robot/groupMessages/send', { robotCode: sb.demo.app.robotCode, openConversationId: cid, ...body });
  const sendKey = (msgKey: string, param: unknown) => send({ msgKey, msgParam: JSON.stringify(param) });

  describe('send', () => {
    it('returns an opaque processQueryKey and shows the message under the robot name', async () => {
      const res = await sendKey('sampleText', { content: '钉钉，让进步发生' });
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(Object.keys(res.json), ['processQueryKey']);
      assert.match(res.json.processQueryKey, /^[A-Za-z0-9+/]{43}=$/);
      const [message] = sb.state.messages(cid);
      assert.strictEqual(message.senderName, sb.demo.app.robotName);
      assert.strictEqual(message.processQueryKey, res.json.processQueryKey);
      assert.deepStrictEqual(message.content, { type: 'text', content: '钉钉，让进步发生' });
    });

    it('accepts every documented msgKey with its msgParam fields', async () => {
      const image = await uploadMedia(sb, token, 'image', 'sketch.png', TINY_PNG, 'image/png');
      const pdf = await uploadMedia(sb, token, 'file', 'report.pdf', Buffer.from('%PDF-1.4 test'), 'application/pdf');
      const voice = await uploadMedia(sb, token, 'voice', 'hello.amr', Buffer.from('#!AMR\n'), 'audio/amr');
      const video = await uploadMedia(sb, token, 'video', 'demo.mp4', Buffer.from('....ftypmp42'), 'video/mp4');
      const cases: [string, Record<string, string>][] = [
        ['sampleText', { content: 'hi' }],
        ['sampleMarkdown', { title: 'T', text: '## hi' }],
        ['sampleImageMsg', { photoURL: image }],
        ['sampleImageMsg', { photoURL: 'https://example.com/x.png' }],
        ['sampleLink', { text: 't', title: 'T', picUrl: 'https://example.com/p.png', messageUrl: 'https://example.com' }],
        ['sampleActionCard', { title: 'T', text: 't', singleTitle: 'Open', singleURL: 'https://example.com' }],
        ['sampleActionCard2', { title: 'T', text: 't', actionTitle1: 'A', actionURL1: 'https://a', actionTitle2: 'B', actionURL2: 'https://b' }],
        ['sampleActionCard6', { title: 'T', text: 't', buttonTitle1: 'A', buttonUrl1: 'https://a', buttonTitle2: 'B', buttonUrl2: 'https://b' }],
        ['sampleFile', { mediaId: pdf, fileName: 'report.pdf', fileType: 'pdf' }],
        ['sampleAudio', { mediaId: voice, duration: '3000' }],
        ['sampleVideo', { duration: '60', videoMediaId: video, videoType: 'mp4', picMediaId: image }],
      ];
      for (const [msgKey, param] of cases) {
        const res = await sendKey(msgKey, param);
        assert.strictEqual(res.status, 200, `${msgKey}: ${JSON.stringify(res.json)}`);
      }
      assert.deepStrictEqual(
        sb.state.messages(cid).map((m) => m.content.type),
        ['text', 'markdown', 'image', 'image', 'link', 'actionCard', 'actionCard', 'actionCard', 'file', 'audio', 'video'],
      );
      const buttons = sb.state.messages(cid)[6].content;
      assert.ok(buttons.type === 'actionCard' && buttons.buttons.length === 2);
    });

    it('needs actionTitle1..N for sampleActionCardN', async () => {
      const res = await sendKey('sampleActionCard3', { title: 'T', text: 't', actionTitle1: 'A', actionURL1: 'https://a', actionTitle2: 'B', actionURL2: 'https://b' });
      assert.strictEqual(res.status, 400);
      assert.strictEqual(res.json.code, 'invalidParameter.msgBody.invalid');
      assert.match(res.json.message, /actionTitle3/);
    });

    it('requires msgParam to be a JSON string that parses', async () => {
      const asObject = await send({ msgKey: 'sampleText', msgParam: { content: 'hi' } });
      assert.strictEqual(asObject.status, 400);
      assert.strictEqual(asObject.json.code, 'invalidParameter.msgParam.invalid');
      assert.strictEqual(asObject.json.message, 'msgParam必须是json格式');
      const notJson = await send({ msgKey: 'sampleText', msgParam: "{content:'hi'}" });
      assert.strictEqual(notJson.json.code, 'invalidParameter.msgParam.invalid');
      const missing = await send({ msgKey: 'sampleText' });
      assert.strictEqual(missing.json.code, 'miss.param.msgParam');
      assert.strictEqual(sb.state.messages().length, 0);
    });

    it('limits msgParam to 15,000 bytes (UTF-8)', async () => {
      const wrapper = Buffer.byteLength(JSON.stringify({ content: '' }));
      const fits = await sendKey('sampleText', { content: 'a'.repeat(15_000 - wrapper) });
      assert.strictEqual(fits.status, 200);
      // 5,000 Chinese characters are 15,000 bytes of content: over the limit with the wrapper.
      const tooLong = await sendKey('sampleText', { content: '钉'.repeat(5_000) });
      assert.strictEqual(tooLong.status, 400);
      assert.strictEqual(tooLong.json.code, 'invalidParameter.msgParam.tooLong');
    });

    it('rejects unknown or empty msgKeys, including sampleImage and sampleActionCard1', async () => {
      for (const msgKey of ['sampleImage', 'sampleActionCard1', 'feedCard']) {
        const res = await sendKey(msgKey, { content: 'x' });
        assert.strictEqual(res.json.code, 'invalidParameter.msgKey.invalid', msgKey);
      }
      assert.strictEqual((await send({ msgParam: '{}' })).json.code, 'invalidParameter.msgKey.empty');
    });

    it('checks robotCode: missing, unknown, and not the token app', async () => {
      const param = JSON.stringify({ content: 'x' });
      assert.strictEqual((await send({ robotCode: undefined, msgKey: 'sampleText', msgParam: param })).json.code, 'invalidParameter.robotCode.missing');
      assert.strictEqual((await send({ robotCode: 'dingnotarobot', msgKey: 'sampleText', msgParam: param })).json.code, 'invalidParameter.robotCode.notExsit');
      const other = otherApp();
      const res = await send({ robotCode: other.appKey, msgKey: 'sampleText', msgParam: param });
      assert.strictEqual(res.status, 400);
      assert.strictEqual(res.json.code, 'invalidParameter.robotCode.auth');
    });

    it('needs the robot to be in the group', async () => {
      const other = otherApp();
      const otherToken = await fetchAppToken(sb, other);
      const res = await send({ robotCode: other.appKey, msgKey: 'sampleText', msgParam: '{"content":"x"}' }, otherToken);
      assert.strictEqual(res.status, 400);
      assert.strictEqual(res.json.code, 'invalidParameter.robotCode.empty');
    });

    it('checks openConversationId, with a configurable status for non-invalidParameter codes', async () => {
      const missing = await send({ openConversationId: undefined, msgKey: 'sampleText', msgParam: '{"content":"x"}' });
      assert.strictEqual(missing.status, 400);
      assert.strictEqual(missing.json.code, 'miss.openConversationId');
      sb.configure({ appRobotOtherErrorHttpStatus: 404 });
      const unknown = await send({ openConversationId: 'cidNOPE==', msgKey: 'sampleText', msgParam: '{"content":"x"}' });
      assert.strictEqual(unknown.status, 404);
      assert.strictEqual(unknown.json.code, 'invalid.openConversationId');
    });

    it('accepts photoURL as an uploaded image media id or an http(s) URL, nothing else', async () => {
      const pdf = await uploadMedia(sb, token, 'file', 'a.pdf', Buffer.from('%PDF'));
      for (const photoURL of ['@lADPnotuploaded', pdf, 'ftp://example.com/x.png', 'x.png']) {
        const res = await sendKey('sampleImageMsg', { photoURL });
        assert.strictEqual(res.json.code, 'invalidParameter.msgBody.invalid', photoURL);
      }
    });

    it('restricts sampleFile fileType to the documented list unless strictness is off', async () => {
      const zip = await uploadMedia(sb, token, 'file', 'src.zip', Buffer.from('PK'));
      const strict = await sendKey('sampleFile', { mediaId: zip, fileName: 'main.ts', fileType: 'ts' });
      assert.strictEqual(strict.status, 400);
      assert.strictEqual(strict.json.code, 'invalidParameter.msg.unsupport');
      sb.configure({ sampleFileStrictFileType: false });
      assert.strictEqual((await sendKey('sampleFile', { mediaId: zip, fileName: 'main.ts', fileType: 'ts' })).status, 200);
    });

    it('accepts only ogg/amr audio for sampleAudio', async () => {
      const mp3 = await uploadMedia(sb, token, 'voice', 'a.mp3', Buffer.from('ID3'));
      const res = await sendKey('sampleAudio', { mediaId: mp3, duration: '1000' });
      assert.strictEqual(res.json.code, 'invalidParameter.msg.unsupport');
    });
  });

  describe('recall', () => {
    const recall = (keys: string[], body: Record<string, unknown> = {}) =>
      v1(sb, token, 'POST', '/v1.0/robot/groupMessages/recall', { openConversationId: cid, robotCode: sb.demo.app.robotCode, processQueryKeys: keys, ...body });

    it('recalls per key and the message disappears from the group', async () => {
      const a = (await sendKey('sampleText', { content: 'a' })).json.processQueryKey;
      const b = (await sendKey('sampleText', { content: 'b' })).json.processQueryKey;
      const res = await recall([a, 'not-a-key']);
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(res.json, { successResult: [a], failedResult: { 'not-a-key': RECALL_FAILURES.notFound } });
      assert.deepStrictEqual(
        sb.state.messages(cid).map((m) => m.processQueryKey),
        [b],
      );
      assert.ok(sb.state.allMessages().find((m) => m.processQueryKey === a)?.recalledAt);
      assert.deepStrictEqual((await recall([a])).json.failedResult, { [a]: RECALL_FAILURES.alreadyRecalled });
    });

    it('only recalls keys of the same openConversationId and robotCode', async () => {
      const key = (await sendKey('sampleText', { content: 'a' })).json.processQueryKey;
      const otherGroup = await recall([key], { openConversationId: sb.demo.groups[1].openConversationId });
      assert.deepStrictEqual(otherGroup.json, { successResult: [], failedResult: { [key]: RECALL_FAILURES.notFound } });
      const otherRobot = await recall([key], { robotCode: otherApp().appKey });
      assert.strictEqual(otherRobot.json.code, 'invalidParameter.robotCode.auth');
      assert.strictEqual(sb.state.messages(cid).length, 1);
    });

    it('honours a configured recall window', async () => {
      sb.configure({ appRobotRecallWindowMs: 24 * 3600_000 });
      const key = (await sendKey('sampleText', { content: 'a' })).json.processQueryKey;
      sb.clock.advance(24 * 3600_000 + 1000);
      token = await fetchAppToken(sb); // the old token expired meanwhile
      assert.deepStrictEqual((await recall([key])).json.failedResult, { [key]: RECALL_FAILURES.tooLate });
      assert.strictEqual(sb.state.messages(cid).length, 1);
    });
  });
});

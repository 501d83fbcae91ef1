import * as assert from 'node:assert/strict';
import { serializeCustomRobotMessage, utf8Bytes } from '../../../src/core/dingtalk/messages';
import { composePlainMessage, plainMessagePayload } from '../../../src/core/send/plainMessage';

describe('send/plainMessage', () => {
  const people = [
    { displayName: 'alice', userId: 'alice01' },
    { displayName: '张三', mobile: '13800000001' },
    { displayName: 'bob' },
  ];

  it('custom robot: the text, then the @tokens; at lists and isAtAll match; a person without an id is named', () => {
    const m = composePlainMessage({ text: '  Deploy is done 部署完成 \r\nplease check\n\n', mentions: people, mentionEveryone: true, target: 'customRobot' });
    assert.equal(m.content, '  Deploy is done 部署完成\nplease check\n\n@all @alice01 @13800000001 · To: bob');
    assert.deepEqual([m.atUserIds, m.atMobiles, m.isAtAll], [['alice01'], ['13800000001'], true]);
    assert.deepEqual(m.warnings, ['No mobile number or userId for bob: named in the message but not notified.']);
    const payload = plainMessagePayload(m, 'customRobot');
    assert.equal(payload.kind, 'customRobot');
    if (payload.kind !== 'customRobot') return;
    assert.deepEqual(payload.message.msgtype, 'text');
    assert.equal((payload.message as { text: { content: string } }).text.content, m.content, 'no @token appended twice');
    assert.deepEqual((payload.message as { at?: unknown }).at, { atMobiles: ['13800000001'], atUserIds: ['alice01'], isAtAll: true });
    assert.equal(m.bytes, utf8Bytes(serializeCustomRobotMessage(payload.message, Number.POSITIVE_INFINITY)), 'measured as sent (same-length msgUuid)');
  });

  it('app robot: sampleText with the names written out, and a warning that nobody is notified', () => {
    const m = composePlainMessage({ text: 'hi', mentions: people.slice(0, 2), target: 'appRobot' });
    assert.equal(m.content, 'hi\n\nTo: alice, 张三');
    assert.deepEqual([m.atUserIds, m.atMobiles, m.isAtAll], [[], [], false]);
    assert.equal(m.warnings.length, 1);
    const payload = plainMessagePayload(m, 'appRobot');
    assert.deepEqual(payload.kind === 'appRobot' && [payload.msgKey, JSON.parse(payload.msgParam)], ['sampleText', { content: 'hi\n\nTo: alice, 张三' }]);
    assert.equal(m.bytes, utf8Bytes(payload.kind === 'appRobot' ? payload.msgParam : ''));
  });

  it('holds the text to DingTalk\'s limits (20,000-byte body, 15,000-byte msgParam, minus a keyword\'s room)', () => {
    const ascii = 'a'.repeat(19_000);
    assert.equal(composePlainMessage({ text: ascii, target: 'customRobot' }).fits, true);
    assert.equal(composePlainMessage({ text: ascii, target: 'appRobot' }).fits, false);
    const cjk = '汉'.repeat(6_700); // 20,100 bytes of UTF-8
    const custom = composePlainMessage({ text: cjk, target: 'customRobot' });
    assert.equal(custom.fits, false);
    assert.ok(custom.bytes > 20_000 && custom.limit === 20_000);
    const reserved = composePlainMessage({ text: 'a'.repeat(19_900), target: 'customRobot', reserveBytes: 200 });
    assert.deepEqual([reserved.limit, reserved.fits], [19_800, false]);
  });

  it('an empty or blank text never fits (nothing to send)', () => {
    for (const text of ['', '   ', '\n\n']) assert.equal(composePlainMessage({ text, target: 'customRobot' }).fits, false);
    assert.equal(composePlainMessage({ text: ' ', mentionEveryone: true, target: 'customRobot' }).content, '@all');
  });
});

import * as assert from 'node:assert/strict';
import { callbackAck, eventAck, parseFrame, pingAck, serializeAck } from '../../../src/core/stream/frames';
import { connectUrl, isAcceptableEndpoint } from '../../../src/core/stream/gateway';
import { parseRobotMessage } from '../../../src/core/stream/robotMessage';
import { DEFAULT_RECONNECT, reconnectDelay } from '../../../src/core/stream/reconnect';
import { OnceMap } from '../../../src/core/stream/dedupe';

/** The protocol pieces without a network: frame shapes, the robot payload, URLs, backoff, de-duplication. */
describe('stream: frames and payloads', () => {
  it('parses frames defensively and keeps header values as text', () => {
    assert.equal(parseFrame('not json'), undefined);
    assert.equal(parseFrame('{"type":"BOGUS","headers":{}}'), undefined);
    assert.equal(parseFrame('{"type":"EVENT"}'), undefined, 'no headers');
    const f = parseFrame('{"specVersion":"1.0","type":"SYSTEM","headers":{"topic":"ping","messageId":"m1","time":1690362101894},"data":"{\\"opaque\\":\\"o\\"}"}');
    assert.deepEqual(f, { specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'ping', messageId: 'm1', time: '1690362101894' }, data: '{"opaque":"o"}' });
  });

  it('answers in the exact shapes DingTalk and its SDK use', () => {
    const ping = parseFrame('{"specVersion":"1.0","type":"SYSTEM","headers":{"topic":"ping","messageId":"m-ping","contentType":"application/json","time":"1"},"data":"{\\"opaque\\":\\"op-1\\"}"}')!;
    assert.equal(serializeAck(pingAck(ping)), '{"code":200,"headers":{"topic":"ping","messageId":"m-ping","contentType":"application/json","time":"1"},"message":"OK","data":"{\\"opaque\\":\\"op-1\\"}"}');
    assert.equal(serializeAck(eventAck('m-evt', 'SUCCESS')), '{"code":200,"headers":{"contentType":"application/json","messageId":"m-evt"},"message":"OK","data":"{\\"status\\":\\"SUCCESS\\"}"}');
    assert.equal(serializeAck(eventAck('m-evt', 'LATER')), '{"code":200,"headers":{"contentType":"application/json","messageId":"m-evt"},"message":"OK","data":"{\\"status\\":\\"LATER\\"}"}');
    assert.equal(serializeAck(callbackAck('m-cb')), '{"code":200,"headers":{"contentType":"application/json","messageId":"m-cb"},"message":"OK","data":"{\\"response\\":null}"}');
    assert.equal(callbackAck('m-cb', 500).code, 500);
  });

  it('reads the documented robot payload: leading space trimmed, numbers as strings, group vs 1:1', () => {
    const sample = {
      conversationId: 'cidAsXSBLnA==', conversationType: '2', conversationTitle: '测试群', atUsers: [{ dingtalkId: '$:LWCP_v1:$x' }], isInAtList: true,
      chatbotCorpId: 'ding9f', chatbotUserId: '$:LWCP_v1:$y', msgId: 'msgLICYe==', senderNick: '用户', isAdmin: true, senderStaffId: '16650698',
      senderId: '$:LWCP_v1:$z', senderCorpId: 'ding9', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=76da36b4',
      sessionWebhookExpiredTime: 1690367502152, createAt: '1690362101894', robotCode: 'dingr3xc0b', msgtype: 'text', text: { content: ' 测试数据' },
    };
    const m = parseRobotMessage(sample, 0)!;
    assert.equal(m.text, '测试数据');
    assert.equal(m.createAt, 1690362101894);
    assert.equal(m.conversationType, 'group');
    assert.equal(m.conversationTitle, '测试群');
    assert.equal(m.sessionWebhookExpiredTime! - m.createAt, 5_400_258);
    assert.equal(parseRobotMessage({ ...sample, conversationType: '1' }, 0)!.conversationType, 'direct');
    assert.equal(parseRobotMessage({ ...sample, msgId: undefined }, 0), undefined);
    assert.equal(parseRobotMessage('x', 0), undefined);
  });

  it('shows pictures, files and voice as such', () => {
    const base = { msgId: 'm', conversationId: 'cid' };
    assert.deepEqual(parseRobotMessage({ ...base, msgtype: 'picture', content: { downloadCode: 'd' } }, 0)!.attachments, [{ kind: 'picture' }]);
    assert.deepEqual(parseRobotMessage({ ...base, msgtype: 'file', content: { fileName: '周报.pdf' } }, 0)!.attachments, [{ kind: 'file', name: '周报.pdf' }]);
    const rich = parseRobotMessage({ ...base, msgtype: 'richText', content: { richText: [{ text: ' see ' }, { pictureDownloadCode: 'p', type: 'picture' }, { text: 'this' }] } }, 0)!;
    assert.equal(rich.text, 'see this');
    assert.deepEqual(rich.attachments, [{ kind: 'picture' }]);
    const voice = parseRobotMessage({ ...base, msgtype: 'audio', content: { recognition: '你好' } }, 0)!;
    assert.deepEqual([voice.text, voice.attachments], ['你好', [{ kind: 'audio' }]]);
    assert.equal(parseRobotMessage({ ...base, msgtype: 'interactiveCard' }, 0)!.msgtype, 'interactiveCard');
  });

  it('accepts wss:// endpoints anywhere, ws:// only on this machine, and URL-encodes the ticket', () => {
    assert.ok(isAcceptableEndpoint('wss://wss-open-connection.dingtalk.com:443/connect'));
    assert.ok(isAcceptableEndpoint('ws://127.0.0.1:9999/connect'));
    assert.ok(!isAcceptableEndpoint('ws://example.com/connect'));
    assert.ok(!isAcceptableEndpoint('https://example.com/connect'));
    // A plain-http gateway (a sandbox under another name) may name its own host; a TLS gateway may not downgrade.
    assert.ok(isAcceptableEndpoint('ws://sandbox.test:8080/connect', 'http://sandbox.test:8080/v1.0/gateway/connections/open'));
    assert.ok(!isAcceptableEndpoint('ws://sandbox.test:8080/connect', 'https://sandbox.test/v1.0/gateway/connections/open'));
    assert.ok(!isAcceptableEndpoint('ws://other.test/connect', 'http://sandbox.test:8080/v1.0/gateway/connections/open'));
    assert.ok(!isAcceptableEndpoint('ws://example.com/connect', 'not a url'));
    assert.equal(connectUrl({ endpoint: 'wss://h/connect', ticket: 'a+b/c=' }), 'wss://h/connect?ticket=a%2Bb%2Fc%3D');
  });

  it('backs off exponentially with equal jitter, up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => reconnectDelay(n, () => 0)), [500, 1000, 2000, 4000]);
    assert.deepEqual([1, 2, 3, 4].map((n) => reconnectDelay(n, () => 0.999999)), [1000, 2000, 4000, 8000]);
    assert.equal(reconnectDelay(30, () => 1), DEFAULT_RECONNECT.maxDelayMs);
    assert.equal(reconnectDelay(30, () => 0), DEFAULT_RECONNECT.maxDelayMs / 2);
  });

  it('runs a delivery\'s handler once, shares its outcome with duplicates, and forgets the oldest', async () => {
    const once = new OnceMap<string>(2);
    let runs = 0;
    const work = async () => `run ${++runs}`;
    const a = once.run('a', work);
    const dup = once.run('a', work);
    assert.equal(dup.duplicate, true);
    assert.equal(await dup.outcome, await a.outcome);
    once.run('b', work);
    once.run('c', work);
    assert.equal(once.size, 2);
    assert.equal(once.run('a', work).duplicate, false, 'the oldest key was forgotten');
    once.forget('c');
    assert.equal(once.run('c', work).duplicate, false);
  });
});

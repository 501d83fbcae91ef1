import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { CustomRobotClient } from '../../../src/core/dingtalk/customRobotClient';
import { linkMessage, textMessage } from '../../../src/core/dingtalk/messages';
import { FakeClock, fakeSleep, json, networkError, RecordedRequest, scriptedFetch } from './helpers';
import { captureLogger, capturedLines, expectDingTalkError, useSecret } from './logCapture';

const TOKEN = useSecret('5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a');
const SECRET = useSecret('SEC1111111111111111111111111111111111111111111111111111111111111111');
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;
const OK = () => json(200, { errcode: 0, errmsg: 'ok' });

function setup(...responders: Parameters<typeof scriptedFetch>) {
  const clock = new FakeClock(1_700_000_000_000);
  const sleep = fakeSleep(clock);
  const fetch = scriptedFetch(...responders);
  const client = new CustomRobotClient({ fetch, clock, sleep, random: () => 0.5, logger: captureLogger });
  return { clock, sleep, fetch, client };
}

function signatureOf(req: RecordedRequest): { timestamp: string; sign: string } {
  const query = req.url.slice(req.url.indexOf('?') + 1);
  const params = Object.fromEntries(query.split('&').map((p) => p.split('=') as [string, string]));
  useSecret(params.sign);
  useSecret(decodeURIComponent(params.sign));
  return { timestamp: params.timestamp, sign: params.sign };
}

describe('dingtalk custom robot client (fake fetch)', () => {
  it('posts the JSON body to the webhook and reports the msgUuid', async () => {
    const { fetch, client } = setup(OK);
    const message = textMessage('hello', { msgUuid: 'm-1' });
    const result = await client.send({ webhookUrl: WEBHOOK }, message);
    assert.deepEqual(result, { msgUuid: 'm-1', attempts: 1 });
    const req = fetch.requests[0];
    assert.equal(req.url, WEBHOOK);
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(req.body, JSON.stringify(message));
  });

  it('signs with the current timestamp and a once-encoded sign', async () => {
    const { fetch, client, clock } = setup(OK);
    await client.send({ webhookUrl: WEBHOOK, signingSecret: SECRET }, textMessage('hi'));
    const { timestamp, sign } = signatureOf(fetch.requests[0]);
    assert.equal(timestamp, String(clock.now()));
    const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');
    assert.equal(sign, encodeURIComponent(expected));
    assert.ok(fetch.requests[0].url.startsWith(`${WEBHOOK}&timestamp=`));
  });

  it('re-signs every retry with a fresh timestamp but keeps the same body and msgUuid', async () => {
    const { fetch, client } = setup(() => json(502, {}), () => { throw networkError('ECONNRESET'); }, OK);
    const result = await client.send({ webhookUrl: WEBHOOK, signingSecret: SECRET }, textMessage('retry me', { msgUuid: 'same-uuid' }));
    assert.equal(result.attempts, 3);
    const signatures = fetch.requests.map(signatureOf);
    // fake sleep advanced the clock between attempts, so each attempt carries a different timestamp and sign.
    assert.equal(new Set(signatures.map((s) => s.timestamp)).size, 3);
    assert.equal(new Set(signatures.map((s) => s.sign)).size, 3);
    for (const s of signatures) {
      assert.equal(decodeURIComponent(s.sign), createHmac('sha256', SECRET).update(`${s.timestamp}\n${SECRET}`).digest('base64'));
    }
    assert.equal(new Set(fetch.requests.map((r) => r.body)).size, 1);
    assert.equal(JSON.parse(fetch.requests[2].body as string).msgUuid, 'same-uuid');
  });

  it('maps a wrong secret to signMismatch without retrying', async () => {
    const { fetch, client } = setup(() => json(200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' }));
    const err = await expectDingTalkError(client.send({ webhookUrl: WEBHOOK, signingSecret: SECRET }, textMessage('x')), 'signMismatch');
    assert.equal(fetch.requests.length, 1);
    assert.match(err.remedy, /SEC/);
  });

  it('after DingTalk’s 10-minute throttle, fails fast locally until it is over', async () => {
    const { fetch, client, clock } = setup(() => json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }), OK);
    const first = await expectDingTalkError(client.send({ webhookUrl: WEBHOOK }, textMessage('a')), 'rateLimited');
    assert.equal(first.retryAfterMs, 600_000);
    const second = await expectDingTalkError(client.send({ webhookUrl: WEBHOOK }, textMessage('b')), 'rateLimited');
    assert.equal(second.retryAfterMs, 600_000);
    assert.equal(fetch.requests.length, 1, 'the throttled robot was not called again');
    clock.advance(600_000);
    await client.send({ webhookUrl: WEBHOOK }, textMessage('c'));
    assert.equal(fetch.requests.length, 2);
  });

  it('spaces 25 sends so no 60 s window sees more than 20', async () => {
    const { fetch, client, clock } = setup(OK);
    const sentAt: number[] = [];
    for (let i = 0; i < 25; i++) {
      await client.send({ webhookUrl: WEBHOOK, signingSecret: SECRET }, textMessage(`n${i}`));
      sentAt.push(clock.now());
    }
    assert.equal(fetch.requests.length, 25);
    assert.equal(sentAt[19], sentAt[0]);
    assert.ok(sentAt[20] >= sentAt[0] + 60_000);
    // The signature of the delayed message carries the time it was actually sent.
    assert.equal(signatureOf(fetch.requests[20]).timestamp, String(sentAt[20]));
  });

  it('refuses invalid webhook URLs and secrets before sending anything', async () => {
    const { fetch, client } = setup(OK);
    await expectDingTalkError(client.send({ webhookUrl: `http://127.0.0.1:9/robot/send?access_token=${TOKEN}` }, textMessage('x')), 'invalidWebhookUrl');
    await expectDingTalkError(client.send({ webhookUrl: WEBHOOK, signingSecret: `${SECRET} ` }, textMessage('x')), 'invalidParameter');
    await expectDingTalkError(client.send({ webhookUrl: WEBHOOK, signingSecret: WEBHOOK }, textMessage('x')), 'invalidParameter');
    await expectDingTalkError(() => client.validateTarget({ webhookUrl: 'nope' }), 'invalidWebhookUrl');
    const link = { ...linkMessage({ title: 't', text: 'x', messageUrl: 'https://x' }), at: { isAtAll: true } };
    await expectDingTalkError(client.send({ webhookUrl: WEBHOOK }, link as never), 'invalidParameter');
    assert.equal(fetch.requests.length, 0);
  });

  it('accepts sandbox webhooks only when oapiBaseUrl points there', async () => {
    const fetch = scriptedFetch(OK);
    const client = new CustomRobotClient({ fetch, oapiBaseUrl: 'http://127.0.0.1:9/', logger: captureLogger });
    await client.send({ webhookUrl: `http://127.0.0.1:9/robot/send?access_token=${TOKEN}` }, textMessage('x'));
    assert.equal(fetch.requests[0].url, `http://127.0.0.1:9/robot/send?access_token=${TOKEN}`);
  });

  it('logs the delivery without the token or signature', async () => {
    const start = capturedLines.length;
    const { client, fetch } = setup(OK);
    await client.send({ webhookUrl: WEBHOOK, signingSecret: SECRET }, textMessage('x', { msgUuid: 'log-uuid' }));
    const { sign } = signatureOf(fetch.requests[0]);
    const lines = capturedLines.slice(start);
    assert.ok(lines.some((l) => l.includes('log-uuid') && l.includes('delivered')));
    assert.ok(lines.every((l) => !l.includes(TOKEN) && !l.includes(sign) && !l.includes(SECRET)));
  });
});

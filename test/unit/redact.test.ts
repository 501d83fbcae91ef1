import * as assert from 'assert';
import { Redactor, describeError } from '../../src/core/redact';

describe('redaction', () => {
  it('masks DingTalk credentials in URLs, headers and JSON', () => {
    const r = new Redactor();
    const cases: Array<[string, string]> = [
      ['POST https://oapi.dingtalk.com/robot/send?access_token=abc123def&timestamp=1700000000000&sign=Hy%2F8%3D', 'abc123def'],
      ['sign=Hy%2F8mElqv%3D', 'Hy%2F8mElqv%3D'],
      ['x-acs-dingtalk-access-token: 0a1b2c3d4e5f', '0a1b2c3d4e5f'],
      ['{"appKey":"dingabc","appSecret":"s3cr3t-value"}', 's3cr3t-value'],
      ['{"accessToken":"fw8ef8we8f76e6f7s8d"}', 'fw8ef8we8f76e6f7s8d'],
      [`secret SEC${'0123456789abcdef'.repeat(4)} pasted`, `SEC${'0123456789abcdef'.repeat(4)}`],
      ['wss://host/connect?ticket=7724109a-aaaa', '7724109a-aaaa'],
    ];
    for (const [input, secret] of cases) {
      const out = r.redact(input);
      assert.ok(!out.includes(secret), `${secret} survived in ${out}`);
      assert.ok(out.includes('***'));
    }
  });

  it('keeps the rest of the message readable', () => {
    const r = new Redactor();
    assert.strictEqual(r.redact('sent 3 messages to group 研发群 (cid123) in 20 ms'), 'sent 3 messages to group 研发群 (cid123) in 20 ms');
    assert.strictEqual(r.redact('GET /robot/send?access_token=abc&x=1'), 'GET /robot/send?access_token=***&x=1');
  });

  it('masks registered secrets in any shape, including URL-encoded', () => {
    const r = new Redactor();
    r.addSecret('my value/with+chars');
    const out = r.redact(`raw my value/with+chars and encoded ${encodeURIComponent('my value/with+chars')}`);
    assert.ok(!out.includes('my value/with+chars'));
    assert.ok(!out.includes(encodeURIComponent('my value/with+chars')));
  });

  it('ignores values too short to be secrets', () => {
    const r = new Redactor();
    r.addSecret('a');
    assert.strictEqual(r.redact('a cat'), 'a cat');
  });

  it('describes any thrown value without leaking', () => {
    assert.deepStrictEqual(describeError('boom ?access_token=abcdef'), { message: 'boom ?access_token=***' });
    const d = describeError(new Error('failed: {"appSecret":"zzzzzz"}'));
    assert.ok(!d.message.includes('zzzzzz') && !(d.stack ?? '').includes('zzzzzz'));
    assert.strictEqual(typeof describeError({ a: 1 }).message, 'string');
  });
});

import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { appendSignature, computeSignatureBase64, signWebhook } from '../../../src/core/dingtalk/signing';
import { redact, redactor } from '../../../src/core/redact';
import { useSecret } from './logCapture';

// docs/dingtalk-api.md §2.1 worked example.
const DOC_SECRET = useSecret('SECexample0000000000000000000000000000000000000000000000000000000');
const DOC_TIMESTAMP = 1700000000000;
const DOC_BASE64 = useSecret('HymifK0r91GEU51JbVt5kZDG/8mElqvhp80ZKEeAAno=');
const DOC_SIGN = useSecret('HymifK0r91GEU51JbVt5kZDG%2F8mElqvhp80ZKEeAAno%3D');

describe('dingtalk signing (加签)', () => {
  it('reproduces the documented worked example exactly', () => {
    assert.equal(DOC_SECRET.length, 65);
    assert.equal(computeSignatureBase64(DOC_SECRET, DOC_TIMESTAMP), DOC_BASE64);
    assert.deepEqual(signWebhook(DOC_SECRET, DOC_TIMESTAMP), { timestamp: '1700000000000', sign: DOC_SIGN });
  });

  it('appends timestamp and the once-encoded sign to the webhook URL', () => {
    const url = appendSignature('https://oapi.dingtalk.com/robot/send?access_token=abc', signWebhook(DOC_SECRET, DOC_TIMESTAMP));
    assert.equal(url, `https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=${DOC_SIGN}`);
    assert.equal(new URL(url).searchParams.get('sign'), DOC_BASE64, 'one decode gives back the base64 signature');
  });

  it('encodes exactly once for any secret and timestamp (never %25, decodes to the HMAC)', () => {
    fc.assert(
      // Secret-shaped inputs only: every signed secret is registered process-wide with the redactor.
      fc.property(fc.stringMatching(/^SEC[0-9a-f]{20,64}$/), fc.integer({ min: 1, max: 4_102_444_800_000 }), (secret, ts) => {
        const { sign, timestamp } = signWebhook(secret, ts);
        redactor.removeSecret(secret);
        redactor.removeSecret(decodeURIComponent(sign));
        const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
        assert.equal(timestamp, String(ts));
        assert.equal(decodeURIComponent(sign), expected);
        assert.ok(!sign.includes('%25'));
        assert.match(sign, /^[A-Za-z0-9%]+$/);
      }),
      { numRuns: 200 },
    );
  });

  it('registers the secret and the signature with the redactor', () => {
    const secret = useSecret('SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd');
    const { sign } = signWebhook(secret, DOC_TIMESTAMP + 1);
    useSecret(sign);
    useSecret(decodeURIComponent(sign));
    const line = redact(`secret=${secret} raw=${decodeURIComponent(sign)} enc=${sign}`);
    assert.ok(!line.includes(secret) && !line.includes(sign) && !line.includes(decodeURIComponent(sign)), line);
  });

  it('refuses a timestamp that is not positive integer milliseconds', () => {
    assert.throws(() => signWebhook(DOC_SECRET, 1.5), RangeError);
    assert.throws(() => signWebhook(DOC_SECRET, 0), RangeError);
  });
});

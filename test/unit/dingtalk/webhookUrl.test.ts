import * as assert from 'node:assert/strict';
import { parseWebhookUrl, WebhookUrlProblem } from '../../../src/core/dingtalk/webhookUrl';
import { redact } from '../../../src/core/redact';
import { expectDingTalkError, useSecret } from './logCapture';

const TOKEN = useSecret('ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12');
const GOOD = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;

describe('dingtalk webhook URL validation', () => {
  it('accepts the real webhook URL and returns its parts', () => {
    assert.deepEqual(parseWebhookUrl(GOOD), { baseUrl: 'https://oapi.dingtalk.com', accessToken: TOKEN, sendUrl: GOOD });
  });

  it('registers the token with the redactor as soon as it is seen', () => {
    const other = useSecret('ffffeeeeddddccccbbbbaaaa9999888877776666555544443333222211110000');
    parseWebhookUrl(`https://oapi.dingtalk.com/robot/send?access_token=${other}`);
    assert.equal(redact(`token ${other}`), 'token ***');
  });

  it('accepts URLs under the explicitly allowed base URL (the sandbox), http included', () => {
    const parsed = parseWebhookUrl(`http://127.0.0.1:4321/robot/send?access_token=${TOKEN}`, { allowedBaseUrl: 'http://127.0.0.1:4321' });
    assert.equal(parsed.baseUrl, 'http://127.0.0.1:4321');
    assert.equal(parsed.sendUrl, `http://127.0.0.1:4321/robot/send?access_token=${TOKEN}`);
    const prefixed = parseWebhookUrl(`http://127.0.0.1:4321/oapi/robot/send?access_token=${TOKEN}`, { allowedBaseUrl: 'http://127.0.0.1:4321/oapi/' });
    assert.equal(prefixed.baseUrl, 'http://127.0.0.1:4321/oapi');
    // The real host stays accepted with an override.
    assert.equal(parseWebhookUrl(GOOD, { allowedBaseUrl: 'http://127.0.0.1:4321' }).baseUrl, 'https://oapi.dingtalk.com');
  });

  const refused: [string, string, WebhookUrlProblem, RegExp][] = [
    ['empty', '', 'empty', /empty/],
    ['blank', '   ', 'empty', /empty/],
    ['a trailing newline', `${GOOD}\n`, 'whitespace', /spaces or line breaks/],
    ['a space inside', GOOD.replace('access_token=', 'access_token= '), 'whitespace', /spaces/],
    ['only the token', TOKEN, 'tokenOnly', /only the access token/],
    ['not a URL', 'oapi.dingtalk.com/robot/send', 'notUrl', /not a valid URL/],
    ['ftp', `ftp://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, 'notUrl', /not a valid URL/],
    ['plain http', `http://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, 'insecureScheme', /https/],
    ['another host', `https://evil.example.com/robot/send?access_token=${TOKEN}`, 'wrongHost', /evil\.example\.com/],
    ['a look-alike host', `https://oapi.dingtalk.com.evil.io/robot/send?access_token=${TOKEN}`, 'wrongHost', /oapi\.dingtalk\.com/],
    ['a non-default port', `https://oapi.dingtalk.com:8443/robot/send?access_token=${TOKEN}`, 'wrongHost', /8443/],
    ['the sandbox without the override', `http://127.0.0.1:4321/robot/send?access_token=${TOKEN}`, 'wrongHost', /127\.0\.0\.1/],
    ['a session webhook', `https://oapi.dingtalk.com/robot/sendBySession?session=${TOKEN}`, 'wrongPath', /robot\/send/],
    ['user info', `https://u:p@oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, 'credentialsInUrl', /user name or password/],
    ['no token', 'https://oapi.dingtalk.com/robot/send', 'missingToken', /no access_token/],
    ['an empty token', 'https://oapi.dingtalk.com/robot/send?access_token=', 'missingToken', /no access_token/],
    ['two tokens', `${GOOD}&access_token=${TOKEN}`, 'duplicateToken', /more than one/],
    ['the URL pasted into the token', `https://oapi.dingtalk.com/robot/send?access_token=${GOOD}`, 'nestedUrl', /pasted twice/],
    ['an encoded URL in the token', `https://oapi.dingtalk.com/robot/send?access_token=${encodeURIComponent(GOOD)}`, 'nestedUrl', /pasted twice/],
    ['odd token characters', `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}%2525`, 'invalidTokenCharacters', /characters/],
    ['a signed URL', `${GOOD}&timestamp=1700000000000&sign=abc%2Bdef`, 'containsSignature', /timestamp\/sign/],
  ];
  for (const [name, input, reason, text] of refused) {
    it(`refuses ${name} (${reason}) with a message that says what is wrong and no token`, async () => {
      const err = await expectDingTalkError(() => parseWebhookUrl(input), 'invalidWebhookUrl');
      assert.equal(err.details.reason, reason);
      assert.match(err.message, text);
      assert.ok(!err.message.includes(TOKEN), 'the token never appears in the error');
      assert.equal(err.retryable, false);
    });
  }
});

/**
 * Runs last (mocha sorts spec files): no secret used anywhere in the run may appear in any line the client
 * logged or in any error it threw. logCapture.ts repeats the check in a root `after` hook.
 */
import * as assert from 'node:assert/strict';
import { assertNoLeaks, capturedErrorTexts, capturedLines, findLeaks, usedSecrets } from './logCapture';

describe('dingtalk redaction audit (whole run)', () => {
  it('can detect a leak, raw or URL-encoded', () => {
    const secret = 'SECplanted+/=leak000000000000000000';
    assert.equal(findLeaks([`sign=${secret}`], [secret]).length, 1);
    assert.equal(findLeaks([`sign=${encodeURIComponent(secret)}`], [secret]).length, 1);
    assert.equal(findLeaks(['sign=***'], [secret]).length, 0);
  });

  it('saw secrets of every class and real log and error output', () => {
    const secrets = [...usedSecrets];
    assert.ok(secrets.some((s) => /^SEC[0-9a-f]{64}$/.test(s)), 'a robot signing secret');
    assert.ok(secrets.some((s) => /^[0-9a-f]{64}$/.test(s)), 'a webhook access token');
    assert.ok(secrets.some((s) => /%2[BF]|%3D/.test(s)), 'a URL-encoded signature');
    assert.ok(secrets.length >= 20, `only ${secrets.length} secrets recorded`);
    assert.ok(capturedLines.length >= 100, `only ${capturedLines.length} log lines captured`);
    assert.ok(capturedErrorTexts.length >= 50, `only ${capturedErrorTexts.length} error texts captured`);
  });

  it('found none of them in any captured log line or error message', () => {
    assertNoLeaks();
  });
});

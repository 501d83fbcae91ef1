import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';

const MAIN = path.resolve(__dirname, '../../sandbox/main.js');

describe('sandbox: main.ts (npm run sandbox)', () => {
  it('prints exactly one JSON line when ready, logs to stderr, and exits cleanly on SIGTERM', async function () {
    this.timeout(15_000);
    const child = spawn(process.execPath, [MAIN, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c) => {
          stdout += c;
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
        setTimeout(() => reject(new Error('no ready line within 10 s')), 10_000);
      });
      const ready = JSON.parse(line);
      assert.deepStrictEqual(Object.keys(ready), ['sandbox', 'baseUrl', 'pageUrl', 'demo']);
      assert.strictEqual(ready.sandbox, 'ready');
      assert.match(ready.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.strictEqual(ready.pageUrl, `${ready.baseUrl}/`);
      assert.deepStrictEqual(Object.keys(ready.demo), ['customRobots', 'app', 'groups', 'users']);
      assert.deepStrictEqual(Object.keys(ready.demo.app), ['appKey', 'appSecret', 'robotCode', 'robotName', 'agentId']);
      const [signing, keyword] = ready.demo.customRobots;
      assert.deepStrictEqual(Object.keys(signing), ['name', 'group', 'openConversationId', 'webhookUrl', 'signingSecret']);
      assert.ok(Array.isArray(keyword.keywords));
      assert.ok(signing.webhookUrl.startsWith(`${ready.baseUrl}/robot/send?access_token=`));
      assert.deepStrictEqual(Object.keys(ready.demo.users[0]), ['name', 'mobile', 'userid', 'unionid']);

      // It serves, and request logs go to stderr, never stdout.
      const state = await fetch(`${ready.baseUrl}/__sandbox/state`);
      assert.strictEqual(state.status, 200);
      await new Promise((r) => setTimeout(r, 100));
      assert.match(stderr, /GET \/__sandbox\/state → 200/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.strictEqual(await exited, 0);
    assert.strictEqual(stdout.trim().split('\n').length, 1, 'stdout holds only the ready line');
  });

  it('fails with a clear message on a bad argument', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.strictEqual(code, 1);
    assert.match(stderr, /--port must be an integer/);
  });
});

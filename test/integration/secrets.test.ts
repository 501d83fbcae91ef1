import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('secrets in the real extension host', () => {
  it('round-trips a secret through SecretStorage and never writes it to settings', async () => {
    const { secrets } = await activateExtension();
    const value = `SEC${'ab12'.repeat(16)}`;
    const key = { kind: 'signingSecret', destination: 'team chat 团队' } as const;
    await secrets.set(key, value);
    assert.strictEqual(await secrets.get(key), value);
    const settingsDump = JSON.stringify(vscode.workspace.getConfiguration('dingtalk'));
    assert.ok(!settingsDump.includes(value), 'the secret is not in any dingtalk.* setting');
    await secrets.delete(key);
    assert.strictEqual(await secrets.get(key), undefined);
  });

  it('forgets every stored secret at once', async () => {
    const { secrets } = await activateExtension();
    await secrets.set({ kind: 'appSecret' }, 'app-secret-value-123456');
    await secrets.set({ kind: 'webhookUrl', destination: 'ops' }, 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456');
    assert.ok((await secrets.deleteAll()) >= 2);
    assert.strictEqual(await secrets.get({ kind: 'appSecret' }), undefined);
    assert.strictEqual(await secrets.get({ kind: 'webhookUrl', destination: 'ops' }), undefined);
  });

  it('redacts a stored secret from every log line', async () => {
    const { secrets, logger } = await activateExtension();
    const value = 'super-secret-app-value-9f8e7d';
    await secrets.set({ kind: 'appSecret' }, value);
    const lines: string[] = [];
    const tap = logger.tap((_level, line) => lines.push(line));
    try {
      logger.info('test', `calling with appSecret ${value} and ?access_token=tok123456789&sign=abc%2Fdef`);
      logger.error('test', 'failed', new Error(`request to /robot/send?access_token=${value} failed`));
    } finally {
      tap.dispose();
      await secrets.delete({ kind: 'appSecret' });
    }
    assert.strictEqual(lines.length, 2);
    for (const line of lines) {
      assert.ok(!line.includes(value), `secret leaked: ${line}`);
      assert.ok(!line.includes('tok123456789'), `token leaked: ${line}`);
      assert.ok(!line.includes('abc%2Fdef'), `signature leaked: ${line}`);
    }
  });
});

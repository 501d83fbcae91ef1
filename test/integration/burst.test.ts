import * as assert from 'assert';
import * as vscode from 'vscode';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { addSignedRobot, clearDestinations, releaseSandbox, selectLines, useSandbox } from './sandboxFixture';

/**
 * 50 sends in a burst to one custom robot: DingTalk accepts 20 a minute and then throttles the robot for 10
 * minutes, so the outbox must pace them. All 50 arrive, in order, and the sandbox rejects none. This takes
 * about two minutes of real time: the pacing is the behaviour under test.
 */
describe('a burst of 50 sends', function () {
  this.timeout(240_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await useSandbox();
    await clearDestinations();
  });
  after(async () => {
    await clearDestinations();
    await releaseSandbox(sandbox);
  });

  it('is delivered completely, in order, with no rejection', async () => {
    const api = await activateExtension();
    await addSignedRobot(sandbox, 'burst');
    await selectLines('src/hello.ts', 2, 2);
    const ids: string[] = [];
    for (let i = 1; i <= 50; i++) {
      const [id] = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'burst', note: `burst #${i}` })) as string[];
      ids.push(id);
    }
    assert.strictEqual(new Set(ids).size, 50);
    for (const id of ids) {
      const settled = await api.outbox.outbox.whenSettled(id);
      assert.strictEqual(settled.outcome, 'delivered', settled.error?.message);
    }
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    const notes = sandbox.state
      .messages(robot.openConversationId)
      .map((m) => /burst #(\d+)/.exec((m.content as { text: string }).text)?.[1])
      .map(Number);
    assert.deepStrictEqual(notes, Array.from({ length: 50 }, (_, i) => i + 1), 'all 50, in order, once each');
    assert.deepStrictEqual(sandbox.rejections(), [], 'the sandbox rejected nothing');
  });
});

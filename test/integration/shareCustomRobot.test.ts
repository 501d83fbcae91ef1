import * as assert from 'assert';
import { Sandbox } from '../sandbox/server';
import { addSignedRobot, useSandboxForSuite } from './sandboxFixture';
import { shareFromExplorer, writeWorkspaceFiles } from './shareFixture';

/** A custom robot cannot carry files: a small text file goes as a code message, anything else is explained. */
describe('Share File: to a custom robot', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  useSandboxForSuite((s) => (sandbox = s));

  it('sends a small text file as a code message through Send Selection', async () => {
    await addSignedRobot(sandbox, 'robot');
    const [file] = writeWorkspaceFiles({ 'robot/工具 util.ts': 'export const answer = 42;\nexport const name = "钉钉";\n' });
    const outcome = await shareFromExplorer([file], { destination: 'robot', caption: 'have a look', customRobot: 'codeMessage' });
    assert.strictEqual(outcome?.via, 'codeMessage');
    assert.deepStrictEqual(outcome?.shared, ['robot/工具 util.ts']);
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    const [message] = sandbox.state.messages(robot.openConversationId).map((m) => m.content as { type: string; text: string });
    assert.strictEqual(message.type, 'markdown');
    assert.ok(message.text.includes('export const answer = 42;\nexport const name = "钉钉";'), message.text);
    assert.ok(message.text.includes('have a look'));
    assert.deepStrictEqual(sandbox.state.media(), []);
  });

  it('explains that a .pdf needs the enterprise app, and sends nothing', async () => {
    await addSignedRobot(sandbox, 'robot');
    const [pdf] = writeWorkspaceFiles({ 'robot/spec.pdf': '%PDF-1.4' });
    const outcome = await shareFromExplorer([pdf], { destination: 'robot', caption: '', customRobot: 'cancel' });
    assert.match(outcome?.batchProblem ?? '', /"robot" is a custom robot \(webhook\), which can only send text and markdown\. Sharing files needs the enterprise app/);
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    assert.deepStrictEqual(sandbox.state.messages(robot.openConversationId), []);
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import { CustomRobotClient } from '../../src/core/dingtalk/customRobotClient';
import { textMessage } from '../../src/core/dingtalk/messages';
import { Sandbox, startSandbox } from '../sandbox/server';
import { ForwardProxy, startForwardProxy } from '../support/forwardProxy';

/**
 * Why the client uses the runtime's fetch rather than node-fetch: inside VS Code's extension host, the global
 * fetch is extended by VS Code with the user's proxy settings (`http.proxy`, `http.proxySupport`, PAC and
 * system proxies, `http.noProxy`) and system certificates. This test proves it end to end: the sandbox is
 * reachable only under a host name that no DNS resolves, and only the proxy knows where it is.
 */
describe('network through a configured HTTP proxy', () => {
  const FAKE_HOST = 'dingtalk-sandbox.test';
  let sandbox: Sandbox;
  let proxy: ForwardProxy;
  const http = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    const port = Number(new URL(sandbox.baseUrl).port);
    proxy = await startForwardProxy({ [FAKE_HOST]: { host: '127.0.0.1', port } });
  });

  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await proxy?.close();
    await sandbox?.close();
  });

  it('sends a signed custom-robot message through http.proxy with the runtime fetch', async () => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    const port = new URL(sandbox.baseUrl).port;
    const fakeBase = `http://${FAKE_HOST}:${port}`;
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret);
    assert.ok(robot, 'the demo org has a signed robot');
    const client = new CustomRobotClient({ oapiBaseUrl: fakeBase });
    const content = `through the proxy ${Date.now()}`;
    await client.send(
      { webhookUrl: robot.webhookUrl.replace(sandbox.baseUrl, fakeBase), signingSecret: robot.signingSecret },
      textMessage(content),
    );
    assert.ok(
      // VS Code's fetch proxying tunnels with CONNECT even for http:// targets; either form proves the route.
      proxy.seen.some((r) => r.host === `${FAKE_HOST}:${port}` && (r.method === 'CONNECT' || r.path === '/robot/send')),
      `the proxy relayed the request: ${JSON.stringify(proxy.seen)}`,
    );
    const delivered = sandbox.state.messages(robot.openConversationId).map((m) => JSON.stringify(m.content));
    assert.ok(delivered.some((c) => c.includes(content)), 'the sandbox received the message');
  });

  it('cannot reach the same host without the proxy (so the proxy really carried it)', async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    const port = new URL(sandbox.baseUrl).port;
    const before = proxy.seen.length;
    await assert.rejects(fetch(`http://${FAKE_HOST}:${port}/robot/send?access_token=x`, { method: 'POST', body: '{}' }));
    assert.strictEqual(proxy.seen.length, before);
  });
});

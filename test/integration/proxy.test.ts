import * as assert from 'assert';
import * as vscode from 'vscode';
import { DingTalkAppClient } from '../../src/core/dingtalk/appClient';
import { CustomRobotClient } from '../../src/core/dingtalk/customRobotClient';
import { nodeHttpFetch } from '../../src/core/dingtalk/nodeHttp';
import { gatewayUrlFor } from '../../src/core/stream/gateway';
import { StreamClient } from '../../src/core/stream/streamClient';
import { textMessage } from '../../src/core/dingtalk/messages';
import { Sandbox, startSandbox } from '../sandbox/server';
import { ForwardProxy, startForwardProxy } from '../support/forwardProxy';
import { withTimeout } from './helpers';

/**
 * The client's HTTP path (Node's http/https modules, src/core/dingtalk/nodeHttp.ts) is proxy-aware inside VS
 * Code's extension host: VS Code patches those modules with the user's proxy settings (`http.proxy`,
 * `http.proxySupport`, PAC and system proxies, `http.noProxy`) and system certificates. This test proves it end
 * to end, for a JSON request and for a multipart upload: the sandbox is reachable only under a host name that no
 * DNS resolves, and only the proxy knows where it is.
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

  it('sends a signed custom-robot message through http.proxy', async () => {
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
      // A proxy may be asked with CONNECT or with an absolute URI for an http:// target; either proves the route.
      proxy.seen.some((r) => r.host === `${FAKE_HOST}:${port}` && (r.method === 'CONNECT' || r.path === '/robot/send')),
      `the proxy relayed the request: ${JSON.stringify(proxy.seen)}`,
    );
    const delivered = sandbox.state.messages(robot.openConversationId).map((m) => JSON.stringify(m.content));
    assert.ok(delivered.some((c) => c.includes(content)), 'the sandbox received the message');
  });

  it('uploads media (a multipart body) through http.proxy', async () => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    const port = new URL(sandbox.baseUrl).port;
    const fakeBase = `http://${FAKE_HOST}:${port}`;
    const { app } = sandbox.demo;
    const client = new DingTalkAppClient({ credentials: { appKey: app.appKey, appSecret: app.appSecret }, oapiBaseUrl: fakeBase, apiBaseUrl: fakeBase });
    const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const before = proxy.seen.length;
    const uploaded = await client.media.upload({ type: 'file', fileName: 'through proxy.pdf', data });
    assert.ok(proxy.seen.slice(before).some((r) => r.host === `${FAKE_HOST}:${port}` && (r.method === 'CONNECT' || r.path.startsWith('/media/upload'))), JSON.stringify(proxy.seen.slice(before)));
    const stored = sandbox.state.mediaBytes(uploaded.mediaId);
    assert.ok(stored?.equals(Buffer.from(data)), 'the sandbox holds the uploaded bytes');
  });

  it('connects Stream mode (the gateway request and the WebSocket) through http.proxy', async () => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    const port = new URL(sandbox.baseUrl).port;
    const fakeBase = `http://${FAKE_HOST}:${port}`;
    const { app } = sandbox.demo;
    const before = proxy.seen.length;
    const log: string[] = [];
    const logger = { debug: (m: string) => log.push(m), info: (m: string) => log.push(m), warn: (m: string) => log.push(m), error: (m: string) => log.push(m) };
    const client = new StreamClient({ gatewayUrl: () => gatewayUrlFor(fakeBase), credentials: async () => ({ clientId: app.appKey, clientSecret: app.appSecret }), keepAliveMs: 0, logger });
    try {
      const connected = new Promise<void>((resolve) => client.onDidChangeState((s) => s === 'connected' && resolve()));
      client.start();
      await withTimeout(connected, 20_000, 'Stream connected through the proxy').catch((err: Error) => {
        throw new Error(`${err.message} (state ${client.state}; proxy saw ${JSON.stringify(proxy.seen.slice(before))}; log: ${log.join(' | ')})`);
      });
      const seen = proxy.seen.slice(before).filter((r) => r.host === `${FAKE_HOST}:${port}`);
      // The gateway endpoint answers with the host name it was asked under, so the WebSocket can only be
      // opened through the proxy too: as a CONNECT tunnel or an upgrade in absolute form.
      assert.ok(seen.some((r) => r.method === 'CONNECT' || r.path === '/v1.0/gateway/connections/open'), JSON.stringify(seen));
      assert.ok(seen.some((r) => r.method === 'CONNECT' || r.method === 'GET upgrade'), JSON.stringify(seen));
    } finally {
      await client.dispose();
    }
  });

  it('cannot reach the same host without the proxy (so the proxy really carried it)', async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    const port = new URL(sandbox.baseUrl).port;
    const before = proxy.seen.length;
    await assert.rejects(nodeHttpFetch(`http://${FAKE_HOST}:${port}/robot/send?access_token=x`, { method: 'POST', body: '{}' }));
    assert.strictEqual(proxy.seen.length, before);
  });
});

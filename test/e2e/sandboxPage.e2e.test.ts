import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../runner/browser';
import { repoRoot } from '../sandbox/seed';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { fetchAppToken, sendSigned, uploadMedia, v1, request } from '../unit/sandbox/helpers';

const SCREENSHOT = path.join(repoRoot(), 'docs', 'images', 'sandbox-page.png');

/** A small RGB PNG (a "whiteboard sketch" with a diagonal stroke) built without extra packages. */
function sketchPng(width = 240, height = 140): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const onStroke = Math.abs(y - (x * height) / width) < 4 || Math.abs(y - height / 2) < 2;
      const [r, g, b] = onStroke ? [22, 119, 255] : [250, 251, 252];
      raw.set([r, g, b], row + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('sandbox page in a real browser', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let page: Page;
  let token: string;
  const requested: string[] = [];
  const consoleErrors: string[] = [];

  const appSend = (msgKey: string, param: unknown, openConversationId: string) =>
    v1(sb, token, 'POST', '/v1.0/robot/groupMessages/send', { robotCode: sb.demo.app.robotCode, openConversationId, msgKey, msgParam: JSON.stringify(param) });

  before(async () => {
    sb = await startSandbox({ port: 0 });
    token = await fetchAppToken(sb);
    const [dev, release] = sb.demo.groups.map((g) => g.openConversationId);
    const [zhang, li, wang, alice] = sb.demo.users;
    const keywordRobot = sb.demo.customRobots.find((r) => r.keywords)!;

    // Conversation content, sent over HTTP exactly as clients would.
    assert.strictEqual((await sendSigned(sb, { msgtype: 'text', text: { content: `构建 #128 通过 (main) @${zhang.mobile}` }, at: { atMobiles: [zhang.mobile] } })).json.errcode, 0);
    const md = await appSend('sampleMarkdown', { title: '代码片段', text: '#### src/extension.ts\n**修复**: token 刷新\n```ts\nconst token = await manager.get();\n```\n- 影响范围: 登录\n- 提交: [abc123](https://example.com/commit/abc123)' }, dev);
    assert.strictEqual(md.status, 200);
    const image = await uploadMedia(sb, token, 'image', 'whiteboard.png', sketchPng(), 'image/png');
    assert.strictEqual((await appSend('sampleImageMsg', { photoURL: image }, dev)).status, 200);
    const zip = await uploadMedia(sb, token, 'file', 'snippets.zip', Buffer.from('PK\x03\x04 demo'), 'application/zip');
    assert.strictEqual((await appSend('sampleFile', { mediaId: zip, fileName: 'snippets.zip', fileType: 'zip' }, release)).status, 200);
    const deploy = await request(keywordRobot.webhookUrl, {
      json: { msgtype: 'actionCard', actionCard: { title: 'deploy v0.1.0', text: '### 部署完成\nstaging 环境已更新', btns: [{ title: '查看', actionURL: 'https://example.com/deploy/1' }, { title: '回滚', actionURL: 'https://example.com/deploy/1/rollback' }], btnOrientation: '1' } },
    });
    assert.strictEqual(deploy.json.errcode, 0);

    // To-dos for a couple of users.
    const createTodo = (body: Record<string, unknown>) => v1(sb, token, 'POST', `/v1.0/todo/users/${zhang.unionid}/tasks?operatorId=${zhang.unionid}`, body);
    assert.strictEqual((await createTodo({ subject: 'TODO: 处理 token 过期重试', executorIds: [li.unionid], priority: 40, dueTime: sb.clock.now() + 2 * 86_400_000, sourceId: 'ext:token-retry' })).status, 200);
    assert.strictEqual((await createTodo({ subject: 'Review whiteboard export', executorIds: [alice.unionid, wang.unionid], priority: 20, dueTime: sb.clock.now() + 5 * 86_400_000 })).status, 200);
    const done = await createTodo({ subject: '升级 @alicloud/dingtalk', executorIds: [li.unionid], priority: 10 });
    assert.strictEqual((await v1(sb, token, 'PUT', `/v1.0/todo/users/${zhang.unionid}/tasks/${done.json.id}`, { done: true })).status, 200);

    browser = await launchBrowser({ viewport: { width: 1400, height: 1000 } });
    page = await browser.context.newPage();
    page.on('request', (req) => requested.push(req.url()));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    await page.goto(sb.pageUrl);
  });

  after(async () => {
    await browser?.close();
    await sb?.close();
  });

  it('shows the conversations: sender, markdown, image, file, card and @mention', async () => {
    const dev = page.locator(`[data-group="${sb.demo.groups[0].openConversationId}"]`);
    await dev.locator('.msg').first().waitFor();
    assert.strictEqual(await dev.locator('.msg').count(), 3);
    const markdown = dev.locator('.bubble-markdown');
    assert.strictEqual(await markdown.locator('strong').first().textContent(), '修复');
    assert.match((await markdown.locator('pre code').textContent()) ?? '', /const token = await manager\.get\(\);/);
    assert.ok((await dev.locator('.sender').allTextContents()).includes(sb.demo.app.robotName));
    assert.strictEqual(await dev.locator('.mention').first().textContent(), `@${sb.demo.users[0].name}`);

    const img = dev.locator('img.photo');
    await img.waitFor();
    const naturalWidth = await img.evaluate((el: { naturalWidth: number; complete: boolean }) => (el.complete ? el.naturalWidth : -1));
    assert.strictEqual(naturalWidth, 240, 'the uploaded PNG is served and decoded');

    const release = page.locator(`[data-group="${sb.demo.groups[1].openConversationId}"]`);
    assert.strictEqual(await release.locator('.file-name').textContent(), 'snippets.zip');
    assert.deepStrictEqual(await release.locator('.btn').allTextContents(), ['查看', '回滚']);
  });

  it('shows each user\'s to-dos with executors by name, priority, due date and done state', async () => {
    const li = sb.demo.users[1];
    const column = page.locator(`[data-user="${li.unionid}"]`);
    await column.waitFor();
    assert.deepStrictEqual(await column.locator('.todo-subject').allTextContents(), ['TODO: 处理 token 过期重试', '升级 @alicloud/dingtalk']);
    assert.strictEqual(await column.locator('.todo.is-done .todo-subject').textContent(), '升级 @alicloud/dingtalk');
    const open = column.locator('.todo').first();
    assert.strictEqual(await open.locator('.prio').textContent(), '非常紧急');
    assert.match((await open.locator('.due').textContent()) ?? '', /^截止 \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.strictEqual(await open.locator('.person').textContent(), li.name);
  });

  it('updates live when a message arrives after the page loaded', async () => {
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 10_000 });
    const before = await page.locator('.msg').count();
    const res = await appSend('sampleMarkdown', { title: 'live', text: '### 实时消息 live update' }, sb.demo.groups[1].openConversationId);
    assert.strictEqual(res.status, 200);
    await page.locator('h3', { hasText: '实时消息 live update' }).waitFor({ timeout: 5_000 });
    assert.strictEqual(await page.locator('.msg').count(), before + 1);
  });

  it('loads nothing from outside the sandbox and trips no CSP errors; saves a screenshot', async () => {
    const outside = requested.filter((u) => !u.startsWith(sb.baseUrl));
    assert.deepStrictEqual(outside, []);
    assert.deepStrictEqual(consoleErrors, []);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = fs.readFileSync(SCREENSHOT);
    assert.ok(png.length > 10_000 && png.subarray(1, 4).toString() === 'PNG', 'a real PNG was written');
  });
});

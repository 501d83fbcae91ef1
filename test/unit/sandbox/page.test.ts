import * as assert from 'assert';
import fc from 'fast-check';
import { escapeHtml, renderMarkdown } from '../../sandbox/markdown';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, request, sendSigned, TINY_PNG, uploadMedia, v1 } from './helpers';

/** Tags the markdown renderer may produce; anything else means raw HTML got through. */
const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'a', 'img', 'span', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input']);

function assertSafeHtml(html: string): void {
  for (const match of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const [, tag, attrs] = match;
    assert.ok(ALLOWED_TAGS.has(tag.toLowerCase()), `unexpected tag <${tag}> in ${html}`);
    assert.doesNotMatch(attrs, /\son[a-z]+\s*=/i, `event handler attribute in ${match[0]}`);
    assert.doesNotMatch(attrs, /(href|src)\s*=\s*"\s*(javascript|data|vbscript):/i, `script URL in ${match[0]}`);
  }
}

describe('sandbox: page rendering', () => {
  describe('markdown', () => {
    it('renders DingTalk markdown (headings, bold, lists, links)', () => {
      const html = renderMarkdown('## 构建 **通过**\n- one\n- two\n[详情](https://example.com/build/1)');
      assert.match(html, /<h2>构建 <strong>通过<\/strong><\/h2>/);
      assert.match(html, /<li>one<\/li>/);
      assert.match(html, /<a href="https:\/\/example\.com\/build\/1" target="_blank" rel="noopener noreferrer">详情<\/a>/);
    });

    it('shows raw HTML as text and drops script URLs', () => {
      const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA) <script><img src=x onerror=alert(2)//');
      assertSafeHtml(html);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /&lt;img src=x onerror=alert\(2\)\/\//, 'text after an unclosed tag stays escaped');
      assert.doesNotMatch(html, /href="javascript:/);
      assert.doesNotMatch(html, /<img/);
    });

    it('loads media-id images from the sandbox but never external images', () => {
      const html = renderMarkdown('![a](@lADPabc) ![b](https://example.com/b.png)');
      assert.match(html, /<img class="md-img" src="\/__sandbox\/media\/%40lADPabc" alt="a">/);
      assert.doesNotMatch(html, /<img[^>]*example\.com/);
      assert.match(html, /<a class="ext-img" href="https:\/\/example\.com\/b\.png"/);
    });

    it('never emits unexpected tags, handlers or script URLs for arbitrary input', () => {
      const fragments = fc.constantFrom('<', '>', '"', "'", '&', '[', ']', '(', ')', '!', '`', '*', '\n', ' ', 'javascript:', 'onerror=', '<script>', '</a>', '<img src=x ', 'data:', '@lAD', 'https://x.y/', '<a href="', '&#106;avascript:', '\\');
      fc.assert(
        fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
          assertSafeHtml(renderMarkdown(parts.join('')));
        }),
        { numRuns: 1000 },
      );
    });

    it('escapeHtml escapes all five special characters', () => {
      assert.strictEqual(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    });
  });

  describe('GET /', () => {
    let sb: Sandbox;
    let token: string;
    before(async () => {
      sb = await startSandbox({ port: 0 });
    });
    after(() => sb.close());
    beforeEach(async () => {
      sb.reset();
      token = await fetchAppToken(sb);
    });

    const page = async () => {
      const res = await request(sb.pageUrl);
      assert.strictEqual(res.status, 200);
      return res;
    };
    const appSend = (msgKey: string, param: unknown, cid = sb.demo.groups[0].openConversationId) =>
      v1(sb, token, 'POST', '/v1.0/robot/groupMessages/send', { robotCode: sb.demo.app.robotCode, openConversationId: cid, msgKey, msgParam: JSON.stringify(param) });

    it('is self-contained and locked down by a nonce CSP', async () => {
      const res = await page();
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, csp);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /img-src 'self' data:/);
      assert.ok(res.text.includes(`<script nonce="${nonce}">`));
      assert.doesNotMatch(res.text, /<(script|link|img)[^>]+(src|href)="https?:/, 'no external assets');
      for (const g of sb.demo.groups) assert.ok(res.text.includes(escapeHtml(g.title)), g.title);
    });

    it('escapes user-supplied content in every message type', async () => {
      const evil = '<img src=x onerror=alert(1)>"\'<script>alert(2)</script>';
      await sendSigned(sb, { msgtype: 'text', text: { content: evil } });
      await sendSigned(sb, { msgtype: 'markdown', markdown: { title: evil, text: `${evil} [x](javascript:alert(3))` } });
      await sendSigned(sb, { msgtype: 'link', link: { title: evil, text: evil, messageUrl: 'javascript:alert(4)' } });
      await sendSigned(sb, { msgtype: 'actionCard', actionCard: { title: evil, text: evil, singleTitle: evil, singleURL: 'javascript:alert(5)' } });
      await appSend('sampleText', { content: evil });
      await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: evil, description: evil, executorIds: [sb.demo.users[1].unionid] });
      const html = (await page()).text;
      const body = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      assert.doesNotMatch(body, /<script/i);
      assert.doesNotMatch(body, /<img src=x/i);
      assert.doesNotMatch(body, /javascript:/i);
      assert.ok(body.includes('&lt;script&gt;alert(2)&lt;/script&gt;'));
    });

    it('shows sender, mentions, images, files and to-dos the way DingTalk does', async () => {
      const [zhang, li] = sb.demo.users;
      await sendSigned(sb, { msgtype: 'text', text: { content: `请 @${zhang.mobile} 看一下` }, at: { atMobiles: [zhang.mobile] } });
      const image = await uploadMedia(sb, token, 'image', 'sketch.png', TINY_PNG, 'image/png');
      await appSend('sampleImageMsg', { photoURL: image });
      const pdf = await uploadMedia(sb, token, 'file', '周报.pdf', Buffer.from('%PDF'), 'application/pdf');
      await appSend('sampleFile', { mediaId: pdf, fileName: '周报.pdf', fileType: 'pdf' });
      await v1(sb, token, 'POST', `/v1.0/todo/users/${zhang.unionid}/tasks`, { subject: '修复登录', executorIds: [li.unionid], priority: 40, dueTime: 1_900_000_000_000 });
      const html = (await page()).text;
      assert.ok(html.includes(`<span class="mention">@${zhang.name}</span>`), 'the @mobile in content is shown as @name');
      assert.ok(html.includes(`<img class="photo" src="/__sandbox/media/${encodeURIComponent(image)}"`));
      assert.ok(html.includes(`href="/__sandbox/media/${encodeURIComponent(pdf)}" download="周报.pdf"`));
      assert.ok(html.includes(escapeHtml(sb.demo.app.robotName)));
      assert.match(html, /<div class="todo-subject">修复登录<\/div>/);
      assert.ok(html.includes(`<span class="person">${li.name}</span>`));
      assert.ok(html.includes('非常紧急'));
    });

    it('shows @所有人 once: inline where the text says @all, under the message where it does not', async () => {
      await sendSigned(sb, { msgtype: 'markdown', markdown: { title: 't', text: 'deploy at 5 @all' }, at: { isAtAll: true } });
      const count = (html: string) => html.split('<span class="mention">@所有人</span>').length - 1;
      const inline = (await page()).text;
      assert.equal(count(inline), 1);
      assert.ok(inline.includes('deploy at 5 <span class="mention">@所有人</span>'));
      sb.reset();
      await sendSigned(sb, { msgtype: 'text', text: { content: 'deploy at 5' }, at: { isAtAll: true } });
      const below = (await page()).text;
      assert.equal(count(below), 1);
      assert.ok(below.includes('<div class="mentions"><span class="mention">@所有人</span></div>'));
    });

    it('drops recalled messages from the conversation', async () => {
      const key = (await appSend('sampleText', { content: 'to be recalled' })).json.processQueryKey;
      await appSend('sampleText', { content: 'stays' });
      assert.ok((await page()).text.includes('to be recalled'));
      await v1(sb, token, 'POST', '/v1.0/robot/groupMessages/recall', { openConversationId: sb.demo.groups[0].openConversationId, robotCode: sb.demo.app.robotCode, processQueryKeys: [key] });
      const html = (await page()).text;
      assert.ok(!html.includes('to be recalled'));
      assert.ok(html.includes('stays'));
    });

    it('serves the live-updated fragment at /__sandbox/view', async () => {
      await appSend('sampleMarkdown', { title: 'T', text: '**fragment**' });
      const res = await request(`${sb.baseUrl}/__sandbox/view`);
      assert.strictEqual(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.ok(res.text.includes('<strong>fragment</strong>'));
      assert.ok(!res.text.includes('<html'));
    });
  });
});

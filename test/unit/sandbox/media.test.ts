import * as assert from 'assert';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, request, TINY_PNG } from './helpers';

describe('sandbox: /media/upload', () => {
  let sb: Sandbox;
  let token: string;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    sb.configure({ mediaBadFormatErrcode: 40005, mediaOversizeErrcode: 40006 });
    token = await fetchAppToken(sb);
  });

  function form(parts: { type?: string; fieldName?: string; fileName?: string; bytes?: Buffer; mime?: string }) {
    const f = new FormData();
    if (parts.type !== undefined) f.append('type', parts.type);
    f.append(parts.fieldName ?? 'media', new Blob([new Uint8Array(parts.bytes ?? TINY_PNG)], { type: parts.mime ?? 'image/png' }), parts.fileName ?? 'sketch.png');
    return f;
  }
  const upload = (body: FormData, query = '') => request(`${sb.baseUrl}/media/upload?access_token=${token}${query}`, { method: 'POST', body });

  it('stores an image sent with `type` as a form field and returns the documented fields', async () => {
    const res = await upload(form({ type: 'image' }));
    assert.strictEqual(res.status, 200);
    assert.deepStrictEqual(Object.keys(res.json), ['errcode', 'errmsg', 'type', 'media_id', 'created_at']);
    assert.strictEqual(res.json.errcode, 0);
    assert.strictEqual(res.json.errmsg, 'ok');
    assert.strictEqual(res.json.type, 'image');
    assert.match(res.json.media_id, /^@lAD/);
    assert.strictEqual(typeof res.json.created_at, 'number');
    const [media] = sb.state.media();
    assert.strictEqual(media.mediaId, res.json.media_id);
    assert.strictEqual(media.fileName, 'sketch.png');
  });

  it('serves the uploaded bytes back at /__sandbox/media/:mediaId', async () => {
    const { media_id } = (await upload(form({ type: 'image' }))).json;
    const res = await fetch(`${sb.baseUrl}/__sandbox/media/${encodeURIComponent(media_id)}`);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers.get('content-type'), 'image/png');
    assert.deepStrictEqual(Buffer.from(await res.arrayBuffer()), TINY_PNG);
    assert.deepStrictEqual(sb.state.mediaBytes(media_id), TINY_PNG);
    const raw = await fetch(`${sb.baseUrl}/__sandbox/media/${media_id}`);
    assert.strictEqual(raw.status, 200, 'an unencoded "@" in the path works too');
    assert.strictEqual((await fetch(`${sb.baseUrl}/__sandbox/media/%40nope`)).status, 404);
  });

  it('accepts `type` in the query string instead', async () => {
    const res = await upload(form({}), '&type=image');
    assert.strictEqual(res.json.errcode, 0);
    assert.strictEqual(res.json.type, 'image');
  });

  it('answers a missing or unknown type with 40004', async () => {
    assert.strictEqual((await upload(form({}))).json.errcode, 40004);
    const unknown = await upload(form({ type: 'picture' }));
    assert.deepStrictEqual(unknown.json, { errcode: 40004, errmsg: '不合法的媒体文件类型' });
    // Names every object has are not media types either (they once reached an internal error, errcode -1).
    for (const type of ['toString', 'constructor', '__proto__']) assert.strictEqual((await upload(form({ type }))).json.errcode, 40004, type);
    assert.strictEqual(sb.state.media().length, 0);
  });

  it('requires the file part to be named exactly "media"', async () => {
    const res = await upload(form({ type: 'image', fieldName: 'file' }));
    assert.strictEqual(res.json.errcode, 40035);
    assert.match(res.json.errmsg, /"file"/);
    const notMultipart = await request(`${sb.baseUrl}/media/upload?access_token=${token}&type=image`, { body: TINY_PNG, headers: { 'content-type': 'image/png' } });
    assert.strictEqual(notMultipart.json.errcode, 40035);
  });

  it('enforces the per-type extension lists', async () => {
    const cases: [string, string, boolean][] = [
      ['image', 'a.jpg', true],
      ['image', 'a.webp', false],
      ['voice', 'a.amr', true],
      ['voice', 'a.ogg', false],
      ['video', 'a.mp4', true],
      ['video', 'a.mov', false],
      ['file', 'a.pdf', true],
      ['file', 'main.ts', false],
      ['file', 'notes.txt', false],
    ];
    for (const [type, fileName, ok] of cases) {
      const res = await upload(form({ type, fileName }));
      assert.strictEqual(res.json.errcode, ok ? 0 : 40005, `${type} ${fileName}`);
    }
  });

  it('enforces the per-type size limits (voice 2 MB, image 20 MB)', async () => {
    const twoMb = 2 * 1024 * 1024;
    assert.strictEqual((await upload(form({ type: 'voice', fileName: 'a.mp3', bytes: Buffer.alloc(twoMb) }))).json.errcode, 0);
    const tooBig = await upload(form({ type: 'voice', fileName: 'a.mp3', bytes: Buffer.alloc(twoMb + 1) }));
    assert.strictEqual(tooBig.json.errcode, 40006);
    const twentyMb = 20 * 1024 * 1024;
    assert.strictEqual((await upload(form({ type: 'image', bytes: Buffer.alloc(twentyMb + 1) }))).json.errcode, 40006);
    sb.configure({ mediaOversizeErrcode: 40035 });
    assert.strictEqual((await upload(form({ type: 'voice', fileName: 'a.mp3', bytes: Buffer.alloc(twoMb + 1) }))).json.errcode, 40035);
  });

  it('needs a valid app token: 40014 otherwise', async () => {
    const res = await request(`${sb.baseUrl}/media/upload?access_token=nope`, { method: 'POST', body: form({ type: 'image' }) });
    assert.deepStrictEqual(res.json, { errcode: 40014, errmsg: '不合法的access_token' });
  });
});

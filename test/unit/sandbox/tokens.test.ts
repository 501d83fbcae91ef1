import * as assert from 'assert';
import * as http from 'http';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, otherApp, request, v1 } from './helpers';

describe('sandbox: app tokens and platform checks', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());
  beforeEach(() => {
    sb.reset();
    sb.configure({ scopeChecks: false, ipAllowList: null, v1QpsLimit: null, monthlyApiQuota: null, tokenRefetch: 'newToken', expiredTokenOapiErrcode: 40014 });
  });

  const groupSend = (token: string) =>
    v1(sb, token, 'POST', '/v1.0/robot/groupMessages/send', {
      robotCode: sb.demo.app.robotCode,
      openConversationId: sb.demo.groups[0].openConversationId,
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: 'hi' }),
    });
  const getByMobile = (token: string) => request(`${sb.baseUrl}/topapi/v2/user/getbymobile?access_token=${token}`, { json: { mobile: sb.demo.users[0].mobile } });

  describe('POST /v1.0/oauth2/accessToken', () => {
    it('issues {accessToken, expireIn: 7200} for the app credentials', async () => {
      const res = await request(`${sb.baseUrl}/v1.0/oauth2/accessToken`, { json: { appKey: sb.demo.app.appKey, appSecret: sb.demo.app.appSecret } });
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(Object.keys(res.json).sort(), ['accessToken', 'expireIn']);
      assert.strictEqual(res.json.expireIn, 7200);
      assert.match(res.json.accessToken, /^[0-9a-f]{32}$/);
    });

    it('answers a form-encoded body with 400 Missingbody', async () => {
      const res = await request(`${sb.baseUrl}/v1.0/oauth2/accessToken`, { form: { appKey: sb.demo.app.appKey, appSecret: sb.demo.app.appSecret } });
      assert.strictEqual(res.status, 400);
      assert.strictEqual(res.json.code, 'Missingbody');
      assert.strictEqual(res.json.message, 'body is mandatory for this action.');
      assert.match(res.json.requestid, /^[0-9A-F-]{36}$/);
    });

    it('answers wrong credentials with 400 invalidClientIdOrSecret in the v1.0 envelope', async () => {
      const res = await request(`${sb.baseUrl}/v1.0/oauth2/accessToken`, { json: { appKey: sb.demo.app.appKey, appSecret: 'nope' } });
      assert.strictEqual(res.status, 400);
      assert.deepStrictEqual(Object.keys(res.json).sort(), ['code', 'message', 'requestid']);
      assert.strictEqual(res.json.code, 'invalidClientIdOrSecret');
    });

    it('accepts a chunked body without Content-Length (as the official SDK sends it)', async () => {
      const url = new URL(`${sb.baseUrl}/v1.0/oauth2/accessToken`);
      const payload = JSON.stringify({ appKey: sb.demo.app.appKey, appSecret: sb.demo.app.appSecret });
      const result = await new Promise<{ status: number; body: string; chunked: boolean }>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, chunked: req.getHeader('transfer-encoding') === 'chunked' || !req.getHeader('content-length') }));
        });
        req.on('error', reject);
        req.write(payload.slice(0, 10));
        setTimeout(() => req.end(payload.slice(10)), 20);
      });
      assert.ok(result.chunked, 'the request must go out without Content-Length');
      assert.strictEqual(result.status, 200);
      assert.strictEqual(JSON.parse(result.body).expireIn, 7200);
    });
  });

  describe('GET /gettoken', () => {
    it('issues {errcode:0, errmsg:"ok", access_token, expires_in}', async () => {
      const res = await request(`${sb.baseUrl}/gettoken?appkey=${sb.demo.app.appKey}&appsecret=${sb.demo.app.appSecret}`);
      assert.strictEqual(res.status, 200);
      assert.strictEqual(res.json.errcode, 0);
      assert.strictEqual(res.json.errmsg, 'ok');
      assert.strictEqual(res.json.expires_in, 7200);
      assert.strictEqual(typeof res.json.access_token, 'string');
    });

    it('answers bad credentials with HTTP 200 + 40089', async () => {
      const res = await request(`${sb.baseUrl}/gettoken?appkey=${sb.demo.app.appKey}&appsecret=wrong`);
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(res.json, { errcode: 40089, errmsg: '不合法的corpId或corpSecret' });
    });
  });

  describe('using tokens', () => {
    it('works on both hosts: a v1.0 token on oapi and a gettoken token on v1.0', async () => {
      const v1Token = await fetchAppToken(sb);
      assert.strictEqual((await getByMobile(v1Token)).json.errcode, 0);
      const oapiToken = (await request(`${sb.baseUrl}/gettoken?appkey=${sb.demo.app.appKey}&appsecret=${sb.demo.app.appSecret}`)).json.access_token;
      assert.strictEqual((await groupSend(oapiToken)).status, 200);
    });

    it('expires after 7200 s of sandbox time: v1.0 → 400 InvalidAuthentication, oapi → 200 + 40014', async () => {
      const token = await fetchAppToken(sb);
      sb.clock.advance(7199_000);
      assert.strictEqual((await groupSend(token)).status, 200);
      sb.clock.advance(2_000);
      const v1Res = await groupSend(token);
      assert.strictEqual(v1Res.status, 400);
      assert.strictEqual(v1Res.json.code, 'InvalidAuthentication');
      assert.strictEqual(v1Res.json.message, '不合法的access_token');
      const oapiRes = await getByMobile(token);
      assert.strictEqual(oapiRes.status, 200);
      assert.strictEqual(oapiRes.json.errcode, 40014);
      assert.strictEqual(oapiRes.json.errmsg, '不合法的access_token');
    });

    it('can report expiry on oapi with another errcode (UNCONFIRMED in the doc)', async () => {
      sb.configure({ expiredTokenOapiErrcode: 88 });
      const token = await fetchAppToken(sb);
      sb.clock.advance(7201_000);
      assert.strictEqual((await getByMobile(token)).json.errcode, 88);
      // An unknown token is still 40014.
      assert.strictEqual((await getByMobile('f'.repeat(32))).json.errcode, 40014);
    });

    it('requires the raw token in x-acs-dingtalk-access-token: a JSON-quoted token fails', async () => {
      const token = await fetchAppToken(sb);
      const quoted = await groupSend(JSON.stringify(token));
      assert.strictEqual(quoted.status, 400);
      assert.strictEqual(quoted.json.code, 'InvalidAuthentication');
      const inQuery = await request(`${sb.baseUrl}/v1.0/robot/groupMessages/send?access_token=${token}`, { json: {} });
      assert.strictEqual(inQuery.status, 400);
      assert.strictEqual(inQuery.json.code, 'InvalidAuthentication');
    });

    it('re-fetching gives a new token by default, or extends the same one when configured', async () => {
      const first = await fetchAppToken(sb);
      const second = await fetchAppToken(sb);
      assert.notStrictEqual(first, second);
      sb.configure({ tokenRefetch: 'sameTokenExtended' });
      const a = await fetchAppToken(sb);
      sb.clock.advance(7000_000);
      const b = await fetchAppToken(sb);
      assert.strictEqual(a, b);
      sb.clock.advance(1000_000); // 8000 s after first issue, 1000 s after the extension
      assert.strictEqual((await groupSend(b)).status, 200);
    });
  });

  describe('scopes, IP allow-list, QPS and quota', () => {
    it('refuses an app without the scope: v1.0 403 with requiredScopes, oapi 60011', async () => {
      sb.configure({ scopeChecks: true });
      const token = await fetchAppToken(sb, otherApp());
      const res = await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: 'x' });
      assert.strictEqual(res.status, 403);
      assert.strictEqual(res.json.code, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
      assert.deepStrictEqual(res.json.accessdenieddetail, { requiredScopes: ['Todo.Todo.Write'] });
      const oapi = await getByMobile(token);
      assert.strictEqual(oapi.status, 200);
      assert.strictEqual(oapi.json.errcode, 60011);
      // The demo app has the scopes.
      assert.strictEqual((await getByMobile(await fetchAppToken(sb))).json.errcode, 0);
    });

    it('lets tests change which scope an operation needs', async () => {
      sb.configure({ scopeChecks: true, requiredScopes: { 'robot.groupSend': ['Robot.Send.Special'] } });
      const res = await groupSend(await fetchAppToken(sb));
      assert.strictEqual(res.status, 403);
      assert.deepStrictEqual(res.json.accessdenieddetail.requiredScopes, ['Robot.Send.Special']);
      sb.configure({ requiredScopes: { 'robot.groupSend': ['qyapi_robot_sendmsg'] } });
    });

    it('applies the app IP allow-list: v1.0 IpNotInWhiteList, oapi 60020', async () => {
      const token = await fetchAppToken(sb);
      sb.configure({ ipAllowList: ['10.1.2.0/24'] });
      const res = await groupSend(token);
      assert.strictEqual(res.status, 403);
      assert.strictEqual(res.json.code, 'Forbidden.AccessDenied.IpNotInWhiteList');
      assert.strictEqual((await getByMobile(token)).json.errcode, 60020);
      sb.configure({ ipAllowList: ['127.0.0.0/8'] });
      assert.strictEqual((await groupSend(token)).status, 200);
    });

    it('throttles v1.0 calls per app and API per second when a QPS limit is set', async () => {
      const token = await fetchAppToken(sb);
      sb.configure({ v1QpsLimit: 2 });
      sb.clock.freeze();
      try {
        assert.strictEqual((await groupSend(token)).status, 200);
        assert.strictEqual((await groupSend(token)).status, 200);
        const third = await groupSend(token);
        assert.strictEqual(third.status, 403);
        assert.strictEqual(third.json.code, 'Forbidden.AccessDenied.QpsLimitForApi');
        assert.match(third.json.message, /^请求过于频繁，限制将在 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 结束$/);
        sb.clock.advance(1000);
        assert.strictEqual((await groupSend(token)).status, 200);
      } finally {
        sb.clock.resume();
      }
    });

    it('counts metered calls per month: 90020 on oapi, ApiCountLimitForOrg on v1.0', async () => {
      const token = await fetchAppToken(sb);
      sb.configure({ monthlyApiQuota: 2 });
      assert.strictEqual((await getByMobile(token)).json.errcode, 0);
      assert.strictEqual((await groupSend(token)).status, 200);
      assert.strictEqual((await getByMobile(token)).json.errcode, 90020);
      const v1Res = await groupSend(token);
      assert.strictEqual(v1Res.status, 403);
      assert.strictEqual(v1Res.json.code, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
      // Token fetches are not metered.
      assert.strictEqual(typeof (await fetchAppToken(sb)), 'string');
      // A new calendar month starts from zero.
      sb.clock.advance(32 * 24 * 3600_000);
      const fresh = await fetchAppToken(sb);
      assert.strictEqual((await getByMobile(fresh)).json.errcode, 0);
    });
  });
});

import * as assert from 'assert';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, request } from './helpers';

describe('sandbox: directory look-ups (topapi)', () => {
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

  const url = (p: string, tok = token) => `${sb.baseUrl}${p}?access_token=${tok}`;

  it('maps mobile → userid (JSON body) with request_id', async () => {
    const user = sb.demo.users[3];
    const res = await request(url('/topapi/v2/user/getbymobile'), { json: { mobile: user.mobile, support_exclusive_account_search: true } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.json.errcode, 0);
    assert.strictEqual(res.json.errmsg, 'ok');
    assert.deepStrictEqual(res.json.result, { userid: user.userid, exclusive_account_userid_list: [] });
    assert.match(res.json.request_id, /^[a-z0-9]{12}$/);
  });

  it('accepts a form-encoded body as the official curl examples send it', async () => {
    const user = sb.demo.users[1];
    const res = await request(url('/topapi/v2/user/getbymobile'), { form: { mobile: user.mobile } });
    assert.strictEqual(res.json.result.userid, user.userid);
  });

  it('answers an unknown mobile with 60121 in an HTTP 200 envelope', async () => {
    const res = await request(url('/topapi/v2/user/getbymobile'), { json: { mobile: '13999999999' } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.json.errcode, 60121);
    assert.strictEqual(typeof res.json.request_id, 'string');
  });

  it('returns user details including a unionid that differs from the userid', async () => {
    const user = sb.demo.users[0];
    const res = await request(url('/topapi/v2/user/get'), { json: { userid: user.userid, language: 'zh_CN' } });
    assert.strictEqual(res.json.errcode, 0);
    assert.strictEqual(res.json.result.userid, user.userid);
    assert.strictEqual(res.json.result.unionid, user.unionid);
    assert.strictEqual(res.json.result.name, user.name);
    assert.notStrictEqual(res.json.result.unionid, res.json.result.userid);
    const byUnionIdByMistake = await request(url('/topapi/v2/user/get'), { json: { userid: user.unionid } });
    assert.strictEqual(byUnionIdByMistake.json.errcode, 60121);
  });

  it('maps unionid → userid', async () => {
    const user = sb.demo.users[4];
    const res = await request(url('/topapi/user/getbyunionid'), { json: { unionid: user.unionid } });
    assert.deepStrictEqual(res.json.result, { contact_type: 0, userid: user.userid });
    assert.strictEqual((await request(url('/topapi/user/getbyunionid'), { json: { unionid: user.userid } })).json.errcode, 60121);
  });

  it('requires a valid access_token query parameter', async () => {
    const res = await request(url('/topapi/v2/user/get', 'bogus'), { json: { userid: 'zhangwei' } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.json.errcode, 40014);
    assert.strictEqual(typeof res.json.request_id, 'string');
    const inHeader = await request(`${sb.baseUrl}/topapi/v2/user/get`, { json: { userid: 'zhangwei' }, headers: { 'x-acs-dingtalk-access-token': token } });
    assert.strictEqual(inHeader.json.errcode, 40014, 'oapi reads the token from the query only');
  });
});

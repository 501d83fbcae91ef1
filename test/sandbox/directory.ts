import { OapiError, oapiOk } from './envelopes';
import { applyPlatformLimits } from './platformLimits';
import { parseTopapiBody, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SeedUser } from './seed';
import type { SandboxStore } from './store';
import { authenticateOapi } from './tokens';

/**
 * Directory look-ups on oapi: mobile → userid → unionid and back (fact sheet §7).
 * Bodies may be JSON or x-www-form-urlencoded (the official curl examples use forms).
 */
export function registerDirectoryRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/topapi/v2/user/getbymobile', (req) => {
    const body = begin(req, store, 'directory.getByMobile');
    const mobile = stringParam(body.mobile);
    if (!mobile) throw new OapiError(400002, '无效的参数: mobile');
    const user = store.userByMobile(mobile);
    if (!user) throw new OapiError(60121, '找不到该用户');
    return oapiOk('topapi', { result: { userid: user.userid, exclusive_account_userid_list: [] } });
  });

  router.add('POST', '/topapi/v2/user/get', (req) => {
    const body = begin(req, store, 'directory.getUser');
    const userid = stringParam(body.userid);
    if (!userid) throw new OapiError(400002, '无效的参数: userid');
    const user = store.userByUserid(userid);
    if (!user) throw new OapiError(60121, '找不到该用户');
    return oapiOk('topapi', { result: userDetail(user, store) });
  });

  router.add('POST', '/topapi/user/getbyunionid', (req) => {
    const body = begin(req, store, 'directory.getByUnionId');
    const unionid = stringParam(body.unionid);
    if (!unionid) throw new OapiError(400002, '无效的参数: unionid');
    const user = store.userByUnionid(unionid);
    if (!user) throw new OapiError(60121, '找不到该用户');
    // contact_type 0 = internal employee (meaning UNCONFIRMED; always 0 here).
    return oapiOk('topapi', { result: { contact_type: 0, userid: user.userid } });
  });
}

function begin(req: SandboxRequest, store: SandboxStore, op: 'directory.getByMobile' | 'directory.getUser' | 'directory.getByUnionId') {
  const { app } = authenticateOapi(req, store);
  applyPlatformLimits(req, store, app, 'oapi', op);
  return parseTopapiBody(req);
}

function stringParam(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function userDetail(user: SeedUser, store: SandboxStore): Record<string, unknown> {
  return {
    userid: user.userid,
    unionid: user.unionid,
    name: user.name,
    mobile: user.mobile,
    state_code: '86',
    title: user.title ?? '',
    email: '',
    active: true,
    admin: false,
    boss: false,
    senior: false,
    real_authed: true,
    hide_mobile: false,
    dept_id_list: [1],
    // Groups the user owns are a stand-in for "leader" flags, which the sandbox does not model.
    leader_in_dept: [{ dept_id: 1, leader: store.seed.groups.some((g) => g.ownerUserid === user.userid) }],
  };
}

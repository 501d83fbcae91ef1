/**
 * User lookups on the oapi host, docs/dingtalk-api.md §7. The to-do API needs unionIds and the robot 1:1 API
 * needs userIds, so the path is mobile → userid (`topapi/v2/user/getbymobile`) → unionid (`topapi/v2/user/get`),
 * and back with `topapi/user/getbyunionid`.
 */

import { AppHttp } from './appHttp';
import { requireId } from './appRobot';
import { DingTalkError } from './errors';

/** A member of the organisation. */
export interface DirectoryUser {
  userid: string;
  unionid: string;
  name?: string;
  /** Present only with the contact permission for mobile numbers. */
  mobile?: string;
  email?: string;
}

type CallOptions = { signal?: AbortSignal };

interface TopapiResult<T> {
  result?: T;
}

/** Directory (通讯录) lookups. */
export class DirectoryApi {
  constructor(private readonly http: AppHttp) {}

  /** The userid of the member with this mobile number (`userNotFound` if none). */
  async getUserIdByMobile(mobile: string, options: CallOptions = {}): Promise<string> {
    const normalised = requireId(mobile, 'mobile').replace(/[\s-]/g, '');
    const body = await this.http.oapi<TopapiResult<{ userid?: unknown }>>({
      method: 'POST',
      path: '/topapi/v2/user/getbymobile',
      json: { mobile: normalised, support_exclusive_account_search: true },
      operation: 'user.getbymobile',
      idempotent: true,
      signal: options.signal,
    });
    return requireResult(body.result?.userid, 'userid');
  }

  /** Details of a member, including the unionid. */
  async getUser(userid: string, options: CallOptions = {}): Promise<DirectoryUser> {
    const body = await this.http.oapi<TopapiResult<Record<string, unknown>>>({
      method: 'POST',
      path: '/topapi/v2/user/get',
      json: { userid: requireId(userid, 'userid'), language: 'zh_CN' },
      operation: 'user.get',
      idempotent: true,
      signal: options.signal,
    });
    const result = body.result ?? {};
    return {
      userid: typeof result.userid === 'string' ? result.userid : userid,
      unionid: requireResult(result.unionid, 'unionid'),
      name: typeof result.name === 'string' ? result.name : undefined,
      mobile: typeof result.mobile === 'string' ? result.mobile : undefined,
      email: typeof result.email === 'string' ? result.email : undefined,
    };
  }

  /** mobile → userid → unionid. */
  async getUnionIdByMobile(mobile: string, options: CallOptions = {}): Promise<string> {
    const userid = await this.getUserIdByMobile(mobile, options);
    return (await this.getUser(userid, options)).unionid;
  }

  /** unionid → userid. */
  async getUserIdByUnionId(unionid: string, options: CallOptions = {}): Promise<string> {
    const body = await this.http.oapi<TopapiResult<{ userid?: unknown }>>({
      method: 'POST',
      path: '/topapi/user/getbyunionid',
      json: { unionid: requireId(unionid, 'unionid') },
      operation: 'user.getbyunionid',
      idempotent: true,
      signal: options.signal,
    });
    return requireResult(body.result?.userid, 'userid');
  }
}

function requireResult(value: unknown, field: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new DingTalkError({ kind: 'userNotFound', dingTalkMessage: `the response has no ${field}` });
}

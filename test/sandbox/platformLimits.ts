import type { SandboxOperation } from './config';
import { OapiError, V1Error } from './envelopes';
import type { SandboxRequest } from './request';
import type { SeedApp } from './seed';
import type { SandboxStore } from './store';

const PERMISSION_DOC = 'https://open.dingtalk.com/document/orgapp-server/add-api-permission';

/**
 * The checks DingTalk's platform applies to an authenticated app call, in gateway order:
 * IP allow-list, permission scopes, per-API QPS (v1.0), monthly org quota.
 */
export function applyPlatformLimits(
  req: SandboxRequest,
  store: SandboxStore,
  app: SeedApp,
  surface: 'v1' | 'oapi',
  operation: SandboxOperation,
): void {
  checkIpAllowList(req, store, surface);
  checkScopes(store, app, surface, operation);
  if (surface === 'v1') checkQps(req, store, app);
  countQuota(store, surface);
}

function checkIpAllowList(req: SandboxRequest, store: SandboxStore, surface: 'v1' | 'oapi'): void {
  const list = store.config.ipAllowList;
  if (!list || ipInRanges(req.remoteAddress, list)) return;
  if (surface === 'v1') throw new V1Error(store.config.ipDeniedHttpStatus, 'Forbidden.AccessDenied.IpNotInWhiteList', `访问ip不在白名单之中,request ip=${req.remoteAddress}`);
  throw new OapiError(60020, `访问ip不在白名单之中,request ip=${req.remoteAddress}`);
}

function checkScopes(store: SandboxStore, app: SeedApp, surface: 'v1' | 'oapi', operation: SandboxOperation): void {
  if (!store.config.scopeChecks) return;
  const required = store.config.requiredScopes[operation] ?? [];
  const missing = required.filter((s) => !app.scopes.includes(s));
  if (missing.length === 0) return;
  const message = `没有调用该接口的权限，接口权限申请参考：${PERMISSION_DOC}`;
  if (surface === 'v1') {
    throw new V1Error(403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message, { accessdenieddetail: { requiredScopes: missing } });
  }
  throw new OapiError(60011, message);
}

function checkQps(req: SandboxRequest, store: SandboxStore, app: SeedApp): void {
  const limit = store.config.v1QpsLimit;
  if (limit === null) return;
  const now = store.clock.now();
  const second = Math.floor(now / 1000);
  // Route key without ids, so every task id counts against the same API.
  const key = `${app.appKey} ${req.method} ${apiKeyOf(req.rawPath)} ${second}`;
  const used = store.qpsWindows.get(key) ?? 0;
  if (used >= limit) {
    const until = formatChinaTime((second + 1) * 1000);
    throw new V1Error(403, 'Forbidden.AccessDenied.QpsLimitForApi', `请求过于频繁，限制将在 ${until} 结束`);
  }
  store.qpsWindows.set(key, used + 1);
  // Drop windows from earlier seconds so the map does not grow without bound.
  if (store.qpsWindows.size > 1000) {
    for (const k of store.qpsWindows.keys()) if (!k.endsWith(` ${second}`)) store.qpsWindows.delete(k);
  }
}

/** Counts a metered call and fails once the month's quota is used up (fact sheet §0-6, §11-12). */
export function countQuota(store: SandboxStore, surface: 'v1' | 'oapi'): void {
  const limit = store.config.monthlyApiQuota;
  if (limit === null) return;
  const month = formatChinaTime(store.clock.now()).slice(0, 7);
  const used = store.quotaUsage.get(month) ?? 0;
  if (used >= limit) {
    const message = `组织本月API调用次数已超过限额(${limit})`;
    if (surface === 'v1') throw new V1Error(store.config.quotaExceededHttpStatus, 'Forbidden.AccessDenied.ApiCountLimitForOrg', message);
    throw new OapiError(90020, message);
  }
  store.quotaUsage.set(month, used + 1);
}

/** "/v1.0/todo/users/X/tasks/Y" → "/v1.0/todo/users/*\/tasks/*": ids replaced so QPS is per API. */
function apiKeyOf(rawPath: string): string {
  return rawPath.replace(/\/users\/[^/]+/, '/users/*').replace(/\/tasks\/(?!list$|sources$|count$)[^/]+/, '/tasks/*');
}

/** "2024-06-01 12:00:04" in China Standard Time (UTC+8, no DST), how DingTalk prints times. */
export function formatChinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** True when the IPv4 address is one of the addresses or inside one of the CIDR ranges. */
export function ipInRanges(ip: string, ranges: string[]): boolean {
  const addr = ipv4ToInt(ip);
  return ranges.some((range) => {
    if (range === ip) return true;
    if (addr === undefined) return false;
    const [base, bitsText] = range.split('/');
    const baseInt = ipv4ToInt(base);
    if (baseInt === undefined) return false;
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (addr & mask) >>> 0 === (baseInt & mask) >>> 0;
  });
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value >>> 0;
}

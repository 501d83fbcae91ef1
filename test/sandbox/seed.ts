import * as fs from 'fs';
import * as path from 'path';

/** A member of the demo organisation. userid and unionid deliberately look different (see validateSeed). */
export interface SeedUser {
  name: string;
  mobile: string;
  userid: string;
  unionid: string;
  title?: string;
}

export interface SeedGroup {
  title: string;
  openConversationId: string;
  /** Old-style chat id, returned by group create when groupCreateReturnsChatId is on. */
  chatId: string;
  ownerUserid: string;
  memberUserids: string[];
}

/** A custom (webhook) robot. At least one security setting is required, as in DingTalk. */
export interface SeedCustomRobot {
  name: string;
  groupOpenConversationId: string;
  /** The access_token in the webhook URL. */
  accessToken: string;
  security: {
    /** 加签 secret: "SEC" + 64 hex characters. */
    signingSecret?: string;
    /** Custom keywords (1–10). */
    keywords?: string[];
    /** IPv4 addresses or CIDR ranges allowed to call the webhook. */
    ipRanges?: string[];
  };
}

/** An enterprise internal app. robotCode equals appKey, which is what DingTalk does for internal-app robots. */
export interface SeedApp {
  name: string;
  appKey: string;
  appSecret: string;
  agentId: number;
  robotCode: string;
  robotName: string;
  /** Granted permission scopes, enforced only when config.scopeChecks is on. */
  scopes: string[];
  /** openConversationIds of the groups the app's robot has been added to. */
  robotInGroups: string[];
}

export interface DemoOrg {
  corpId: string;
  corpName: string;
  users: SeedUser[];
  groups: SeedGroup[];
  customRobots: SeedCustomRobot[];
  /** The first app is the demo app printed on start-up; others exist for cross-app checks. */
  apps: SeedApp[];
}

/** Walks up from this file to the repository root (the folder with package.json). */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Absolute path of test/sandbox/seed/demo-org.json, whether running from out/ or from source. */
export const DEFAULT_SEED_FILE = path.join(repoRoot(), 'test', 'sandbox', 'seed', 'demo-org.json');

export function loadSeed(file: string = DEFAULT_SEED_FILE): DemoOrg {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read sandbox seed ${file}: ${(err as Error).message}`);
  }
  const problems = validateSeed(raw);
  if (problems.length) {
    throw new Error(`invalid sandbox seed ${file}:\n  - ${problems.join('\n  - ')}`);
  }
  return raw as DemoOrg;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** Returns a list of human-readable problems; empty means the seed is usable. */
export function validateSeed(raw: unknown): string[] {
  const problems: string[] = [];
  const fail = (msg: string) => problems.push(msg);
  if (!raw || typeof raw !== 'object') return ['seed must be a JSON object'];
  const org = raw as Partial<Record<keyof DemoOrg, unknown>>;
  if (!isString(org.corpId)) fail('corpId must be a non-empty string');
  if (!isString(org.corpName)) fail('corpName must be a non-empty string');
  for (const key of ['users', 'groups', 'customRobots', 'apps'] as const) {
    if (!Array.isArray(org[key])) fail(`${key} must be an array`);
  }
  if (problems.length) return problems;

  const users = org.users as SeedUser[];
  const userids = new Set<string>();
  const unionids = new Set<string>();
  const mobiles = new Set<string>();
  users.forEach((u, i) => {
    const at = `users[${i}]`;
    for (const f of ['name', 'mobile', 'userid', 'unionid'] as const) if (!isString(u?.[f])) fail(`${at}.${f} must be a non-empty string`);
    if (!isString(u?.userid) || !isString(u?.unionid)) return;
    if (!/^1\d{10}$/.test(u.mobile)) fail(`${at}.mobile must be an 11-digit mainland mobile number`);
    if (userids.has(u.userid)) fail(`${at}.userid ${u.userid} is duplicated`);
    if (unionids.has(u.unionid)) fail(`${at}.unionid ${u.unionid} is duplicated`);
    if (mobiles.has(u.mobile)) fail(`${at}.mobile ${u.mobile} is duplicated`);
    userids.add(u.userid);
    unionids.add(u.unionid);
    mobiles.add(u.mobile);
  });
  // Mixing up userid and unionid is the classic bug: make sure the two id spaces never overlap.
  for (const id of userids) if (unionids.has(id)) fail(`"${id}" is both a userid and a unionid; they must differ`);
  for (const u of users) {
    if (isString(u?.unionid) && isString(u?.userid) && u.unionid.length < 20) {
      fail(`unionid ${u.unionid} is too short; DingTalk unionIds are opaque 20+ character strings, unlike userids`);
    }
  }

  const groups = org.groups as SeedGroup[];
  const cids = new Set<string>();
  groups.forEach((g, i) => {
    const at = `groups[${i}]`;
    if (!isString(g?.title)) fail(`${at}.title must be a non-empty string`);
    else if ([...g.title].length > 20) fail(`${at}.title must be at most 20 characters`);
    if (!isString(g?.openConversationId) || !g.openConversationId.startsWith('cid')) fail(`${at}.openConversationId must start with "cid"`);
    else if (cids.has(g.openConversationId)) fail(`${at}.openConversationId is duplicated`);
    else cids.add(g.openConversationId);
    if (!isString(g?.chatId) || !g.chatId.startsWith('chat')) fail(`${at}.chatId must start with "chat"`);
    if (!isString(g?.ownerUserid) || !userids.has(g.ownerUserid)) fail(`${at}.ownerUserid must be a known userid`);
    if (!isStringArray(g?.memberUserids)) fail(`${at}.memberUserids must be an array of userids`);
    else {
      for (const m of g.memberUserids) if (!userids.has(m)) fail(`${at}.memberUserids: unknown userid ${m}`);
      if (isString(g.ownerUserid) && !g.memberUserids.includes(g.ownerUserid)) fail(`${at}: the owner must be a member`);
    }
  });

  const robots = org.customRobots as SeedCustomRobot[];
  const tokens = new Set<string>();
  robots.forEach((r, i) => {
    const at = `customRobots[${i}]`;
    if (!isString(r?.name)) fail(`${at}.name must be a non-empty string`);
    if (!isString(r?.groupOpenConversationId) || !cids.has(r.groupOpenConversationId)) fail(`${at}.groupOpenConversationId must be a seeded group`);
    if (!isString(r?.accessToken) || !/^[0-9a-f]{64}$/.test(r.accessToken)) fail(`${at}.accessToken must be 64 lowercase hex characters`);
    else if (tokens.has(r.accessToken)) fail(`${at}.accessToken is duplicated`);
    else tokens.add(r.accessToken);
    const sec = r?.security;
    if (!sec || typeof sec !== 'object') {
      fail(`${at}.security must be an object`);
      return;
    }
    if (!sec.signingSecret && !sec.keywords && !sec.ipRanges) fail(`${at}.security needs at least one of signingSecret, keywords, ipRanges`);
    if (sec.signingSecret !== undefined && !/^SEC[0-9a-f]{64}$/.test(sec.signingSecret)) fail(`${at}.security.signingSecret must be "SEC" + 64 hex characters`);
    if (sec.keywords !== undefined && (!isStringArray(sec.keywords) || sec.keywords.length < 1 || sec.keywords.length > 10)) fail(`${at}.security.keywords must hold 1–10 strings`);
    if (sec.ipRanges !== undefined && (!isStringArray(sec.ipRanges) || sec.ipRanges.length < 1)) fail(`${at}.security.ipRanges must be a non-empty array`);
  });

  const apps = org.apps as SeedApp[];
  if (apps.length < 1) fail('apps must contain at least the demo app');
  const appKeys = new Set<string>();
  apps.forEach((a, i) => {
    const at = `apps[${i}]`;
    for (const f of ['name', 'appKey', 'appSecret', 'robotCode', 'robotName'] as const) if (!isString(a?.[f])) fail(`${at}.${f} must be a non-empty string`);
    if (!Number.isInteger(a?.agentId) || a.agentId <= 0) fail(`${at}.agentId must be a positive integer`);
    if (isString(a?.appKey)) {
      if (appKeys.has(a.appKey)) fail(`${at}.appKey is duplicated`);
      appKeys.add(a.appKey);
      if (a.robotCode !== a.appKey) fail(`${at}.robotCode must equal appKey (DingTalk uses the AppKey as an internal app's robotCode)`);
    }
    if (!isStringArray(a?.scopes)) fail(`${at}.scopes must be an array of strings`);
    if (!Array.isArray(a?.robotInGroups)) fail(`${at}.robotInGroups must be an array`);
    else for (const cid of a.robotInGroups) if (!cids.has(cid)) fail(`${at}.robotInGroups: unknown group ${cid}`);
  });
  return problems;
}

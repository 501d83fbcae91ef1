/**
 * Switches for sandbox behaviour. Every option that models something the API fact sheet
 * (shared/docs/dingtalk-api.md) marks UNCONFIRMED or "secondary" is here, so a test can pin the
 * behaviour it depends on instead of the sandbox silently guessing one way.
 */
export interface SandboxConfig {
  // ---- custom robot (/robot/send) ----
  /** errcode once a robot exceeds its per-minute budget. 130101 (older), 410100 (doc table), 660026 (2026 probe). */
  customRobotRateLimitErrcode: 130101 | 410100 | 660026;
  /** Messages allowed per rolling minute per robot (doc: 20). */
  customRobotMessagesPerMinute: number;
  /** Throttle length after the limit is hit (doc: 10 minutes). */
  customRobotThrottleMs: number;
  /** Body size limit in bytes (doc: ≈20,000). */
  customRobotMaxBodyBytes: number;
  /** UNCONFIRMED errcode for an oversized body; 40035 is the generic oapi 「参数不合法」. */
  customRobotBodyTooLargeErrcode: number;
  /** errcode for an unknown webhook token: 300001 (documented) or 300005 (external groups / forged tokens). */
  customRobotUnknownTokenErrcode: 300001 | 300005;
  /** 'short' → `sign not match`; 'described' → the 2024+ `description:…;solution:…;link:…;` text. */
  customRobotSignErrorStyle: 'short' | 'described';
  /**
   * UNCONFIRMED which fields keyword security inspects. 'allText' = every human-readable field
   * (titles, texts, button titles, feed titles); 'bodyText' = only text.content / markdown.text /
   * link.text / actionCard.text.
   */
  customRobotKeywordFields: 'allText' | 'bodyText';
  /** (secondary) 43004 when Content-Type is not application/json. */
  customRobotRequireJsonContentType: boolean;

  // ---- app tokens and the platform gateway ----
  /** Lifetime of app access tokens (doc: 7200 s). */
  tokenLifetimeSeconds: number;
  /** UNCONFIRMED: re-fetching within validity returns a fresh token, or the same token with its expiry extended. */
  tokenRefetch: 'newToken' | 'sameTokenExtended';
  /** UNCONFIRMED whether expiry has its own oapi code; 40014 (不合法的access_token) by default, 88 seen on TOP endpoints. */
  expiredTokenOapiErrcode: number;
  /** Enforce the app's granted scopes (403 Forbidden.AccessDenied.AccessTokenPermissionDenied / oapi 60011). */
  scopeChecks: boolean;
  /** Scopes each operation needs when scopeChecks is on. Todo scope names are UNCONFIRMED, hence configurable. */
  requiredScopes: Record<SandboxOperation, string[]>;
  /** The app's server-IP allow-list (IPv4 / CIDR). null = no allow-list. Custom robots have their own list in the seed. */
  ipAllowList: string[] | null;
  /** UNCONFIRMED HTTP status for v1.0 Forbidden.AccessDenied.IpNotInWhiteList. */
  ipDeniedHttpStatus: number;
  /** Per-app, per-API requests per second on v1.0 (403 Forbidden.AccessDenied.QpsLimitForApi). null = unlimited. */
  v1QpsLimit: number | null;
  /** Monthly metered-call quota for the org (official example: 10,000). null = unmetered. */
  monthlyApiQuota: number | null;
  /** UNCONFIRMED HTTP status for v1.0 Forbidden.AccessDenied.ApiCountLimitForOrg. */
  quotaExceededHttpStatus: number;

  // ---- app robot (/v1.0/robot/groupMessages/*) ----
  /** UNCONFIRMED HTTP status for send errors whose code is not invalidParameter.* (miss.*, invalid.openConversationId…). */
  appRobotOtherErrorHttpStatus: number;
  /** Reject sampleFile fileTypes outside xlsx, pdf, zip, rar, doc, docx (UNCONFIRMED whether DingTalk does). */
  sampleFileStrictFileType: boolean;
  /** UNCONFIRMED recall time window; null = messages can always be recalled. */
  appRobotRecallWindowMs: number | null;

  // ---- media upload ----
  /** UNCONFIRMED errcode for a file extension not allowed for the media type (DingTalk's table: 40005 不合法的文件类型). */
  mediaBadFormatErrcode: number;
  /** UNCONFIRMED errcode for a file over the type's size limit (DingTalk's table: 40006 不合法的文件大小). */
  mediaOversizeErrcode: number;

  // ---- to-dos ----
  /** UNCONFIRMED that a duplicate sourceId is what triggers `task exist`; 'allow' creates a second task. */
  todoDuplicateSourceId: 'reject' | 'allow';
  /** UNCONFIRMED: the whole task becomes done once every executor marked it done via executorStatus. */
  todoDoneWhenAllExecutorsDone: boolean;
  /** Reject ids that are not known unionIds (e.g. a userId by mistake) in executorIds/participantIds/operatorId. */
  todoRejectUnknownIds: boolean;
  /** Page size for the list endpoints (nextToken pagination). */
  todoPageSize: number;

  // ---- groups ----
  /** /v1.0/im/group/create response fields are UNCONFIRMED: always openConversationId; chatId only if true. */
  groupCreateReturnsChatId: boolean;

  // ---- faults ----
  /** Seed for the PRNG behind `fraction` faults, so runs are reproducible. */
  randomSeed: number;
}

/**
 * What configure() accepts: any subset of options; requiredScopes may name only the operations
 * to change. Every Partial<SandboxConfig> is a valid patch.
 */
export type SandboxConfigPatch = Partial<Omit<SandboxConfig, 'requiredScopes'>> & { requiredScopes?: Partial<Record<SandboxOperation, string[]>> };

/** Operation names used for scope checks. */
export type SandboxOperation =
  | 'robot.groupSend'
  | 'robot.groupRecall'
  | 'todo.write'
  | 'todo.read'
  | 'directory.getByMobile'
  | 'directory.getUser'
  | 'directory.getByUnionId'
  | 'im.groupCreate'
  | 'media.upload';

export function defaultConfig(): SandboxConfig {
  return {
    customRobotRateLimitErrcode: 130101,
    customRobotMessagesPerMinute: 20,
    customRobotThrottleMs: 10 * 60_000,
    customRobotMaxBodyBytes: 20_000,
    customRobotBodyTooLargeErrcode: 40035,
    customRobotUnknownTokenErrcode: 300001,
    customRobotSignErrorStyle: 'short',
    customRobotKeywordFields: 'allText',
    customRobotRequireJsonContentType: true,

    tokenLifetimeSeconds: 7200,
    tokenRefetch: 'newToken',
    expiredTokenOapiErrcode: 40014,
    scopeChecks: false,
    requiredScopes: {
      'robot.groupSend': ['qyapi_robot_sendmsg'],
      'robot.groupRecall': ['qyapi_robot_sendmsg'],
      'todo.write': ['Todo.Todo.Write'],
      'todo.read': ['Todo.Todo.Read'],
      'directory.getByMobile': ['qyapi_get_member_by_mobile'],
      'directory.getUser': ['qyapi_get_member'],
      'directory.getByUnionId': ['qyapi_get_member'],
      'im.groupCreate': ['qyapi_chat_manage'],
      'media.upload': [],
    },
    ipAllowList: null,
    ipDeniedHttpStatus: 403,
    v1QpsLimit: null,
    monthlyApiQuota: null,
    quotaExceededHttpStatus: 403,

    appRobotOtherErrorHttpStatus: 400,
    sampleFileStrictFileType: true,
    appRobotRecallWindowMs: null,

    mediaBadFormatErrcode: 40005,
    mediaOversizeErrcode: 40006,

    todoDuplicateSourceId: 'reject',
    todoDoneWhenAllExecutorsDone: true,
    todoRejectUnknownIds: true,
    todoPageSize: 10,

    groupCreateReturnsChatId: true,

    randomSeed: 20240601,
  };
}

const enumOptions: Partial<Record<keyof SandboxConfig, readonly unknown[]>> = {
  customRobotRateLimitErrcode: [130101, 410100, 660026],
  customRobotUnknownTokenErrcode: [300001, 300005],
  customRobotSignErrorStyle: ['short', 'described'],
  customRobotKeywordFields: ['allText', 'bodyText'],
  tokenRefetch: ['newToken', 'sameTokenExtended'],
  todoDuplicateSourceId: ['reject', 'allow'],
};

/**
 * Applies a patch after checking keys and value types, so a typo in a test's config
 * fails loudly instead of being ignored.
 */
export function applyConfigPatch(current: SandboxConfig, patch: unknown): SandboxConfig {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new Error('config patch must be a JSON object');
  }
  const defaults = defaultConfig();
  const next: SandboxConfig = { ...current, requiredScopes: { ...current.requiredScopes } };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (!(key in defaults)) throw new Error(`unknown config option "${key}"`);
    const k = key as keyof SandboxConfig;
    const allowed = enumOptions[k];
    if (allowed && !allowed.includes(value)) {
      throw new Error(`config option "${key}" must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
    const expected = defaults[k];
    if (k === 'requiredScopes') {
      if (!value || typeof value !== 'object') throw new Error('requiredScopes must be an object');
      for (const [op, scopes] of Object.entries(value as Record<string, unknown>)) {
        if (!(op in defaults.requiredScopes)) throw new Error(`unknown operation "${op}" in requiredScopes`);
        if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
          throw new Error(`requiredScopes.${op} must be an array of strings`);
        }
        next.requiredScopes[op as SandboxOperation] = [...scopes];
      }
      continue;
    }
    const nullable = k === 'ipAllowList' || k === 'v1QpsLimit' || k === 'monthlyApiQuota' || k === 'appRobotRecallWindowMs';
    if (value === null && nullable) {
      (next as unknown as Record<string, unknown>)[k] = null;
      continue;
    }
    if (k === 'ipAllowList') {
      if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
        throw new Error('ipAllowList must be null or an array of IPv4 addresses / CIDR ranges');
      }
      next.ipAllowList = [...value];
      continue;
    }
    const expectedType = expected === null ? 'number' : typeof expected;
    if (typeof value !== expectedType || (expectedType === 'number' && !Number.isFinite(value))) {
      throw new Error(`config option "${key}" must be a ${expectedType}`);
    }
    (next as unknown as Record<string, unknown>)[k] = value;
  }
  return next;
}

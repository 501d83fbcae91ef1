import * as http from 'http';
import type { AddressInfo } from 'net';
import { registerAppRobotRoutes } from './appRobot';
import { createClock, type ControllableClock } from './clock';
import type { SandboxConfig, SandboxConfigPatch } from './config';
import { registerControlRoutes } from './control';
import { customRobotRateLimitError, registerCustomRobotRoutes } from './customRobot';
import { registerDirectoryRoutes } from './directory';
import { json, OapiError, renderError, surfaceOf, V1Error, type SandboxResponse, type Surface } from './envelopes';
import { EventHub } from './events';
import { FaultInjector, type ActiveFault, type FaultAction } from './faults';
import { registerGroupRoutes } from './groups';
import { registerMediaRoutes } from './media';
import { formatChinaTime } from './platformLimits';
import { clientIp, readBody, type SandboxRequest } from './request';
import { Router } from './router';
import { DEFAULT_SEED_FILE, loadSeed, type DemoOrg } from './seed';
import { createStateView, type SandboxState } from './state';
import { SandboxStore } from './store';
import { createStreamSandbox, type StreamSandbox } from './streamSandbox';
import { registerTodoRoutes } from './todos';
import { issueToken, registerTokenRoutes, revokeToken, tokenOf } from './tokens';

export type { SandboxConfig, SandboxConfigPatch } from './config';
export type { ControllableClock } from './clock';
export type { SandboxState } from './state';
export type { FaultSpec, FaultAction, ActiveFault } from './faults';
export type { StreamSandbox } from './streamSandbox';

export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Seed organisation; default test/sandbox/seed/demo-org.json. */
  seedFile?: string;
  config?: SandboxConfigPatch;
  /** Receives one human-readable line per request (main.ts sends them to stderr). */
  log?: (line: string) => void;
}

export interface DemoCustomRobot {
  name: string;
  /** Group title. */
  group: string;
  openConversationId: string;
  webhookUrl: string;
  /** Present for the 加签 robot. */
  signingSecret?: string;
  /** Present for the keyword robot. */
  keywords?: string[];
}

/** Exactly what main.ts prints under "demo". */
export interface DemoCredentials {
  customRobots: DemoCustomRobot[];
  app: { appKey: string; appSecret: string; robotCode: string; robotName: string; agentId: number };
  groups: { title: string; openConversationId: string }[];
  users: { name: string; mobile: string; userid: string; unionid: string }[];
}

export interface Sandbox {
  /** http://127.0.0.1:PORT, no trailing slash. Serves both oapi and api (v1.0) paths. */
  readonly baseUrl: string;
  /** baseUrl + '/': the conversations and to-dos page. */
  readonly pageUrl: string;
  readonly demo: DemoCredentials;
  readonly clock: ControllableClock;
  readonly state: SandboxState;
  configure(patch: SandboxConfigPatch): void;
  /** Back to the seed: messages, to-dos, media, tokens, rate-limit windows, quota and faults. Config is kept. */
  reset(): void;
  close(): Promise<void>;
  // ---- additions beyond the agreed shape, for convenience in tests ----
  readonly config: Readonly<SandboxConfig>;
  /** Same as POST /__sandbox/faults. */
  addFault(spec: import('./faults').FaultSpec): ActiveFault;
  /** Same as DELETE /__sandbox/faults. */
  clearFaults(): void;
  /**
   * Every DingTalk request the sandbox answered with an error (oapi errcode ≠ 0 or a v1.0 4xx/5xx), oldest first,
   * including injected faults; cleared by reset(). Lets tests assert "the sandbox rejected none".
   */
  rejections(): ReadonlyArray<{ method: string; path: string; status: number; code: string; fault: boolean }>;
  /** Issues an app token without HTTP (default: the demo app), as /v1.0/oauth2/accessToken would. */
  issueToken(appKey?: string): string;
  /** Expires a token immediately, like the expireToken fault. */
  expireToken(token: string): void;
  /** Stream Mode: gateway, WebSocket connections, people posting to robots, session webhooks (streamSandbox.ts). */
  readonly stream: StreamSandbox;
}

export function buildDemo(seed: DemoOrg, baseUrl: string): DemoCredentials {
  const app = seed.apps[0];
  return {
    customRobots: seed.customRobots.map((r) => {
      const group = seed.groups.find((g) => g.openConversationId === r.groupOpenConversationId)!;
      const robot: DemoCustomRobot = {
        name: r.name,
        group: group.title,
        openConversationId: group.openConversationId,
        webhookUrl: `${baseUrl}/robot/send?access_token=${r.accessToken}`,
      };
      if (r.security.signingSecret) robot.signingSecret = r.security.signingSecret;
      if (r.security.keywords) robot.keywords = [...r.security.keywords];
      return robot;
    }),
    app: { appKey: app.appKey, appSecret: app.appSecret, robotCode: app.robotCode, robotName: app.robotName, agentId: app.agentId },
    groups: seed.groups.map((g) => ({ title: g.title, openConversationId: g.openConversationId })),
    users: seed.users.map((u) => ({ name: u.name, mobile: u.mobile, userid: u.userid, unionid: u.unionid })),
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = loadSeed(options.seedFile ?? DEFAULT_SEED_FILE);
  const clock = createClock();
  const store = new SandboxStore(seed, clock, options.config ?? {});
  const faults = new FaultInjector(store.config.randomSeed);
  const state = createStateView(store, faults);
  const events = new EventHub(store);
  const log = options.log ?? (() => undefined);
  // Filled in once the port is known; /__sandbox/demo reads it.
  const demoRef: { current?: DemoCredentials } = {};
  const baseUrlRef = { current: '' };

  const rejections: Array<{ method: string; path: string; status: number; code: string; fault: boolean }> = [];
  const reset = () => {
    rejections.length = 0;
    store.reset();
    faults.clear();
    faults.reseed(store.config.randomSeed);
    stream.reset();
  };
  const configure = (patch: unknown) => {
    store.configure(patch as SandboxConfigPatch);
    if (patch && typeof patch === 'object' && 'randomSeed' in patch) faults.reseed(store.config.randomSeed);
  };

  const router = new Router();
  registerTokenRoutes(router, store);
  registerCustomRobotRoutes(router, store);
  registerAppRobotRoutes(router, store);
  registerMediaRoutes(router, store);
  registerTodoRoutes(router, store);
  registerDirectoryRoutes(router, store);
  registerGroupRoutes(router, store);
  const stream = createStreamSandbox(store, router, () => baseUrlRef.current);
  registerControlRoutes(router, store, faults, state, { reset, configure, demo: () => demoRef.current });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, renderError(err, surfaceOf((req.url ?? '/').split('?')[0])));
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
    const query = new URLSearchParams(queryAt >= 0 ? rawUrl.slice(queryAt + 1) : '');
    const method = (req.method ?? 'GET').toUpperCase();
    const surface = surfaceOf(rawPath);

    if (method === 'GET' && rawPath === '/__sandbox/events') {
      events.subscribe(req, res);
      return;
    }

    // Control endpoints and the page are never faulted, so tests can always clean up.
    const fault = surface === 'control' ? undefined : faults.take(method, rawPath);
    if (fault?.reset) {
      log(`${method} ${rawPath} → connection reset (fault)`);
      req.socket.destroy();
      return;
    }

    // The body is read before an injected delay, as a real server has the request in hand while it is slow:
    // a client that gives up during the delay may still have its message processed ("maybe sent").
    const body = await readBody(req);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (body === 'too-large') {
      send(res, surface === 'v1' ? renderError(new V1Error(413, 'RequestEntityTooLarge', 'request body too large'), surface) : json(413, { errcode: 413, errmsg: 'request body too large' }));
      return;
    }
    const sreq: SandboxRequest = { method, rawPath, query, headers: req.headers, remoteAddress: clientIp(req), body, params: {} };

    let response: SandboxResponse;
    if (fault?.expireToken) revokeToken(store, tokenOf(sreq, surface === 'v1' ? 'v1' : 'oapi'));
    if (fault && (fault.rateLimit || fault.status !== undefined || fault.body !== undefined)) {
      response = faultResponse(fault, surface, rawPath);
    } else {
      response = await route(sreq, surface);
    }
    send(res, response);
    const outcome = describeOutcome(response);
    if (surface !== 'control' && (response.status >= 400 || outcome.startsWith(' errcode'))) {
      rejections.push({ method, path: rawPath, status: response.status, code: outcome.trim().split(' ')[outcome.startsWith(' errcode') ? 1 : 0] ?? '', fault: Boolean(fault) });
    }
    log(`${method} ${rawPath} → ${response.status}${outcome}${fault ? ' (fault)' : ''} ${Date.now() - started}ms`);
  }

  async function route(sreq: SandboxRequest, surface: Surface): Promise<SandboxResponse> {
    const match = router.match(sreq.method, sreq.rawPath);
    if (match.kind !== 'found') return notFound(surface);
    sreq.params = match.params;
    try {
      return await match.handler(sreq);
    } catch (err) {
      if (!(err instanceof OapiError) && !(err instanceof V1Error)) log(`handler error on ${sreq.method} ${sreq.rawPath}: ${(err as Error).stack ?? String(err)}`);
      return renderError(err, surface);
    }
  }

  function faultResponse(fault: FaultAction, surface: Surface, rawPath: string): SandboxResponse {
    if (fault.rateLimit) {
      if (rawPath === '/robot/send') return renderError(customRobotRateLimitError(store.config), surface);
      if (surface === 'v1') {
        return renderError(new V1Error(403, 'Forbidden.AccessDenied.QpsLimitForApi', `请求过于频繁，限制将在 ${formatChinaTime(clock.now() + 1000)} 结束`), surface);
      }
      return renderError(new OapiError(90002, '服务器调用该接口的频率超过限制'), surface); // 90002: per-API limit (fact sheet §10)
    }
    const status = fault.status ?? 200;
    if (fault.body !== undefined) return json(status, fault.body);
    if (surface === 'v1') return renderError(new V1Error(status, status === 504 ? 'GatewayTimeout' : 'ServiceUnavailable', `injected fault (HTTP ${status})`), surface);
    return json(status, { errcode: -1, errmsg: '系统繁忙' });
  }

  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${hostForUrl}:${address.port}`;
  baseUrlRef.current = baseUrl;
  const demoCredentials = buildDemo(seed, baseUrl);
  demoRef.current = demoCredentials;

  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    pageUrl: `${baseUrl}/`,
    demo: demoCredentials,
    clock,
    state,
    get config() {
      return store.config;
    },
    configure: (patch) => configure(patch),
    reset,
    addFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    rejections: () => [...rejections],
    issueToken: (appKey) => {
      const app = appKey ? store.appByKey(appKey) : seed.apps[0];
      if (!app) throw new Error(`no app with appKey ${appKey}`);
      return issueToken(store, app).token;
    },
    expireToken: (token) => {
      if (!revokeToken(store, token)) throw new Error('unknown token');
    },
    stream,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        events.close();
        stream.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function notFound(surface: Surface): SandboxResponse {
  if (surface === 'v1') return renderError(new V1Error(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'), surface);
  if (surface === 'control') return json(404, { error: 'NotFound', message: 'no such sandbox endpoint' });
  return json(404, { errcode: 404, errmsg: '请求的URI地址不存在' });
}

function describeOutcome(response: SandboxResponse): string {
  const body = response.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return '';
  if (typeof body.errcode === 'number' && body.errcode !== 0) return ` errcode ${body.errcode} ${String(body.errmsg ?? '')}`;
  if (typeof body.code === 'string') return ` ${body.code}`;
  return '';
}

function send(res: http.ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: Buffer;
  if (Buffer.isBuffer(response.body)) payload = response.body;
  else if (typeof response.body === 'string') payload = Buffer.from(response.body, 'utf8');
  else {
    payload = Buffer.from(JSON.stringify(response.body), 'utf8');
    headers['content-type'] ??= 'application/json;charset=utf-8';
  }
  headers['content-length'] = String(payload.length);
  res.writeHead(response.status, headers);
  res.end(payload);
}

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_SEED_FILE, type DemoOrg } from '../../sandbox/seed';
import type { Sandbox } from '../../sandbox/server';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: any;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  body?: string | Buffer | FormData;
}

/** One HTTP call to the sandbox (127.0.0.1 only). */
export async function request(url: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body: RequestInit['body'];
  if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.body !== undefined) {
    body = opts.body as RequestInit['body'];
  }
  const method = opts.method ?? (body !== undefined ? 'POST' : 'GET');
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: parsed };
}

/** A fresh app token for the demo app (or another seeded app) through the real endpoint. */
export async function fetchAppToken(sb: Sandbox, app: { appKey: string; appSecret: string } = sb.demo.app): Promise<string> {
  const res = await request(`${sb.baseUrl}/v1.0/oauth2/accessToken`, { json: { appKey: app.appKey, appSecret: app.appSecret } });
  if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
  return res.json.accessToken;
}

/** POST a v1.0 call with the token header. */
export function v1(sb: Sandbox, token: string, method: string, pathAndQuery: string, json?: unknown): Promise<HttpResult> {
  return request(`${sb.baseUrl}${pathAndQuery}`, { method, headers: { 'x-acs-dingtalk-access-token': token }, json });
}

/** The doc's signing algorithm, written out independently of the sandbox's implementation. */
export function signFor(secret: string, timestamp: number | string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** Webhook URL with timestamp + URL-encoded sign, as a correct client builds it. */
export function signedUrl(webhookUrl: string, secret: string, timestamp: number): string {
  return `${webhookUrl}&timestamp=${timestamp}&sign=${encodeURIComponent(signFor(secret, timestamp))}`;
}

export function signingRobot(sb: Sandbox) {
  const robot = sb.demo.customRobots.find((r) => r.signingSecret);
  if (!robot?.signingSecret) throw new Error('demo seed has no signing robot');
  return { ...robot, signingSecret: robot.signingSecret };
}

export function keywordRobot(sb: Sandbox) {
  const robot = sb.demo.customRobots.find((r) => r.keywords);
  if (!robot?.keywords) throw new Error('demo seed has no keyword robot');
  return { ...robot, keywords: robot.keywords };
}

/** Sends through the signing robot with a valid signature at sandbox time. */
export function sendSigned(sb: Sandbox, body: unknown): Promise<HttpResult> {
  const robot = signingRobot(sb);
  return request(signedUrl(robot.webhookUrl, robot.signingSecret, sb.clock.now()), { json: body });
}

export function readDemoSeed(): DemoOrg {
  return JSON.parse(fs.readFileSync(DEFAULT_SEED_FILE, 'utf8')) as DemoOrg;
}

/** Writes a modified copy of the demo seed to a temp file and returns its path. */
export function writeSeedVariant(edit: (seed: DemoOrg) => void): string {
  const seed = readDemoSeed();
  edit(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-seed-'));
  const file = path.join(dir, 'seed.json');
  fs.writeFileSync(file, JSON.stringify(seed));
  return file;
}

/** The second seeded app: no scopes, robot in no group. */
export function otherApp(): { appKey: string; appSecret: string } {
  const app = readDemoSeed().apps[1];
  return { appKey: app.appKey, appSecret: app.appSecret };
}

/** Uploads bytes through /media/upload and returns the media_id. */
export async function uploadMedia(sb: Sandbox, token: string, type: string, fileName: string, bytes: Buffer, mime = 'application/octet-stream'): Promise<string> {
  const form = new FormData();
  form.append('type', type);
  form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), fileName);
  const res = await request(`${sb.baseUrl}/media/upload?access_token=${token}`, { body: form, method: 'POST' });
  if (res.json?.errcode !== 0) throw new Error(`upload failed: ${res.text}`);
  return res.json.media_id;
}

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

import * as crypto from 'crypto';

/**
 * Which DingTalk surface a path belongs to. The two hosts report errors differently:
 * oapi answers HTTP 200 with {errcode, errmsg} (topapi adds request_id), v1.0 answers 4xx/5xx
 * with {code, requestid, message}.
 */
export type Surface = 'oapi' | 'topapi' | 'v1' | 'control';

export function surfaceOf(pathname: string): Surface {
  if (pathname === '/' || pathname.startsWith('/__sandbox')) return 'control';
  if (pathname.startsWith('/v1.0/')) return 'v1';
  if (pathname.startsWith('/topapi/')) return 'topapi';
  return 'oapi';
}

/** An oapi-style failure: always HTTP 200. */
export class OapiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

/** A v1.0-style failure: HTTP status + string code. `extra` carries fields such as accessdenieddetail. */
export class V1Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What a handler returns; `body` objects are sent as JSON, Buffers/strings as they are. */
export interface SandboxResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** v1.0 request ids look like "4244C7DD-8D5B-4F1A-9C0E-3B2A1D0C9F8E". */
export function newV1RequestId(): string {
  return crypto.randomUUID().toUpperCase();
}

/** topapi request ids look like "5w82ciuur781". */
export function newTopRequestId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(12);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return { status, body, headers };
}

/** Successful oapi body: errcode 0 / errmsg ok first, then the payload; topapi adds request_id. */
export function oapiOk(surface: Surface, payload: Record<string, unknown> = {}): SandboxResponse {
  const body: Record<string, unknown> = { errcode: 0, errmsg: 'ok', ...payload };
  if (surface === 'topapi') body.request_id = newTopRequestId();
  return json(200, body);
}

/** Successful v1.0 body: plain object, HTTP 200, request id in a header as the gateway does. */
export function v1Ok(payload: unknown): SandboxResponse {
  return json(200, payload, { 'x-acs-request-id': newV1RequestId() });
}

export function renderOapiError(err: OapiError, surface: Surface): SandboxResponse {
  const body: Record<string, unknown> = { errcode: err.errcode, errmsg: err.errmsg };
  if (surface === 'topapi') body.request_id = newTopRequestId();
  return json(200, body);
}

export function renderV1Error(err: V1Error): SandboxResponse {
  const requestid = newV1RequestId();
  return json(err.status, { code: err.code, requestid, message: err.message, ...err.extra }, { 'x-acs-request-id': requestid });
}

/** Renders any thrown value in the envelope of the surface the request was made on. */
export function renderError(err: unknown, surface: Surface): SandboxResponse {
  if (err instanceof OapiError) {
    if (surface === 'v1') return renderV1Error(new V1Error(400, String(err.errcode), err.errmsg));
    return renderOapiError(err, surface);
  }
  if (err instanceof V1Error) {
    if (surface === 'oapi' || surface === 'topapi') return renderOapiError(new OapiError(-1, err.message), surface);
    if (surface === 'control') return json(err.status, { error: err.code, message: err.message });
    return renderV1Error(err);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (surface === 'v1') return renderV1Error(new V1Error(500, 'InternalError', `sandbox internal error: ${message}`));
  if (surface === 'control') return json(500, { error: 'InternalError', message });
  // -1 is DingTalk's 「系统繁忙」.
  return renderOapiError(new OapiError(-1, `系统繁忙 (sandbox internal error: ${message})`), surface);
}

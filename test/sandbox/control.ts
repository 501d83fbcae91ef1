import * as crypto from 'crypto';
import { json, V1Error, type SandboxResponse } from './envelopes';
import type { FaultInjector } from './faults';
import { renderPage, renderView } from './page';
import { tryParseJsonObject, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SandboxState } from './state';
import type { SandboxStore } from './store';

/** The operations behind both the /__sandbox HTTP endpoints and the programmatic Sandbox object. */
export interface ControlOperations {
  reset(): void;
  configure(patch: unknown): void;
  demo(): unknown;
}

function badRequest(message: string): V1Error {
  return new V1Error(400, 'BadRequest', message);
}

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  const body = tryParseJsonObject(req.body);
  if (!body) throw badRequest('body must be a JSON object');
  return body;
}

/** Runs a control operation, turning validation errors into 400s with the reason. */
function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof V1Error) throw err;
    throw badRequest((err as Error).message);
  }
}

export function registerControlRoutes(router: Router, store: SandboxStore, faults: FaultInjector, state: SandboxState, ops: ControlOperations): void {
  router.add('GET', '/', () => {
    const nonce = crypto.randomBytes(16).toString('base64');
    return html(renderPage(store, nonce), {
      // Defence in depth on top of escaping: only our nonce'd script runs, and nothing loads from outside the sandbox.
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    });
  });
  router.add('GET', '/__sandbox/view', () => html(renderView(store)));
  router.add('GET', '/__sandbox/state', () => json(200, state.snapshot()));
  router.add('GET', '/__sandbox/demo', () => json(200, ops.demo()));

  router.add('POST', '/__sandbox/reset', () => {
    ops.reset();
    return json(200, { ok: true });
  });

  router.add('GET', '/__sandbox/clock', () => json(200, { now: store.clock.now(), frozen: store.clock.frozen }));
  router.add('POST', '/__sandbox/clock', (req) => {
    const body = jsonBody(req);
    const number = (v: unknown, name: string) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${name} must be a finite number`);
      return v;
    };
    if (body.setMs !== undefined) store.clock.set(number(body.setMs, 'setMs'));
    if (body.advanceMs !== undefined) store.clock.advance(number(body.advanceMs, 'advanceMs'));
    if (body.freeze === true) store.clock.freeze();
    if (body.freeze === false) store.clock.resume();
    if (body.setMs === undefined && body.advanceMs === undefined && body.freeze === undefined) throw badRequest('expected {"advanceMs": N}, {"setMs": N} or {"freeze": true|false}');
    return json(200, { now: store.clock.now(), frozen: store.clock.frozen });
  });

  router.add('GET', '/__sandbox/config', () => json(200, store.config));
  router.add('POST', '/__sandbox/config', (req) => {
    const patch = jsonBody(req);
    attempt(() => ops.configure(patch));
    return json(200, store.config);
  });

  router.add('GET', '/__sandbox/faults', () => json(200, { faults: faults.list() }));
  router.add('POST', '/__sandbox/faults', (req) => {
    const fault = attempt(() => faults.add(jsonBody(req)));
    return json(200, fault);
  });
  router.add('DELETE', '/__sandbox/faults', () => {
    faults.clear();
    return json(200, { ok: true });
  });
}

function html(body: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status: 200, body, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } };
}

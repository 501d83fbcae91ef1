import * as crypto from 'crypto';
import { V1Error, v1Ok, type SandboxResponse } from './envelopes';
import { requireV1JsonBody, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SandboxStore } from './store';

/** A subscription as the gateway accepted it. */
export interface StreamSubscription {
  type: 'EVENT' | 'CALLBACK';
  topic: string;
}

/** What `POST /v1.0/gateway/connections/open` hands out: good for one WebSocket within `ttlMs`. */
export interface StreamTicket {
  ticket: string;
  appKey: string;
  subscriptions: StreamSubscription[];
  ua: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
}

/** Tickets are valid 90 s and single-use (fact sheet §8.1). */
export const TICKET_TTL_MS = 90_000;

/**
 * The Stream Mode gateway (fact sheet §8.1). Without `Accept: application/json` it answers in XML, as the real
 * gateway does; wrong credentials get 400 invalidClientIdOrSecret; EVENT subscriptions must use topic `*`.
 */
export function registerStreamGateway(router: Router, store: SandboxStore, tickets: Map<string, StreamTicket>, endpoint: (host: string | undefined) => string): void {
  router.add('POST', '/v1.0/gateway/connections/open', (req) => {
    const wantsJson = String(req.headers.accept ?? '').toLowerCase().includes('application/json');
    try {
      const issued = issue(req, store, tickets);
      const payload = { endpoint: endpoint(req.headers.host), ticket: issued.ticket };
      return wantsJson ? v1Ok(payload) : xml(200, 'OpenConnectionResponse', payload);
    } catch (err) {
      if (!wantsJson && err instanceof V1Error) return xml(err.status, 'Error', { Code: err.code, Message: err.message });
      throw err;
    }
  });
}

function issue(req: SandboxRequest, store: SandboxStore, tickets: Map<string, StreamTicket>): StreamTicket {
  const body = requireV1JsonBody(req);
  const clientId = body.clientId;
  const clientSecret = body.clientSecret;
  if (typeof clientId !== 'string' || clientId === '') throw new V1Error(400, 'MissingclientId', 'clientId is mandatory for this action.');
  if (typeof clientSecret !== 'string' || clientSecret === '') throw new V1Error(400, 'MissingclientSecret', 'clientSecret is mandatory for this action.');
  const app = store.appByKey(clientId);
  if (!app || app.appSecret !== clientSecret) throw new V1Error(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
  const subscriptions = readSubscriptions(body.subscriptions);
  const now = store.clock.now();
  // Expired tickets are of no use to anyone; keep the map small.
  for (const [id, t] of tickets) if (t.expiresAt < now - TICKET_TTL_MS) tickets.delete(id);
  const ticket: StreamTicket = {
    ticket: crypto.randomUUID(),
    appKey: app.appKey,
    subscriptions,
    ua: typeof body.ua === 'string' ? body.ua : '',
    issuedAt: now,
    expiresAt: now + TICKET_TTL_MS,
    used: false,
  };
  tickets.set(ticket.ticket, ticket);
  return ticket;
}

function readSubscriptions(raw: unknown): StreamSubscription[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new V1Error(400, 'Missingsubscriptions', 'subscriptions is mandatory for this action.');
  return raw.map((s, i) => {
    const sub = s as Record<string, unknown> | null;
    if (!sub || (sub.type !== 'EVENT' && sub.type !== 'CALLBACK') || typeof sub.topic !== 'string' || sub.topic === '') {
      throw new V1Error(400, 'invalidParameter.subscriptions', `subscriptions[${i}] needs type EVENT|CALLBACK and a topic`);
    }
    if (sub.type === 'EVENT' && sub.topic !== '*') throw new V1Error(400, 'invalidParameter.subscriptions', 'EVENT subscriptions only accept topic "*"');
    return { type: sub.type, topic: sub.topic };
  });
}

function xml(status: number, root: string, fields: Record<string, string>): SandboxResponse {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inner = Object.entries(fields).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('');
  return { status, body: `<?xml version="1.0" encoding="UTF-8"?><${root}>${inner}</${root}>`, headers: { 'content-type': 'application/xml;charset=utf-8' } };
}

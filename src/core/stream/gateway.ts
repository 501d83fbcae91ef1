/**
 * Registering a Stream Mode connection (docs/dingtalk-api.md §8.1): `POST /v1.0/gateway/connections/open`
 * with the app's credentials and subscriptions returns a WebSocket endpoint and a ticket. The ticket is good for
 * ONE connection within 90 s, so every (re)connection asks for a new one.
 */

import { redactor } from '../redact';
import { DingTalkError } from '../dingtalk/errors';
import type { HttpTransport } from '../dingtalk/transport';
import { TOPIC_ROBOT } from './frames';

export const GATEWAY_PATH = '/v1.0/gateway/connections/open';
export const DEFAULT_GATEWAY_URL = `https://api.dingtalk.com${GATEWAY_PATH}`;

/** The gateway URL under an API base URL (the sandbox serves it next to the other v1.0 paths). */
export function gatewayUrlFor(apiBaseUrl: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}${GATEWAY_PATH}`;
}

export interface StreamSubscription {
  readonly type: 'EVENT' | 'CALLBACK';
  readonly topic: string;
}

/** Every event (the only EVENT topic allowed is `*`) and the robot's messages, as the official SDKs subscribe. */
export const DEFAULT_SUBSCRIPTIONS: readonly StreamSubscription[] = [
  { type: 'EVENT', topic: '*' },
  { type: 'CALLBACK', topic: TOPIC_ROBOT },
];

/**
 * The robot's messages only. DingTalk gives each event to one of the app's connections; a connection that
 * subscribed to events it does not use would take them away from the app's other consumers (a bot server).
 */
export const ROBOT_SUBSCRIPTIONS: readonly StreamSubscription[] = [{ type: 'CALLBACK', topic: TOPIC_ROBOT }];

/** The app's AppKey and AppSecret (DingTalk calls them clientId / clientSecret here). */
export interface StreamCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface GatewayTicket {
  readonly endpoint: string;
  readonly ticket: string;
}

/** Asks the gateway for a ticket. Throws a DingTalkError (kind `invalidCredentials` for a wrong AppKey/Secret). */
export async function openConnection(
  transport: HttpTransport,
  gatewayUrl: string,
  credentials: StreamCredentials,
  options: { subscriptions?: readonly StreamSubscription[]; ua?: string; signal?: AbortSignal } = {},
): Promise<GatewayTicket> {
  redactor.addSecret(credentials.clientSecret);
  const body = JSON.stringify({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    ua: options.ua ?? '',
    subscriptions: options.subscriptions ?? DEFAULT_SUBSCRIPTIONS,
  });
  const { body: result } = await transport.request<{ endpoint?: unknown; ticket?: unknown }>({
    method: 'POST',
    operation: 'stream.gateway.open',
    surface: 'v1',
    // A ticket nobody uses expires by itself, so asking twice is harmless.
    idempotent: true,
    signal: options.signal,
    // Without Accept: application/json the gateway answers in XML (docs §8.1).
    prepare: () => ({ url: gatewayUrl, headers: { 'content-type': 'application/json', accept: 'application/json' }, body }),
  });
  const endpoint = typeof result.endpoint === 'string' ? result.endpoint : '';
  const ticket = typeof result.ticket === 'string' ? result.ticket : '';
  if (!ticket || !isAcceptableEndpoint(endpoint, gatewayUrl)) {
    throw new DingTalkError({ kind: 'unknown', dingTalkMessage: 'the stream gateway returned no usable endpoint or ticket' });
  }
  redactor.addSecret(ticket);
  return { endpoint, ticket };
}

/**
 * wss:// anywhere; plain ws:// only to this machine (the sandbox), or to the very host of a plain-http gateway
 * (a sandbox reached under another name, e.g. through a proxy: no less protected than the gateway request
 * itself, which the machine-scoped base URL setting allowed). Messages carry reply URLs that work without
 * authentication, so a TLS gateway can never downgrade them to plain ws.
 */
export function isAcceptableEndpoint(endpoint: string, gatewayUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol === 'wss:') return true;
  if (url.protocol !== 'ws:') return false;
  if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return true;
  try {
    const gateway = new URL(gatewayUrl ?? '');
    return gateway.protocol === 'http:' && gateway.hostname === url.hostname;
  } catch {
    return false;
  }
}

/** The WebSocket URL for a ticket (URL-encoded, as the Python SDK does; the Node SDK's raw form breaks on `+`). */
export function connectUrl(ticket: GatewayTicket): string {
  const url = new URL(ticket.endpoint);
  url.searchParams.set('ticket', ticket.ticket);
  return url.toString();
}

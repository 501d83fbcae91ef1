import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { json, V1Error } from './envelopes';
import { tryParseJsonObject } from './request';
import type { Router } from './router';
import type { SandboxStore } from './store';
import { StreamChat, type ChatPost, type ChatPostResult } from './streamChat';
import { registerStreamGateway, type StreamTicket } from './streamGateway';
import { DEFAULT_STREAM_HUB_OPTIONS, StreamHub, type StreamHubOptions } from './streamHub';

/** Stream Mode in the sandbox: the gateway, the WebSocket side, people posting, and session webhooks. */
export interface StreamSandbox {
  readonly hub: StreamHub;
  readonly chat: StreamChat;
  readonly tickets: ReadonlyMap<string, StreamTicket>;
  configure(patch: Partial<StreamHubOptions>): void;
  /** Same as POST /__sandbox/chat/post (the page's per-group text box). */
  post(post: ChatPost): ChatPostResult;
}

export interface StreamSandboxInternals extends StreamSandbox {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  reset(): void;
  close(): void;
}

export function createStreamSandbox(store: SandboxStore, router: Router, baseUrl: () => string): StreamSandboxInternals {
  const tickets = new Map<string, StreamTicket>();
  const hub = new StreamHub(store, tickets);
  const chat = new StreamChat(store, hub, baseUrl);
  // The WebSocket endpoint under the host name the client used for the gateway (as DingTalk answers with its
  // own), so a client that reached the sandbox through a proxy under another name connects through it too.
  registerStreamGateway(router, store, tickets, (host) => `${(host ? `http://${host}` : baseUrl()).replace(/^http/, 'ws')}/connect`);
  chat.register(router);
  registerStreamControl(router, hub);
  return {
    hub,
    chat,
    tickets,
    configure: (patch) => hub.configure(patch),
    post: (post) => chat.post(post),
    handleUpgrade: (req, socket, head) => hub.handleUpgrade(req, socket, head),
    reset: () => {
      tickets.clear();
      hub.reset();
      chat.reset();
    },
    close: () => hub.close(),
  };
}

/** `/__sandbox/stream…`: inspect connections and make the server ping, disconnect, drop or push an event. */
function registerStreamControl(router: Router, hub: StreamHub): void {
  const body = (raw: Buffer) => tryParseJsonObject(raw) ?? {};
  const targets = (id: unknown) => (typeof id === 'string' ? [id] : hub.open().map((c) => c.id));
  router.add('GET', '/__sandbox/stream', () =>
    json(200, {
      options: hub.options,
      connections: hub.connections().map(({ frames, ...c }) => ({ ...c, framesDown: frames.filter((f) => f.direction === 'down').length, framesUp: frames.filter((f) => f.direction === 'up').length })),
      deliveries: hub.deliveries().map((d) => ({ kind: d.kind, key: d.key, topic: d.topic, status: d.status, pushes: d.pushes.length, acks: d.acks.length })),
      rejectedUpgrades: hub.rejectedUpgrades,
    }),
  );
  router.add('POST', '/__sandbox/stream/config', (req) => {
    const patch = body(req.body);
    for (const key of Object.keys(patch)) if (!(key in DEFAULT_STREAM_HUB_OPTIONS)) throw new V1Error(400, 'BadRequest', `unknown stream option "${key}"`);
    hub.configure(patch as Partial<StreamHubOptions>);
    return json(200, hub.options);
  });
  router.add('POST', '/__sandbox/stream/disconnect', (req) => {
    const b = body(req.body);
    for (const id of targets(b.connectionId)) hub.disconnect(id, typeof b.reason === 'string' ? b.reason : undefined);
    return json(200, { ok: true });
  });
  router.add('POST', '/__sandbox/stream/drop', (req) => {
    for (const id of targets(body(req.body).connectionId)) hub.drop(id);
    return json(200, { ok: true });
  });
  router.add('POST', '/__sandbox/stream/events', (req) => {
    const b = body(req.body);
    if (typeof b.appKey !== 'string' || typeof b.eventType !== 'string') throw new V1Error(400, 'BadRequest', 'expected {"appKey", "eventType", "data"?}');
    const d = hub.pushEvent(b.appKey, b.eventType, (b.data ?? {}) as Record<string, unknown>);
    return json(200, { eventId: d.key, status: d.status });
  });
}

import * as crypto from 'crypto';
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { StreamSubscription, StreamTicket } from './streamGateway';
import type { SandboxStore } from './store';

/** Behaviour of the WebSocket side; times are real milliseconds (timers), the `time` headers use the sandbox clock. */
export interface StreamHubOptions {
  /** SYSTEM ping to every connection at this interval; null = only when a test calls ping(). */
  pingIntervalMs: number | null;
  /** After SYSTEM disconnect the server closes the socket this much later (~10 s in DingTalk). */
  disconnectGraceMs: number;
  /** An EVENT not ACKed with SUCCESS within this time (or ACKed LATER) is pushed again. */
  eventRetryMs: number;
  /**
   * Whether robot CALLBACKs not ACKed with 200 are pushed again after eventRetryMs. The FAQ says robot messages
   * are fire-and-forget (default false); the Node SDK's JSDoc says they are retried within 60 s.
   */
  redeliverCallbacks: boolean;
  /** Probability that a frame is sent twice (DingTalk's occasional duplicates); drawn from the seeded PRNG. */
  duplicateFraction: number;
}

export const DEFAULT_STREAM_HUB_OPTIONS: StreamHubOptions = {
  pingIntervalMs: null,
  disconnectGraceMs: 10_000,
  eventRetryMs: 5_000,
  redeliverCallbacks: false,
  duplicateFraction: 0,
};

/** One frame in a connection's log: what the server sent (down) and what the client answered (up). */
export interface FrameRecord {
  direction: 'down' | 'up';
  at: number;
  frame: Record<string, unknown>;
}

export interface StreamConnection {
  id: string;
  appKey: string;
  subscriptions: StreamSubscription[];
  openedAt: number;
  closedAt?: number;
  /** 'client' when the client closed it, 'server' after disconnect/drop, 'network' for anything else. */
  closedBy?: 'client' | 'server' | 'network';
  closeCode?: number;
  closeReason?: string;
  frames: FrameRecord[];
}

/** A pushed EVENT or robot CALLBACK, tracked until ACKed. */
export interface StreamDelivery {
  kind: 'EVENT' | 'CALLBACK';
  /** eventId for events, msgId for robot messages. */
  key: string;
  topic: string;
  appKey: string;
  data: Record<string, unknown>;
  /** One per push: the frame's messageId and the connection it went to. */
  pushes: { messageId: string; connectionId: string; at: number; duplicated: boolean }[];
  /** ACKs received, in order. */
  acks: { messageId: string; connectionId: string; code: number; data: unknown }[];
  status: 'pending' | 'acked' | 'undelivered';
}

/** A refused WebSocket upgrade. */
export interface RejectedUpgrade {
  at: number;
  reason: 'unknown ticket' | 'ticket already used' | 'ticket expired' | 'not found';
}

/**
 * The WebSocket side of Stream Mode (fact sheet §8.2): accepts `/connect?ticket=` once per ticket within its
 * validity, pings, sends `disconnect`, delivers EVENTs and robot CALLBACKs to ONE connection of the app chosen at
 * random, and pushes EVENTs again until they are ACKed with SUCCESS.
 */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sockets = new Map<string, WebSocket>();
  private readonly connectionList: StreamConnection[] = [];
  private readonly deliveryList: StreamDelivery[] = [];
  private readonly byMessageId = new Map<string, StreamDelivery>();
  private readonly pings = new Map<string, (frame: Record<string, unknown>) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Connections the server is closing (disconnect grace over, or dropped). */
  private readonly serverClosed = new Set<string>();
  private readonly ackWaiters: Array<{ matches: (d: StreamDelivery) => boolean; resolve: (d: StreamDelivery) => void }> = [];
  private readonly connectionWaiters: Array<() => void> = [];
  private pingTimer?: NodeJS.Timeout;
  private random: () => number;
  private nextConnection = 1;
  readonly rejectedUpgrades: RejectedUpgrade[] = [];
  options: StreamHubOptions = { ...DEFAULT_STREAM_HUB_OPTIONS };

  constructor(
    private readonly store: SandboxStore,
    private readonly tickets: Map<string, StreamTicket>,
  ) {
    this.random = mulberry32(store.config.randomSeed);
  }

  configure(patch: Partial<StreamHubOptions>): void {
    this.options = { ...this.options, ...patch };
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    if (this.options.pingIntervalMs !== null) {
      this.pingTimer = setInterval(() => {
        for (const c of this.open()) void this.ping(c.id).catch(() => undefined);
      }, this.options.pingIntervalMs);
      this.pingTimer.unref();
    }
  }

  /** Handles `GET /connect?ticket=…` upgrades; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const refuse = (status: number, reason: RejectedUpgrade['reason']) => {
      this.rejectedUpgrades.push({ at: this.store.clock.now(), reason });
      const body = JSON.stringify({ code: status === 404 ? 'NotFound' : 'InvalidTicket', message: reason });
      socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Unauthorized'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    };
    if (url.pathname !== '/connect') return refuse(404, 'not found');
    const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
    if (!ticket) return refuse(401, 'unknown ticket');
    if (ticket.used) return refuse(401, 'ticket already used');
    if (this.store.clock.now() > ticket.expiresAt) return refuse(401, 'ticket expired');
    ticket.used = true;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket));
  }

  private accept(ws: WebSocket, ticket: StreamTicket): void {
    const connection: StreamConnection = {
      id: `conn-${this.nextConnection++}`,
      appKey: ticket.appKey,
      subscriptions: ticket.subscriptions,
      openedAt: this.store.clock.now(),
      frames: [],
    };
    this.connectionList.push(connection);
    this.sockets.set(connection.id, ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      connection.frames.push({ direction: 'up', at: this.store.clock.now(), frame });
      this.onUpstream(connection, frame);
    });
    ws.on('close', (code, reason) => {
      connection.closedAt = this.store.clock.now();
      connection.closeCode = code;
      connection.closeReason = reason.toString();
      connection.closedBy = this.serverClosed.delete(connection.id) ? 'server' : code === 1000 ? 'client' : 'network';
      this.sockets.delete(connection.id);
    });
    for (const waiter of this.connectionWaiters.splice(0)) waiter();
  }

  private onUpstream(connection: StreamConnection, frame: Record<string, unknown>): void {
    const headers = (frame.headers ?? {}) as Record<string, unknown>;
    const messageId = typeof headers.messageId === 'string' ? headers.messageId : '';
    const ping = this.pings.get(messageId);
    if (ping) {
      this.pings.delete(messageId);
      ping(frame);
      return;
    }
    const delivery = this.byMessageId.get(messageId);
    if (!delivery) return;
    let data: unknown;
    try {
      data = typeof frame.data === 'string' ? JSON.parse(frame.data) : frame.data;
    } catch {
      data = frame.data;
    }
    const code = typeof frame.code === 'number' ? frame.code : 0;
    delivery.acks.push({ messageId, connectionId: connection.id, code, data });
    const ok = delivery.kind === 'EVENT' ? code === 200 && (data as { status?: unknown } | undefined)?.status === 'SUCCESS' : code === 200;
    if (ok && delivery.status === 'pending') {
      delivery.status = 'acked';
      this.notifyAcked(delivery);
    }
  }

  /** Open connections, optionally of one app. */
  open(appKey?: string): StreamConnection[] {
    return this.connectionList.filter((c) => c.closedAt === undefined && (appKey === undefined || c.appKey === appKey));
  }

  /** Every connection ever accepted (closed ones too), oldest first. */
  connections(): StreamConnection[] {
    return [...this.connectionList];
  }

  deliveries(): StreamDelivery[] {
    return [...this.deliveryList];
  }

  /** Resolves once `count` connections of the app are open. */
  async whenConnected(appKey: string, count = 1): Promise<StreamConnection[]> {
    while (this.open(appKey).length < count) await new Promise<void>((resolve) => this.connectionWaiters.push(resolve));
    return this.open(appKey);
  }

  /** Resolves when `delivery` has been ACKed as DingTalk expects (SUCCESS for events, 200 for callbacks). */
  whenAcked(delivery: StreamDelivery): Promise<StreamDelivery> {
    if (delivery.status === 'acked') return Promise.resolve(delivery);
    return new Promise((resolve) => this.ackWaiters.push({ matches: (d) => d === delivery, resolve }));
  }

  private notifyAcked(delivery: StreamDelivery): void {
    for (const w of [...this.ackWaiters]) {
      if (w.matches(delivery)) {
        this.ackWaiters.splice(this.ackWaiters.indexOf(w), 1);
        w.resolve(delivery);
      }
    }
  }

  /** Sends SYSTEM ping with a fresh opaque value; resolves with the client's echo frame. */
  ping(connectionId: string): Promise<Record<string, unknown>> {
    const messageId = crypto.randomUUID();
    const opaque = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      const sent = this.send(connectionId, {
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: { contentType: 'application/json', messageId, time: String(this.store.clock.now()), topic: 'ping' },
        data: JSON.stringify({ opaque }),
      });
      if (!sent) reject(new Error(`connection ${connectionId} is not open`));
      else this.pings.set(messageId, resolve);
    });
  }

  /** SYSTEM disconnect, then the server closes the socket after the grace period (unless the client did first). */
  disconnect(connectionId: string, reason = 'connection is expired'): void {
    this.send(connectionId, {
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: { contentType: 'application/json', messageId: crypto.randomUUID(), time: String(this.store.clock.now()), topic: 'disconnect' },
      data: JSON.stringify({ reason }),
    });
    this.later(this.options.disconnectGraceMs, () => this.closeFromServer(connectionId, false));
  }

  /** Drops the TCP connection without a close frame (a network failure). */
  drop(connectionId: string): void {
    this.closeFromServer(connectionId, true);
  }

  private closeFromServer(connectionId: string, abrupt: boolean): void {
    const ws = this.sockets.get(connectionId);
    if (!ws) return;
    this.serverClosed.add(connectionId);
    if (abrupt) ws.terminate();
    else ws.close(1000, 'server closed the connection');
  }

  /** Delivers a robot message to one connection of the app (chosen at random); undelivered when none is open. */
  deliverCallback(appKey: string, topic: string, data: Record<string, unknown>): StreamDelivery {
    const delivery: StreamDelivery = { kind: 'CALLBACK', key: String(data.msgId ?? crypto.randomUUID()), topic, appKey, data, pushes: [], acks: [], status: 'pending' };
    this.deliveryList.push(delivery);
    this.push(delivery);
    return delivery;
  }

  /** Pushes an EVENT (headers as in fact sheet §8.2) until a connection ACKs it with SUCCESS. */
  pushEvent(appKey: string, eventType: string, data: Record<string, unknown>): StreamDelivery {
    const delivery: StreamDelivery = { kind: 'EVENT', key: crypto.randomUUID(), topic: eventType, appKey, data, pushes: [], acks: [], status: 'pending' };
    this.deliveryList.push(delivery);
    this.push(delivery);
    return delivery;
  }

  private push(delivery: StreamDelivery): void {
    if (delivery.status !== 'pending') return;
    const candidates = this.open(delivery.appKey).filter((c) =>
      c.subscriptions.some((s) => (delivery.kind === 'EVENT' ? s.type === 'EVENT' : s.type === 'CALLBACK' && s.topic === delivery.topic)),
    );
    const retries = delivery.kind === 'EVENT' || this.options.redeliverCallbacks;
    if (candidates.length === 0) {
      // Robot messages with nobody listening are gone (fire-and-forget); events wait for a connection.
      if (!retries) delivery.status = 'undelivered';
      else this.later(this.options.eventRetryMs, () => this.push(delivery));
      return;
    }
    const connection = candidates[Math.floor(this.random() * candidates.length)];
    const messageId = crypto.randomUUID();
    const now = this.store.clock.now();
    const headers: Record<string, string> = { appId: delivery.appKey, connectionId: connection.id, contentType: 'application/json', messageId, time: String(now), topic: delivery.topic };
    if (delivery.kind === 'EVENT') {
      Object.assign(headers, { eventId: delivery.key, eventType: delivery.topic, eventBornTime: String(now), eventCorpId: this.store.seed.corpId, eventUnifiedAppId: delivery.appKey });
    }
    const frame = { specVersion: '1.0', type: delivery.kind, headers, data: JSON.stringify(delivery.data) };
    const duplicated = this.options.duplicateFraction > 0 && this.random() < this.options.duplicateFraction;
    this.byMessageId.set(messageId, delivery);
    delivery.pushes.push({ messageId, connectionId: connection.id, at: now, duplicated });
    this.send(connection.id, frame);
    if (duplicated) this.send(connection.id, frame);
    if (retries) this.later(this.options.eventRetryMs, () => this.push(delivery));
  }

  private send(connectionId: string, frame: Record<string, unknown>): boolean {
    const ws = this.sockets.get(connectionId);
    const connection = this.connectionList.find((c) => c.id === connectionId);
    if (!ws || ws.readyState !== WebSocket.OPEN || !connection) return false;
    connection.frames.push({ direction: 'down', at: this.store.clock.now(), frame });
    ws.send(JSON.stringify(frame));
    return true;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Forgets deliveries and pending re-pushes (connections stay open, like a real server's). */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.deliveryList.length = 0;
    this.byMessageId.clear();
    this.rejectedUpgrades.length = 0;
    this.random = mulberry32(this.store.config.randomSeed);
  }

  close(): void {
    this.reset();
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }
}

/** Small seeded PRNG so the choice among connections is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

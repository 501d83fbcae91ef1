/**
 * A Stream Mode client (docs/dingtalk-api.md §8) on `ws`, written for this extension instead of using the
 * `dingtalk-stream` SDK (README "Message stream" says why).
 *
 * - Every (re)connection asks the gateway for a fresh ticket (single-use, 90 s), then opens the WebSocket.
 * - SYSTEM `ping` is echoed; SYSTEM `disconnect` starts a replacement connection at once while the old socket
 *   keeps ACKing until the server closes it or the replacement is up.
 * - Every EVENT and CALLBACK is ACKed in DingTalk's frame shapes, after the handler ran: EVENT with SUCCESS, or
 *   LATER when the handler failed (DingTalk pushes it again); robot CALLBACKs with 200, or 500 on failure.
 * - Deliveries are de-duplicated by event id / robot msgId; duplicates get the first delivery's ACK.
 * - A dropped or refused connection is retried with exponential backoff and jitter; a connection that stayed up
 *   resets the backoff. Wrong credentials stop the client (`failed`) until it is started again.
 * - A protocol-level ping every `keepAliveMs` detects a dead peer that never closed the TCP connection.
 *
 * Clock, sleep, randomness, fetch and the socket are injected, so tests control time exactly.
 */

import { DingTalkError } from '../dingtalk/errors';
import { Clock, CoreLogger, FetchLike, HttpTransport, Sleep, noopLogger, realSleep, redactingLogger, systemClock } from '../dingtalk/transport';
import { describeError } from '../redact';
import { Emitter, Event } from '../outbox/events';
import { OnceMap } from './dedupe';
import { AckFrame, DownstreamFrame, EventStatus, FrameHeaders, TOPIC_ROBOT, callbackAck, eventAck, frameData, parseFrame, pingAck, serializeAck } from './frames';
import { StreamCredentials, StreamSubscription, connectUrl, openConnection } from './gateway';
import { DEFAULT_RECONNECT, ReconnectPolicy, reconnectDelay } from './reconnect';
import { RobotMessage, parseRobotMessage } from './robotMessage';
import { OpenSocket, StreamSocket, openWsSocket } from './socket';

export type StreamClientState = 'stopped' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** An EVENT as handed to the handler. */
export interface StreamEvent {
  readonly headers: FrameHeaders;
  readonly data: unknown;
}

export interface StreamClientOptions {
  /** Read at every connection, so a changed setting applies at the next reconnect. */
  gatewayUrl: () => string;
  /** Read at every connection; undefined = no app configured (the client stops as `failed`). */
  credentials: () => Promise<StreamCredentials | undefined>;
  /** Must persist the message before resolving: the ACK follows. A rejection ACKs 500. */
  onRobotMessage?: (message: RobotMessage) => Promise<void> | void;
  /** Default: SUCCESS for every event (the extension subscribes to none in particular). */
  onEvent?: (event: StreamEvent) => Promise<EventStatus> | EventStatus;
  subscriptions?: readonly StreamSubscription[];
  openSocket?: OpenSocket;
  fetch?: FetchLike;
  clock?: Clock;
  /** Must reject when its signal aborts. */
  sleep?: Sleep;
  random?: () => number;
  logger?: CoreLogger;
  reconnect?: Partial<ReconnectPolicy>;
  /** Protocol-level ping interval; 0 turns the keep-alive off. Default 20 s. */
  keepAliveMs?: number;
  /** Remembered delivery ids. Default 2000. */
  dedupeSize?: number;
  ua?: string;
}

/** Counters for tests, the log and benchmarks. */
export interface StreamClientStats {
  gatewayCalls: number;
  connectionsOpened: number;
  pingsAnswered: number;
  robotMessages: number;
  events: number;
  duplicates: number;
  acks: number;
}

interface SessionOutcome {
  readonly opened: boolean;
  readonly openMs: number;
  readonly reason: 'disconnect' | 'dropped' | 'rejected' | 'stopped';
}

/** Errors that retrying cannot fix: the user must change the app's configuration. */
function isFatal(err: unknown): boolean {
  return err instanceof DingTalkError && (err.kind === 'invalidCredentials' || err.kind === 'permissionDenied' || err.details.reason === 'appNotConfigured');
}

export class StreamClient {
  private readonly transport: HttpTransport;
  private readonly openSocket: OpenSocket;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly logger: CoreLogger;
  private readonly policy: ReconnectPolicy;
  private readonly keepAliveMs: number;
  private readonly seen: OnceMap<boolean | EventStatus>;
  private readonly stateEmitter = new Emitter<StreamClientState>();
  private readonly reconnectEmitter = new Emitter<{ attempt: number; delayMs: number }>();
  private currentState: StreamClientState = 'stopped';
  private running?: { abort: AbortController; done: Promise<void> };
  private current?: StreamSocket;
  /** Sockets DingTalk asked us to leave (SYSTEM disconnect): still ACKing until closed. */
  private readonly draining = new Set<StreamSocket>();
  readonly stats: StreamClientStats = { gatewayCalls: 0, connectionsOpened: 0, pingsAnswered: 0, robotMessages: 0, events: 0, duplicates: 0, acks: 0 };
  /** Why the last attempt failed (cleared when a connection opens). */
  lastError?: DingTalkError;

  readonly onDidChangeState: Event<StreamClientState> = this.stateEmitter.event;
  /** Fired before each backoff wait. */
  readonly onReconnectScheduled: Event<{ attempt: number; delayMs: number }> = this.reconnectEmitter.event;

  constructor(private readonly options: StreamClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.logger = redactingLogger(options.logger ?? noopLogger);
    // One attempt per gateway call: the reconnect loop owns retries and their backoff.
    this.transport = new HttpTransport({ fetch: options.fetch, clock: this.clock, sleep: this.sleep, random: this.random, logger: options.logger, retry: { maxAttempts: 1 } });
    this.openSocket = options.openSocket ?? openWsSocket;
    this.policy = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.keepAliveMs = options.keepAliveMs ?? 20_000;
    this.seen = new OnceMap(options.dedupeSize ?? 2_000);
  }

  get state(): StreamClientState {
    return this.currentState;
  }

  /** Connects (and keeps reconnecting) until stopped. Calling it while running does nothing. */
  start(): void {
    if (this.running) return;
    const abort = new AbortController();
    const done = this.run(abort.signal).catch((err: unknown) => {
      this.logger.error(`stream: the connection loop failed: ${describeError(err).message}`);
      this.setState('failed');
    });
    this.running = { abort, done };
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.abort.abort();
    for (const socket of this.draining) socket.close(1000, 'client stopped');
    this.draining.clear();
    await running.done;
    this.running = undefined;
    this.setState('stopped');
  }

  dispose(): Promise<void> {
    const stopped = this.stop();
    this.stateEmitter.dispose();
    this.reconnectEmitter.dispose();
    return stopped;
  }

  private setState(state: StreamClientState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    let everConnected = false;
    while (!signal.aborted) {
      this.setState(everConnected || attempt > 0 ? 'reconnecting' : 'connecting');
      let outcome: SessionOutcome | undefined;
      try {
        const credentials = await this.options.credentials();
        if (!credentials) {
          throw new DingTalkError({ kind: 'invalidCredentials', explanation: 'The enterprise app is not configured yet.', details: { reason: 'appNotConfigured' } });
        }
        this.stats.gatewayCalls++;
        const ticket = await openConnection(this.transport, this.options.gatewayUrl(), credentials, {
          subscriptions: this.options.subscriptions,
          ua: this.options.ua,
          signal,
        });
        if (signal.aborted) break;
        outcome = await this.session(connectUrl(ticket), signal);
      } catch (err) {
        if (signal.aborted) break;
        this.lastError = err instanceof DingTalkError ? err : new DingTalkError({ kind: 'unknown', dingTalkMessage: describeError(err).message });
        if (isFatal(err)) {
          this.logger.warn(`stream: stopped: ${this.lastError.kind}: ${this.lastError.message}`);
          this.setState('failed');
          return;
        }
        this.logger.warn(`stream: could not open a connection: ${this.lastError.kind}: ${this.lastError.message}`);
      }
      if (signal.aborted || outcome?.reason === 'stopped') break;
      if (outcome?.opened) everConnected = true;
      // DingTalk moves connections around with `disconnect`: follow at once, unless it keeps doing so.
      if (outcome?.reason === 'disconnect' && outcome.openMs >= 5_000) {
        attempt = 0;
        continue;
      }
      if (outcome?.opened && outcome.openMs >= this.policy.stableAfterMs) attempt = 0;
      attempt++;
      const delayMs = reconnectDelay(attempt, this.random, this.policy);
      this.setState('reconnecting');
      this.logger.info(`stream: reconnecting in ${delayMs} ms (attempt ${attempt})`);
      this.reconnectEmitter.fire({ attempt, delayMs });
      try {
        await this.sleep(delayMs, signal);
      } catch {
        break;
      }
    }
  }

  /** One WebSocket, from opening to closing (or to SYSTEM disconnect, after which it drains on its own). */
  private session(url: string, signal: AbortSignal): Promise<SessionOutcome> {
    return new Promise<SessionOutcome>((resolve) => {
      let opened = false;
      let openedAt = 0;
      let settled = false;
      let alive = true;
      const keepAlive = new AbortController();
      const openMs = () => (opened ? this.clock.now() - openedAt : 0);
      const finish = (reason: SessionOutcome['reason']) => {
        if (settled) return;
        settled = true;
        keepAlive.abort();
        signal.removeEventListener('abort', onAbort);
        resolve({ opened, openMs: openMs(), reason });
      };
      const socket = this.openSocket(url, {
        onOpen: () => {
          opened = true;
          openedAt = this.clock.now();
          this.stats.connectionsOpened++;
          this.current = socket;
          this.lastError = undefined;
          // The replacement is up: connections DingTalk asked us to leave can go now.
          for (const old of this.draining) old.close(1000, 'replaced');
          this.draining.clear();
          this.logger.info('stream: connected');
          this.setState('connected');
          if (this.keepAliveMs > 0) void this.keepAlive(socket, keepAlive.signal, () => alive, (v) => (alive = v));
        },
        onMessage: (text) => {
          alive = true;
          this.onFrame(socket, text, () => {
            this.draining.add(socket);
            if (this.current === socket) this.current = undefined;
            finish('disconnect');
          });
        },
        onPong: () => {
          alive = true;
        },
        onClose: (info) => {
          this.draining.delete(socket);
          if (this.current === socket) this.current = undefined;
          if (settled) return;
          if (info.rejectedStatus) this.logger.warn(`stream: the connection was refused (HTTP ${info.rejectedStatus}); a new ticket will be used`);
          else if (opened) this.logger.warn(`stream: the connection closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''}) after ${openMs()} ms`);
          else this.logger.warn(`stream: could not connect${info.error ? ` (${info.error})` : ''}`);
          if (!opened) this.lastError = new DingTalkError({ kind: 'network', details: { cause: info.rejectedStatus ? `HTTP ${info.rejectedStatus}` : (info.error ?? 'closed') } });
          finish(info.rejectedStatus ? 'rejected' : 'dropped');
        },
      });
      const onAbort = () => {
        socket.close(1000, 'client stopped');
        finish('stopped');
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async keepAlive(socket: StreamSocket, signal: AbortSignal, isAlive: () => boolean, setAlive: (v: boolean) => void): Promise<void> {
    for (;;) {
      try {
        await this.sleep(this.keepAliveMs, signal);
      } catch {
        return;
      }
      if (!isAlive()) {
        this.logger.warn(`stream: no answer from DingTalk for ${this.keepAliveMs} ms; dropping the connection`);
        socket.terminate();
        return;
      }
      setAlive(false);
      socket.ping();
    }
  }

  private onFrame(socket: StreamSocket, text: string, onDisconnect: () => void): void {
    const frame = parseFrame(text);
    if (!frame) {
      this.logger.warn(`stream: ignored a frame that is not a DingTalk frame (${text.length} characters)`);
      return;
    }
    switch (frame.type) {
      case 'SYSTEM':
        this.onSystem(socket, frame, onDisconnect);
        return;
      case 'EVENT':
        void this.onEventFrame(socket, frame);
        return;
      case 'CALLBACK':
        void this.onCallbackFrame(socket, frame);
        return;
    }
  }

  private onSystem(socket: StreamSocket, frame: DownstreamFrame, onDisconnect: () => void): void {
    const topic = frame.headers.topic;
    if (topic === 'ping') {
      this.stats.pingsAnswered++;
      this.ack(socket, pingAck(frame));
    } else if (topic === 'disconnect') {
      const reason = (frameData(frame) as { reason?: unknown } | undefined)?.reason;
      this.logger.info(`stream: DingTalk asked to reconnect (${typeof reason === 'string' ? reason : 'no reason given'})`);
      onDisconnect();
    } else {
      this.logger.debug(`stream: SYSTEM ${topic ?? '(no topic)'}`);
    }
  }

  private async onEventFrame(socket: StreamSocket, frame: DownstreamFrame): Promise<void> {
    const messageId = frame.headers.messageId;
    if (!messageId) {
      this.logger.warn('stream: an EVENT without messageId cannot be ACKed; ignored');
      return;
    }
    const key = `event:${frame.headers.eventId ?? messageId}`;
    const { outcome, duplicate } = this.seen.run(key, async () => {
      this.stats.events++;
      try {
        return (await this.options.onEvent?.({ headers: frame.headers, data: frameData(frame) })) ?? 'SUCCESS';
      } catch (err) {
        this.logger.warn(`stream: event ${frame.headers.eventType ?? ''} failed; DingTalk will push it again: ${describeError(err).message}`);
        return 'LATER';
      }
    });
    if (duplicate) this.stats.duplicates++;
    const status = (await outcome) as EventStatus;
    if (status === 'LATER') this.seen.forget(key);
    this.ack(socket, eventAck(messageId, status));
  }

  private async onCallbackFrame(socket: StreamSocket, frame: DownstreamFrame): Promise<void> {
    const messageId = frame.headers.messageId;
    if (!messageId) {
      this.logger.warn('stream: a CALLBACK without messageId cannot be ACKed; ignored');
      return;
    }
    if (frame.headers.topic !== TOPIC_ROBOT) {
      this.ack(socket, callbackAck(messageId, 404));
      return;
    }
    const message = parseRobotMessage(frameData(frame), this.clock.now());
    if (!message) {
      // Malformed: nothing to keep, and asking for it again would not help.
      this.logger.warn('stream: a robot callback without msgId or conversationId; ACKed and ignored');
      this.ack(socket, callbackAck(messageId));
      return;
    }
    const key = `robot:${message.msgId}`;
    const { outcome, duplicate } = this.seen.run(key, async () => {
      this.stats.robotMessages++;
      try {
        await this.options.onRobotMessage?.(message);
        return true;
      } catch (err) {
        this.logger.warn(`stream: could not keep a robot message: ${describeError(err).message}`);
        return false;
      }
    });
    if (duplicate) this.stats.duplicates++;
    const ok = (await outcome) as boolean;
    if (!ok) this.seen.forget(key);
    this.ack(socket, callbackAck(messageId, ok ? 200 : 500));
  }

  private ack(socket: StreamSocket, ack: AckFrame): void {
    this.stats.acks++;
    socket.send(serializeAck(ack));
  }
}

/**
 * Sends messages through a custom group robot (webhook), docs/dingtalk-api.md §2.
 *
 * Per send: validate the webhook URL, serialise once (size check; the msgUuid stays the same across retries
 * so DingTalk de-duplicates), then for every attempt wait for a rate-limiter slot and sign afresh (a retried
 * request must not reuse an old timestamp). A server-side throttle blocks the robot locally for as long as
 * DingTalk says, so later sends fail fast instead of extending the throttle.
 */

import { createHash } from 'node:crypto';
import { redactor } from '../redact';
import { DingTalkError } from './errors';
import { CustomRobotMessage, serializeCustomRobotMessage } from './messages';
import { RateLimiterOptions, SlidingWindowRateLimiter } from './rateLimiter';
import { appendSignature, signWebhook } from './signing';
import { HttpTransport, TransportOptions } from './transport';
import { DINGTALK_OAPI_BASE_URL, parseWebhookUrl } from './webhookUrl';

/** Where to send: a robot's webhook URL and, when 加签 is enabled, its SEC… secret. */
export interface CustomRobotTarget {
  readonly webhookUrl: string;
  readonly signingSecret?: string;
}

/** Options of {@link CustomRobotClient}. */
export interface CustomRobotClientOptions extends TransportOptions {
  /**
   * oapi base URL. When it is not the real host (the sandbox), webhook URLs under it are accepted in addition
   * to https://oapi.dingtalk.com. Default https://oapi.dingtalk.com.
   */
  oapiBaseUrl?: string;
  /** Accepted so both clients take the same endpoints object; the custom robot only talks to the oapi host. */
  apiBaseUrl?: string;
  /** Share one limiter between clients; by default each client has its own, using the client's clock/sleep. */
  rateLimiter?: SlidingWindowRateLimiter;
  /** Settings for the default limiter (20 per 60 s). */
  rateLimit?: Pick<RateLimiterOptions, 'limit' | 'windowMs' | 'marginMs'>;
  /** Use an existing transport instead of building one from the options above. */
  transport?: HttpTransport;
}

/** Result of a successful send. */
export interface CustomRobotSendResult {
  /** The idempotency key the message was sent with (reuse it to re-send the same message). */
  readonly msgUuid: string;
  /** HTTP attempts made (1 when no retry was needed). */
  readonly attempts: number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Client for custom-robot webhooks. */
export class CustomRobotClient {
  private readonly transport: HttpTransport;
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly allowedBaseUrl?: string;

  constructor(options: CustomRobotClientOptions = {}) {
    this.transport = options.transport ?? new HttpTransport(options);
    this.limiter = options.rateLimiter ?? new SlidingWindowRateLimiter({
      ...options.rateLimit,
      clock: this.transport.clock,
      sleep: this.transport.sleep,
    });
    const base = (options.oapiBaseUrl ?? DINGTALK_OAPI_BASE_URL).replace(/\/+$/, '');
    if (base !== DINGTALK_OAPI_BASE_URL) this.allowedBaseUrl = base;
  }

  /** Validates a target without sending anything (throws `invalidWebhookUrl` / `invalidParameter`). */
  validateTarget(target: CustomRobotTarget): void {
    parseWebhookUrl(target.webhookUrl, { allowedBaseUrl: this.allowedBaseUrl });
    checkSigningSecret(target.signingSecret);
  }

  /** Sends `message` to the robot; throws a {@link DingTalkError} on failure. */
  async send(target: CustomRobotTarget, message: CustomRobotMessage, options: CallOptions = {}): Promise<CustomRobotSendResult> {
    const webhook = parseWebhookUrl(target.webhookUrl, { allowedBaseUrl: this.allowedBaseUrl });
    const secret = checkSigningSecret(target.signingSecret);
    const body = serializeCustomRobotMessage(message);
    const robotKey = createHash('sha256').update(webhook.sendUrl).digest('hex').slice(0, 16);
    const clock = this.transport.clock;

    const blocked = this.limiter.blockedUntil(robotKey);
    if (blocked !== undefined && blocked - clock.now() > this.transport.retry.maxRetryAfterMs) {
      throw new DingTalkError({
        kind: 'rateLimited',
        retryAfterMs: blocked - clock.now(),
        dingTalkMessage: 'this robot is still throttled by DingTalk (not sent again to avoid extending the throttle)',
      });
    }

    const { attempts } = await this.transport.request({
      method: 'POST',
      operation: `robot.send ${message.msgtype} robot#${robotKey.slice(0, 6)}`,
      surface: 'customRobot',
      idempotent: true, // msgUuid makes DingTalk drop duplicates
      signal: options.signal,
      prepare: async () => {
        await this.limiter.acquire(robotKey, options.signal);
        // Sign after waiting for the slot so the timestamp is fresh for this very attempt.
        const url = secret ? appendSignature(webhook.sendUrl, signWebhook(secret, clock.now())) : webhook.sendUrl;
        return { url, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
      },
      onAttemptError: (error) => {
        if (error.kind === 'rateLimited' && error.retryAfterMs !== undefined) {
          this.limiter.blockUntil(robotKey, clock.now() + error.retryAfterMs);
        }
      },
    });
    this.transport.logger.info(`robot.send: ${message.msgtype} message ${message.msgUuid} delivered (${attempts} attempt(s))`);
    return { msgUuid: message.msgUuid, attempts };
  }
}

function checkSigningSecret(secret: string | undefined): string | undefined {
  if (secret === undefined || secret === '') return undefined;
  redactor.addSecret(secret);
  if (/\s/.test(secret)) {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: 'The signing secret contains spaces or line breaks.',
      remedy: "Copy the secret (SEC…) from the robot's security settings again, without spaces.",
      details: { parameter: 'signingSecret', reason: 'whitespace' },
    });
  }
  if (/^https?:|access_token=/i.test(secret)) {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: 'The signing secret field contains a URL, not the robot secret.',
      remedy: "Paste the secret that starts with SEC from the robot's security settings (加签).",
      details: { parameter: 'signingSecret', reason: 'url' },
    });
  }
  return secret;
}

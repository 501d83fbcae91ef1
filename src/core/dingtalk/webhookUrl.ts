/**
 * Parsing and validation of custom-robot webhook URLs.
 *
 * Only `https://oapi.dingtalk.com/robot/send?access_token=…` is accepted, plus URLs under one explicitly
 * allowed base URL (the machine-scoped override used for the local sandbox, e.g. `http://127.0.0.1:PORT`).
 * Anything else is refused before a single byte is sent, so a mistyped or malicious URL can never carry the
 * webhook token (or a signature) to another host.
 */

import { redactor } from '../redact';
import { DingTalkError } from './errors';

/** The real DingTalk oapi origin. */
export const DINGTALK_OAPI_BASE_URL = 'https://oapi.dingtalk.com';
const SEND_PATH = '/robot/send';

/** Why a webhook URL was refused; `DingTalkError.details.reason` carries it for localisation. */
export type WebhookUrlProblem =
  | 'empty'
  | 'whitespace'
  | 'tokenOnly'
  | 'notUrl'
  | 'insecureScheme'
  | 'wrongHost'
  | 'wrongPath'
  | 'credentialsInUrl'
  | 'missingToken'
  | 'duplicateToken'
  | 'nestedUrl'
  | 'invalidTokenCharacters'
  | 'containsSignature';

/** A validated webhook. */
export interface ParsedWebhook {
  /** Origin plus any base path, without a trailing slash: where `/robot/send` lives. */
  readonly baseUrl: string;
  /** The robot's access token (registered as a secret). */
  readonly accessToken: string;
  /** The canonical send URL `${baseUrl}/robot/send?access_token=…` (contains the secret token). */
  readonly sendUrl: string;
}

/** Options for {@link parseWebhookUrl}. */
export interface ParseWebhookOptions {
  /**
   * An extra base URL that is accepted besides the real DingTalk host (scheme, host, port and optional path
   * prefix must match exactly). Comes only from machine-scoped configuration.
   */
  allowedBaseUrl?: string;
}

const MESSAGES: Record<WebhookUrlProblem, string> = {
  empty: 'The webhook URL is empty.',
  whitespace: 'The webhook URL contains spaces or line breaks (often picked up when copying).',
  tokenOnly: 'This looks like only the access token, not the whole webhook URL.',
  notUrl: 'The webhook URL is not a valid URL.',
  insecureScheme: 'The webhook URL must start with https:// (DingTalk does not accept plain http).',
  wrongHost: 'The webhook URL does not point at oapi.dingtalk.com.',
  wrongPath: 'The webhook URL does not end in /robot/send (a sendBySession or other URL is not a robot webhook).',
  credentialsInUrl: 'The webhook URL must not contain a user name or password.',
  missingToken: 'The webhook URL has no access_token parameter.',
  duplicateToken: 'The webhook URL has more than one access_token parameter.',
  nestedUrl: 'The access_token parameter contains a whole URL: the webhook URL was pasted twice.',
  invalidTokenCharacters: 'The access_token contains characters a DingTalk token never has (the URL looks damaged or encoded twice).',
  containsSignature: 'The webhook URL already contains timestamp/sign parameters; those are added automatically for every message.',
};

const REMEDIES: Partial<Record<WebhookUrlProblem, string>> = {
  whitespace: 'Remove the spaces or line breaks and paste the URL again.',
  tokenOnly: "Paste the complete webhook URL from the robot's settings: https://oapi.dingtalk.com/robot/send?access_token=…",
  nestedUrl: "Paste the webhook URL once: https://oapi.dingtalk.com/robot/send?access_token=…",
  containsSignature: "Paste the webhook URL without timestamp and sign, and enter the robot's SEC… secret as the signing secret.",
};

function refuse(reason: WebhookUrlProblem, extra: Record<string, string> = {}): DingTalkError {
  const host = extra.host ? ` (found ${extra.host})` : '';
  return new DingTalkError({
    kind: 'invalidWebhookUrl',
    explanation: `${MESSAGES[reason].replace(/\.$/, '')}${host}.`,
    remedy: REMEDIES[reason],
    details: { reason, ...extra },
  });
}

interface AllowedBase {
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  /** Path prefix without a trailing slash ('' for a bare origin). */
  readonly prefix: string;
}

function normaliseBase(base: string): AllowedBase {
  const url = new URL(base);
  return { origin: url.origin, protocol: url.protocol, host: url.host, prefix: url.pathname.replace(/\/+$/, '') };
}

/** The send URL for a token under a base URL. */
export function buildSendUrl(baseUrl: string, accessToken: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${SEND_PATH}?access_token=${encodeURIComponent(accessToken)}`;
}

/**
 * Validates a custom-robot webhook URL and returns its parts, or throws a {@link DingTalkError} of kind
 * `invalidWebhookUrl` whose `details.reason` is a {@link WebhookUrlProblem}. The token is registered with the
 * redactor as soon as it is seen, even when the URL is refused.
 */
export function parseWebhookUrl(input: string, options: ParseWebhookOptions = {}): ParsedWebhook {
  // Register anything token-shaped first so even a refusal cannot leak it into a log line.
  const tokenLike = /access_token=([^&#\s]+)/.exec(input ?? '');
  if (tokenLike) redactor.addSecret(safeDecode(tokenLike[1]));

  if (input === undefined || input === null || input.trim() === '') throw refuse('empty');
  if (/\s/.test(input)) throw refuse('whitespace');
  if (/^[0-9a-f]{32,}$/i.test(input)) {
    redactor.addSecret(input);
    throw refuse('tokenOnly');
  }

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw refuse('notUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('notUrl');
  if (url.username || url.password) throw refuse('credentialsInUrl');

  const bases = [normaliseBase(DINGTALK_OAPI_BASE_URL)];
  if (options.allowedBaseUrl) bases.push(normaliseBase(options.allowedBaseUrl));
  const base = bases.find((b) => b.origin === url.origin && url.pathname.startsWith(`${b.prefix}/`));
  if (!base) {
    const sameHostInsecure = bases.some((b) => b.protocol === 'https:' && url.protocol === 'http:' && b.host === url.host);
    if (sameHostInsecure) throw refuse('insecureScheme');
    throw refuse('wrongHost', { host: url.host });
  }
  if (url.pathname !== base.prefix + SEND_PATH) throw refuse('wrongPath');

  const tokens = url.searchParams.getAll('access_token');
  if (tokens.length === 0 || tokens[0] === '') throw refuse('missingToken');
  for (const t of tokens) redactor.addSecret(t);
  if (tokens.length > 1) throw refuse('duplicateToken');
  const token = tokens[0];
  if (/https?:|\/robot\/send|access_token/i.test(token)) throw refuse('nestedUrl');
  if (!/^[A-Za-z0-9._~-]+$/.test(token)) throw refuse('invalidTokenCharacters');
  if (url.searchParams.has('sign') || url.searchParams.has('timestamp')) {
    redactor.addSecret(url.searchParams.get('sign'));
    throw refuse('containsSignature');
  }

  const baseUrl = `${base.origin}${base.prefix}`;
  return { baseUrl, accessToken: token, sendUrl: buildSendUrl(baseUrl, token) };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

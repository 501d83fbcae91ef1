/**
 * Message builders with DingTalk's exact field casing (docs/dingtalk-api.md §2.2 and §4.2).
 *
 * The casing differs per type and is the classic source of silent failures: `link` uses `messageUrl`/`picUrl`,
 * `feedCard` uses `messageURL`/`picURL`, actionCard uses `singleURL` and `btns[].actionURL`.
 *
 * Custom-robot messages always carry a `msgUuid` (DingTalk's idempotency key): callers that retry a send pass
 * the same one so DingTalk de-duplicates. Size limits are checked before anything is sent; nothing is ever
 * truncated silently.
 */

import { randomUUID } from 'node:crypto';
import { DingTalkError } from './errors';

/** DingTalk's body limit for custom-robot messages (UTF-8 bytes of the JSON body). */
export const CUSTOM_ROBOT_BODY_LIMIT_BYTES = 20_000;
/** DingTalk's limit for the app robot's msgParam string (UTF-8 bytes). */
export const APP_ROBOT_MSG_PARAM_LIMIT_BYTES = 15_000;

// ---------------------------------------------------------------------------------------------------------
// Custom robot (webhook)

/** Who to @-mention. Only text and markdown messages can mention. */
export interface Mentions {
  /** Mobile numbers of group members. */
  atMobiles?: string[];
  /** DingTalk userIds (staffIds) of group members. */
  atUserIds?: string[];
  isAtAll?: boolean;
}

/** The `at` object exactly as DingTalk expects it. */
export interface AtField {
  atMobiles?: string[];
  atUserIds?: string[];
  isAtAll?: boolean;
}

/** Options common to every custom-robot builder. */
export interface CustomMessageOptions {
  /** Idempotency key; pass the previous value when re-sending the same message. Default: a random UUID. */
  msgUuid?: string;
}

/** Options of text and markdown builders. */
export interface MentionableMessageOptions extends CustomMessageOptions {
  at?: Mentions;
}

/** `{"msgtype":"text","text":{"content"},"at"}` */
export interface TextMessage {
  msgtype: 'text';
  text: { content: string };
  at?: AtField;
  msgUuid: string;
}

/** `{"msgtype":"markdown","markdown":{"title","text"},"at"}` */
export interface MarkdownMessage {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at?: AtField;
  msgUuid: string;
}

/** `{"msgtype":"link","link":{"title","text","messageUrl","picUrl"}}` */
export interface LinkMessage {
  msgtype: 'link';
  link: { title: string; text: string; messageUrl: string; picUrl?: string };
  msgUuid: string;
}

/** Button layout of an actionCard: "0" vertical, "1" horizontal. */
export type ButtonOrientation = '0' | '1';

/** A whole-card-jump actionCard or a per-button actionCard. */
export interface ActionCardMessage {
  msgtype: 'actionCard';
  actionCard:
    | { title: string; text: string; singleTitle: string; singleURL: string; btnOrientation?: ButtonOrientation }
    | { title: string; text: string; btns: { title: string; actionURL: string }[]; btnOrientation?: ButtonOrientation };
  msgUuid: string;
}

/** `{"msgtype":"feedCard","feedCard":{"links":[{"title","messageURL","picURL"}]}}` */
export interface FeedCardMessage {
  msgtype: 'feedCard';
  feedCard: { links: { title: string; messageURL: string; picURL: string }[] };
  msgUuid: string;
}

/** Any body a custom robot can send (it cannot send images, files, voice or video). */
export type CustomRobotMessage = TextMessage | MarkdownMessage | LinkMessage | ActionCardMessage | FeedCardMessage;

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: `The message field "${field}" is empty.`,
      remedy: `Provide a value for "${field}".`,
      details: { parameter: field },
    });
  }
  return value;
}

function uuid(options: CustomMessageOptions | undefined): string {
  return options?.msgUuid ?? randomUUID();
}

/**
 * The `at` field plus the text to append so the mention really fires: DingTalk only highlights and notifies
 * `@138…` / `@userid` that also appear in the content. Names already present are not repeated.
 */
function mentionParts(content: string, at: Mentions | undefined): { at?: AtField; suffix: string } {
  if (!at) return { suffix: '' };
  const atMobiles = dedupe(at.atMobiles);
  const atUserIds = dedupe(at.atUserIds);
  const field: AtField = {};
  if (atMobiles.length) field.atMobiles = atMobiles;
  if (atUserIds.length) field.atUserIds = atUserIds;
  if (at.isAtAll !== undefined) field.isAtAll = at.isAtAll;
  if (Object.keys(field).length === 0) return { suffix: '' };
  const missing = [...atMobiles, ...atUserIds].map((id) => `@${id}`).filter((tag) => !content.includes(tag));
  return { at: field, suffix: missing.join(' ') };
}

function dedupe(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))];
}

/** A text message; mentions are added to `at` and appended to the content. */
export function textMessage(content: string, options: MentionableMessageOptions = {}): TextMessage {
  requireText(content, 'text.content');
  const { at, suffix } = mentionParts(content, options.at);
  const message: TextMessage = { msgtype: 'text', text: { content: suffix ? `${content}\n${suffix}` : content }, msgUuid: uuid(options) };
  if (at) message.at = at;
  return message;
}

/** A markdown message; `title` shows in the conversation list. Mentions are appended to the text. */
export function markdownMessage(title: string, text: string, options: MentionableMessageOptions = {}): MarkdownMessage {
  requireText(title, 'markdown.title');
  requireText(text, 'markdown.text');
  const { at, suffix } = mentionParts(text, options.at);
  const message: MarkdownMessage = { msgtype: 'markdown', markdown: { title, text: suffix ? `${text}\n\n${suffix}` : text }, msgUuid: uuid(options) };
  if (at) message.at = at;
  return message;
}

/** A link card (cannot @). */
export function linkMessage(
  link: { title: string; text: string; messageUrl: string; picUrl?: string },
  options: CustomMessageOptions = {},
): LinkMessage {
  const body: LinkMessage['link'] = {
    title: requireText(link.title, 'link.title'),
    text: requireText(link.text, 'link.text'),
    messageUrl: requireText(link.messageUrl, 'link.messageUrl'),
  };
  if (link.picUrl) body.picUrl = link.picUrl;
  return { msgtype: 'link', link: body, msgUuid: uuid(options) };
}

/** An actionCard whose whole card jumps to `singleURL`. */
export function actionCardMessage(
  card: { title: string; text: string; singleTitle: string; singleURL: string; btnOrientation?: ButtonOrientation },
  options: CustomMessageOptions = {},
): ActionCardMessage {
  const body: { title: string; text: string; singleTitle: string; singleURL: string; btnOrientation?: ButtonOrientation } = {
    title: requireText(card.title, 'actionCard.title'),
    text: requireText(card.text, 'actionCard.text'),
    singleTitle: requireText(card.singleTitle, 'actionCard.singleTitle'),
    singleURL: requireText(card.singleURL, 'actionCard.singleURL'),
  };
  if (card.btnOrientation !== undefined) body.btnOrientation = orientation(card.btnOrientation);
  return { msgtype: 'actionCard', actionCard: body, msgUuid: uuid(options) };
}

/** An actionCard with one button per entry of `btns`; `btnOrientation` "0" vertical (default), "1" horizontal. */
export function multiButtonActionCardMessage(
  card: { title: string; text: string; btns: { title: string; actionURL: string }[]; btnOrientation?: ButtonOrientation },
  options: CustomMessageOptions = {},
): ActionCardMessage {
  if (!Array.isArray(card.btns) || card.btns.length === 0) {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: 'A multi-button actionCard needs at least one button.',
      remedy: 'Add a button or use a single-jump actionCard.',
      details: { parameter: 'actionCard.btns' },
    });
  }
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: requireText(card.title, 'actionCard.title'),
      text: requireText(card.text, 'actionCard.text'),
      btns: card.btns.map((b, i) => ({
        title: requireText(b.title, `actionCard.btns[${i}].title`),
        actionURL: requireText(b.actionURL, `actionCard.btns[${i}].actionURL`),
      })),
      btnOrientation: orientation(card.btnOrientation ?? '0'),
    },
    msgUuid: uuid(options),
  };
}

function orientation(value: ButtonOrientation): ButtonOrientation {
  if (value !== '0' && value !== '1') {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: `btnOrientation must be "0" (vertical) or "1" (horizontal), not ${JSON.stringify(value)}.`,
      remedy: 'Use "0" or "1".',
      details: { parameter: 'actionCard.btnOrientation' },
    });
  }
  return value;
}

/** A feedCard: a list of links, note `messageURL`/`picURL` (capital URL) unlike `link` (cannot @). */
export function feedCardMessage(links: { title: string; messageURL: string; picURL: string }[], options: CustomMessageOptions = {}): FeedCardMessage {
  if (!Array.isArray(links) || links.length === 0) {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: 'A feedCard needs at least one link.',
      remedy: 'Add a link.',
      details: { parameter: 'feedCard.links' },
    });
  }
  return {
    msgtype: 'feedCard',
    feedCard: {
      links: links.map((l, i) => ({
        title: requireText(l.title, `feedCard.links[${i}].title`),
        messageURL: requireText(l.messageURL, `feedCard.links[${i}].messageURL`),
        picURL: requireText(l.picURL, `feedCard.links[${i}].picURL`),
      })),
    },
    msgUuid: uuid(options),
  };
}

/** UTF-8 size of a string in bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function tooLarge(what: string, size: number, limit: number): DingTalkError {
  return new DingTalkError({ kind: 'bodyTooLarge', details: { what, size, limit } });
}

/**
 * Serialises a custom-robot message to its JSON body, refusing (kind `bodyTooLarge`, with size and limit) a body
 * over {@link CUSTOM_ROBOT_BODY_LIMIT_BYTES}. Also refuses `at` on types that cannot mention.
 */
export function serializeCustomRobotMessage(message: CustomRobotMessage, limitBytes = CUSTOM_ROBOT_BODY_LIMIT_BYTES): string {
  const loose = message as { msgtype: string; at?: unknown };
  if (loose.at !== undefined && loose.msgtype !== 'text' && loose.msgtype !== 'markdown') {
    throw new DingTalkError({
      kind: 'invalidParameter',
      explanation: `A ${loose.msgtype} message cannot @-mention anyone; only text and markdown can.`,
      remedy: 'Send the mention as a text or markdown message.',
      details: { parameter: 'at' },
    });
  }
  const body = JSON.stringify(message);
  const size = utf8Bytes(body);
  if (size > limitBytes) throw tooLarge('message body', size, limitBytes);
  return body;
}

// ---------------------------------------------------------------------------------------------------------
// App robot (msgKey + msgParam)

/** An app-robot message: a template key and its parameters as a JSON **string**. */
export interface AppRobotMessage {
  readonly msgKey: string;
  readonly msgParam: string;
}

function appMessage(msgKey: string, param: Record<string, string>): AppRobotMessage {
  const msgParam = JSON.stringify(param);
  const size = utf8Bytes(msgParam);
  if (size > APP_ROBOT_MSG_PARAM_LIMIT_BYTES) throw tooLarge('msgParam', size, APP_ROBOT_MSG_PARAM_LIMIT_BYTES);
  return { msgKey, msgParam };
}

/** `sampleText` → `{"content"}` */
export function sampleText(content: string): AppRobotMessage {
  return appMessage('sampleText', { content: requireText(content, 'content') });
}

/** `sampleMarkdown` → `{"title","text"}` */
export function sampleMarkdown(title: string, text: string): AppRobotMessage {
  return appMessage('sampleMarkdown', { title: requireText(title, 'title'), text: requireText(text, 'text') });
}

/** `sampleImageMsg` → `{"photoURL"}`: an image URL or a media id from media/upload (with its leading `@`). */
export function sampleImageMsg(photoURL: string): AppRobotMessage {
  return appMessage('sampleImageMsg', { photoURL: requireText(photoURL, 'photoURL') });
}

/** File types the app robot's sampleFile officially supports (docs §4.2). */
export const SAMPLE_FILE_TYPES: readonly string[] = ['xlsx', 'pdf', 'zip', 'rar', 'doc', 'docx'];

/**
 * `sampleFile` → `{"mediaId","fileName","fileType"}`. `fileType` defaults to the file name's extension and
 * must be one DingTalk documents (xlsx, pdf, zip, rar, doc, docx); other files should be zipped.
 */
export function sampleFile(file: { mediaId: string; fileName: string; fileType?: string }): AppRobotMessage {
  const fileName = requireText(file.fileName, 'fileName');
  const fileType = (file.fileType ?? extensionOf(fileName)).toLowerCase();
  if (!SAMPLE_FILE_TYPES.includes(fileType)) {
    throw new DingTalkError({
      kind: 'unsupportedFileType',
      details: { fileName, type: 'sampleFile', allowed: SAMPLE_FILE_TYPES.join(', ') },
    });
  }
  return appMessage('sampleFile', { mediaId: requireText(file.mediaId, 'mediaId'), fileName, fileType });
}

/** `sampleLink` → `{"text","title","picUrl","messageUrl"}` */
export function sampleLink(link: { title: string; text: string; messageUrl: string; picUrl?: string }): AppRobotMessage {
  const param: Record<string, string> = {
    text: requireText(link.text, 'text'),
    title: requireText(link.title, 'title'),
    picUrl: link.picUrl ?? '',
    messageUrl: requireText(link.messageUrl, 'messageUrl'),
  };
  return appMessage('sampleLink', param);
}

/** `sampleActionCard` → `{"title","text","singleTitle","singleURL"}` */
export function sampleActionCard(card: { title: string; text: string; singleTitle: string; singleURL: string }): AppRobotMessage {
  return appMessage('sampleActionCard', {
    title: requireText(card.title, 'title'),
    text: requireText(card.text, 'text'),
    singleTitle: requireText(card.singleTitle, 'singleTitle'),
    singleURL: requireText(card.singleURL, 'singleURL'),
  });
}

/** Lower-case extension without the dot ('' when there is none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

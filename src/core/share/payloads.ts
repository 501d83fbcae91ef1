/**
 * The app-robot messages for uploaded media, in order: the caption (if any) as text, then one message per
 * upload (image → sampleImageMsg, anything else → sampleFile). Shared by "Share File" and by Send Selection's
 * "send it as a file".
 */

import { sampleFile, sampleImageMsg, sampleText } from '../dingtalk/messages';
import type { OutboxPayload } from '../outbox/item';

/** An uploaded item: an image, or a file with the name and type its message shows. */
export type UploadedMedia = { readonly kind: 'image'; readonly mediaId: string } | { readonly kind: 'file'; readonly mediaId: string; readonly fileName: string; readonly fileType: string };

export function mediaPayloads(caption: string, media: readonly UploadedMedia[]): OutboxPayload[] {
  const payloads: OutboxPayload[] = [];
  if (caption.trim()) payloads.push({ kind: 'appRobot', ...sampleText(caption.trim()) });
  for (const m of media) {
    const message = m.kind === 'image' ? sampleImageMsg(m.mediaId) : sampleFile({ mediaId: m.mediaId, fileName: m.fileName, fileType: m.fileType });
    payloads.push({ kind: 'appRobot', ...message });
  }
  return payloads;
}

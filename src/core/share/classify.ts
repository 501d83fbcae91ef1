/**
 * How each shared item travels, and the limits it must respect (docs/dingtalk-api.md §4.2, §5):
 *  - png, jpg/jpeg, gif, bmp → media type `image`, sent as sampleImageMsg;
 *  - xlsx, pdf, zip, rar, doc, docx (what sampleFile accepts) → media type `file`, sent as sampleFile;
 *  - anything else, and every folder → packed into `<name>.zip` (original names inside), sent as sampleFile.
 */

import { MEDIA_LIMITS, MediaType } from '../dingtalk/media';
import { extensionOf, SAMPLE_FILE_TYPES } from '../dingtalk/messages';

const MB = 1024 * 1024;

/** Limits of one share (one command run). */
export const SHARE_LIMITS = {
  /** Items (files or folders) per share: each is an upload plus a message against the app's API quota. */
  maxItems: 20,
  /** Bytes uploaded per share; larger selections are better shared in parts, or as a link. */
  maxBatchBytes: 100 * MB,
  /** Input of one archive: bounds what is read and compressed before DingTalk's 20 MB limit can be checked. */
  maxArchiveInputBytes: 200 * MB,
  /** Files in one archive. */
  maxArchiveEntries: 10_000,
  /** A text file up to this size can go to a custom robot as a code message instead (its body limit is 20,000 bytes). */
  maxCodeMessageBytes: 15_000,
} as const;

export type ShareKind = 'image' | 'file' | 'zip';

/** How one item is uploaded and sent. */
export interface SharePlan {
  readonly kind: ShareKind;
  readonly mediaType: MediaType;
  /** The name the upload (and a file message) carries. */
  readonly uploadName: string;
  /** sampleFile's fileType ('' for images). */
  readonly fileType: string;
  /** DingTalk's upload limit for `mediaType`. */
  readonly maxUploadBytes: number;
}

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', gif: 'gif', bmp: 'bmp' };

export function planFor(name: string, isFolder: boolean): SharePlan {
  const extension = isFolder ? '' : extensionOf(name);
  const image = IMAGE_EXTENSIONS[extension];
  if (image) {
    // DingTalk lists jpg, not jpeg: same format, so a .jpeg is uploaded under a .jpg name (images show no name).
    const uploadName = extension === image ? name : `${name.slice(0, -extension.length)}${image}`;
    return { kind: 'image', mediaType: 'image', uploadName, fileType: '', maxUploadBytes: MEDIA_LIMITS.image.maxBytes };
  }
  if (SAMPLE_FILE_TYPES.includes(extension)) {
    return { kind: 'file', mediaType: 'file', uploadName: name, fileType: extension, maxUploadBytes: MEDIA_LIMITS.file.maxBytes };
  }
  // `notes.txt` → `notes.txt.zip`, so two files differing only in extension do not collide.
  return { kind: 'zip', mediaType: 'file', uploadName: `${name}.zip`, fileType: 'zip', maxUploadBytes: MEDIA_LIMITS.file.maxBytes };
}

/** File types that are already compressed: stored, not deflated, in an archive (saves time, loses nothing). */
const COMPRESSED = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'apk', 'mp3', 'mp4', 'mov', 'ogg', 'docx', 'xlsx', 'pptx', 'woff', 'woff2']);

export function isCompressed(name: string): boolean {
  return COMPRESSED.has(extensionOf(name));
}

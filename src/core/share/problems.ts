/**
 * Why an item (or a whole share) cannot be shared, as data: the host turns each into one localised sentence that
 * names the file, the limit and the fix.
 */

import type { MediaType } from '../dingtalk/media';

export type ItemProblem =
  /** The file has no content (DingTalk refuses empty uploads). */
  | { readonly code: 'empty' }
  /** It was there when chosen and is gone now (deleted or renamed meanwhile). */
  | { readonly code: 'notFound' }
  /** Its size changed while it was being uploaded (it was being written), so the upload was abandoned. */
  | { readonly code: 'changed' }
  /** The file system refused to read it; `path` is set for an entry inside a shared folder. */
  | { readonly code: 'unreadable'; readonly path?: string; readonly noPermission: boolean; readonly detail: string }
  /** A socket, pipe or device. */
  | { readonly code: 'notAFile' }
  /** Over DingTalk's upload limit for its media type. */
  | { readonly code: 'tooLarge'; readonly size: number; readonly limit: number; readonly mediaType: MediaType }
  /** Too much to read and compress (the archive would certainly be over DingTalk's limit, or take very long). */
  | { readonly code: 'tooLargeToZip'; readonly size: number; readonly limit: number }
  /** A folder with more files than one archive takes. */
  | { readonly code: 'tooManyFiles'; readonly count: number; readonly limit: number }
  /** Zipped, it is still over DingTalk's limit for files (`size` is where building stopped). */
  | { readonly code: 'archiveTooLarge'; readonly size: number; readonly limit: number }
  /** Uploading it would take the share over its byte limit. */
  | { readonly code: 'batchBytes'; readonly size: number; readonly limit: number }
  /** DingTalk refused the upload. */
  | { readonly code: 'upload'; readonly error: unknown }
  /** Not tried: an earlier upload failed in a way that would fail this one too (credentials, network…). */
  | { readonly code: 'notAttempted'; readonly error: unknown };

/** A limit of the share as a whole, checked before anything is read or uploaded. */
export type BatchProblem =
  | { readonly code: 'tooManyItems'; readonly count: number; readonly limit: number }
  | { readonly code: 'batchBytes'; readonly size: number; readonly limit: number };

/** One item that was not shared, and why. */
export interface ItemFailure {
  /** Where it is (opaque location, e.g. a URI string), for a retry. */
  readonly location: string;
  /** What the user calls it (its file or folder name). */
  readonly name: string;
  readonly problem: ItemProblem;
}

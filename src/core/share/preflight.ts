/**
 * Checks a selection before anything is read or uploaded: removes duplicates (VS Code's multi-selection repeats
 * the clicked item; a file inside a selected folder is already in its archive), looks at every item's type and
 * size, lists folders (sizes only), and applies the per-type and per-share limits.
 */

import { throwIfAborted } from './archive';
import { planFor, SHARE_LIMITS, SharePlan } from './classify';
import { ShareFileSystem, ShareFsError } from './fileSystem';
import { FolderEntryError, FolderListing, FolderTooLargeError, listFolder } from './folderWalk';
import type { BatchProblem, ItemFailure, ItemProblem } from './problems';

/** An item that passed the checks. */
export interface PreparedItem {
  readonly location: string;
  readonly name: string;
  readonly plan: SharePlan;
  /** File size, or the sum of a folder's listed files. */
  readonly size: number;
  readonly mtime: number;
  /** For folders: what goes into the archive. */
  readonly listing?: FolderListing;
}

export interface Preflight {
  readonly items: PreparedItem[];
  readonly refused: ItemFailure[];
  /** Set when the share as a whole is over a limit; then nothing is shared. */
  readonly batch?: BatchProblem;
}

export interface PreflightOptions {
  /** Folders from the workspace folder down to a location's parent, whose .gitignore files apply. */
  readonly ancestorsOf?: (location: string) => readonly string[];
  readonly signal?: AbortSignal;
  readonly limits?: Partial<Record<keyof typeof SHARE_LIMITS, number>>;
}

/**
 * Distinct locations in their first order, without those inside another selected location. Locations are
 * '/'-separated (URI strings).
 */
export function topLevelLocations(locations: readonly string[]): string[] {
  const unique = [...new Set(locations.map((l) => l.replace(/\/+$/, '')))];
  return unique.filter((l) => !unique.some((other) => other !== l && l.startsWith(`${other}/`)));
}

/** A file-system failure as an item problem. */
export function readProblem(err: unknown, path?: string): ItemProblem {
  if (err instanceof FolderEntryError) return readProblem(err.reason, err.path);
  if (err instanceof ShareFsError && err.reason === 'notFound' && path === undefined) return { code: 'notFound' };
  const detail = err instanceof Error ? err.message : String(err);
  return { code: 'unreadable', ...(path !== undefined ? { path } : {}), noPermission: err instanceof ShareFsError && err.reason === 'noPermission', detail };
}

export async function preflight(fs: ShareFileSystem, locations: readonly string[], options: PreflightOptions = {}): Promise<Preflight> {
  const limits = { ...SHARE_LIMITS, ...options.limits };
  const selected = topLevelLocations(locations);
  if (selected.length > limits.maxItems) return { items: [], refused: [], batch: { code: 'tooManyItems', count: selected.length, limit: limits.maxItems } };

  const items: PreparedItem[] = [];
  const refused: ItemFailure[] = [];
  for (const location of selected) {
    throwIfAborted(options.signal);
    const name = fs.basename(location);
    const refuse = (problem: ItemProblem): void => void refused.push({ location, name, problem });
    let stat;
    try {
      stat = await fs.stat(location);
    } catch (err) {
      refuse(readProblem(err));
      continue;
    }
    if (stat.kind === 'other') {
      refuse({ code: 'notAFile' });
      continue;
    }
    const isFolder = stat.kind === 'directory';
    const plan = planFor(name, isFolder);
    if (isFolder) {
      try {
        const listing = await listFolder(fs, location, name, {
          ancestors: options.ancestorsOf?.(location),
          maxEntries: limits.maxArchiveEntries,
          maxBytes: limits.maxArchiveInputBytes,
          signal: options.signal,
        });
        items.push({ location, name, plan, size: listing.bytes, mtime: stat.mtime, listing });
      } catch (err) {
        if (err instanceof FolderTooLargeError) {
          refuse(err.what === 'entries' ? { code: 'tooManyFiles', count: err.value, limit: err.limit } : { code: 'tooLargeToZip', size: err.value, limit: err.limit });
        } else if (err instanceof FolderEntryError) {
          refuse(readProblem(err));
        } else {
          throw err;
        }
      }
      continue;
    }
    if (stat.size === 0) refuse({ code: 'empty' });
    else if (plan.kind !== 'zip' && stat.size > plan.maxUploadBytes) refuse({ code: 'tooLarge', size: stat.size, limit: plan.maxUploadBytes, mediaType: plan.mediaType });
    else if (plan.kind === 'zip' && stat.size > limits.maxArchiveInputBytes) refuse({ code: 'tooLargeToZip', size: stat.size, limit: limits.maxArchiveInputBytes });
    else items.push({ location, name, plan, size: stat.size, mtime: stat.mtime });
  }

  // What is uploaded unchanged is known exactly now; archives are checked again when built.
  const exactBytes = items.filter((i) => i.plan.kind !== 'zip').reduce((sum, i) => sum + i.size, 0);
  if (exactBytes > limits.maxBatchBytes) return { items: [], refused, batch: { code: 'batchBytes', size: exactBytes, limit: limits.maxBatchBytes } };
  return { items, refused };
}

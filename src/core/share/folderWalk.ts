/**
 * Lists what a shared folder puts in its archive: every file and empty folder below it that .gitignore does not
 * exclude (the .gitignore files of the folders above it, up to the workspace folder, count too), never `.git`,
 * never the targets of symlinked folders (they can loop or leave the workspace). Only sizes are read here;
 * contents are read later, one file at a time, while the archive is built.
 */

import type { ArchiveEntry } from './archive';
import { throwIfAborted } from './archive';
import { SHARE_LIMITS } from './classify';
import type { ShareFileSystem } from './fileSystem';
import { IgnoreMatcher, parseGitignore } from './gitignore';

/** A folder ready to be archived. */
export interface FolderListing {
  readonly entries: ArchiveEntry[];
  readonly files: number;
  /** Sum of the files' sizes (the archive's input). */
  readonly bytes: number;
  /** Files and folders left out by .gitignore (and `.git`). */
  readonly ignored: number;
}

/** The listing went over a limit; `path` is where (relative to the folder) it was noticed. */
export class FolderTooLargeError extends Error {
  constructor(
    readonly what: 'entries' | 'bytes',
    readonly value: number,
    readonly limit: number,
  ) {
    super(`the folder has more than ${limit} ${what}`);
    this.name = 'FolderTooLargeError';
  }
}

/** A file or folder inside the shared folder could not be read; `path` is relative to the shared folder. */
export class FolderEntryError extends Error {
  constructor(
    readonly path: string,
    readonly reason: unknown,
  ) {
    super(`cannot read ${path}`);
    this.name = 'FolderEntryError';
  }
}

export interface FolderWalkOptions {
  /**
   * Where .gitignore matching is rooted (the workspace folder holding `folder`), and the chain of folders
   * from there down to `folder`'s parent, whose .gitignore files apply too. Omit to use only the folder's own.
   */
  readonly ancestors?: readonly string[];
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

async function readIgnoreFile(fs: ShareFileSystem, folder: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(fs.join(folder, '.gitignore'));
    if (stat.kind !== 'file') return undefined;
    return new TextDecoder().decode(await fs.readFile(fs.join(folder, '.gitignore')));
  } catch {
    return undefined;
  }
}

/**
 * Walks `folder` (shown in the archive as `rootName/…`). Throws {@link FolderTooLargeError} past the limits and
 * {@link FolderEntryError} for an unreadable subfolder or file.
 */
export async function listFolder(fs: ShareFileSystem, folder: string, rootName: string, options: FolderWalkOptions = {}): Promise<FolderListing> {
  const maxEntries = options.maxEntries ?? SHARE_LIMITS.maxArchiveEntries;
  const maxBytes = options.maxBytes ?? SHARE_LIMITS.maxArchiveInputBytes;

  // Rules are matched against paths relative to the first ancestor (the workspace folder), or to the folder.
  const chain = options.ancestors ?? [];
  const names = chain.slice(1).map((a) => fs.basename(a));
  let matcher = new IgnoreMatcher();
  for (let i = 0; i < chain.length; i++) {
    const text = await readIgnoreFile(fs, chain[i]);
    if (text) matcher = matcher.with(parseGitignore(text, names.slice(0, i).join('/')));
  }
  const folderPrefix = chain.length === 0 ? '' : [...names, fs.basename(folder)].join('/');

  const entries: ArchiveEntry[] = [];
  let files = 0;
  let bytes = 0;
  let ignored = 0;

  /** Walks one folder; returns how many entries it has on disk (an empty folder is kept as an entry). */
  const walk = async (location: string, relative: string, inherited: IgnoreMatcher): Promise<number> => {
    throwIfAborted(options.signal);
    const matchPath = (rel: string): string => [folderPrefix, rel].filter(Boolean).join('/');
    let children: Awaited<ReturnType<ShareFileSystem['readDirectory']>>;
    try {
      children = await fs.readDirectory(location);
    } catch (err) {
      throw new FolderEntryError(relative || '.', err);
    }
    const hasOwnRules = children.some((c) => c.name === '.gitignore' && c.kind === 'file');
    const ownRules = hasOwnRules ? await readIgnoreFile(fs, location) : undefined;
    const rules = ownRules ? inherited.with(parseGitignore(ownRules, matchPath(relative))) : inherited;
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const rel = relative ? `${relative}/${child.name}` : child.name;
      const isDirectory = child.kind === 'directory';
      if (child.name === '.git' || rules.ignores(matchPath(rel), isDirectory)) {
        ignored++;
        continue;
      }
      const childLocation = fs.join(location, child.name);
      const archivePath = `${rootName}/${rel}`;
      if (isDirectory) {
        if (child.symlink) {
          ignored++;
          continue;
        }
        if ((await walk(childLocation, rel, rules)) === 0) entries.push({ kind: 'directory', path: `${archivePath}/`, mtime: 0 });
        continue;
      }
      if (child.kind !== 'file') {
        ignored++; // sockets, pipes, devices: nothing to share
        continue;
      }
      let size: number;
      let mtime: number;
      try {
        ({ size, mtime } = await fs.stat(childLocation));
      } catch (err) {
        throw new FolderEntryError(rel, err);
      }
      files++;
      bytes += size;
      if (files > maxEntries) throw new FolderTooLargeError('entries', files, maxEntries);
      if (bytes > maxBytes) throw new FolderTooLargeError('bytes', bytes, maxBytes);
      entries.push({
        kind: 'file',
        path: archivePath,
        size,
        mtime,
        read: async () => {
          try {
            return await fs.readFile(childLocation);
          } catch (err) {
            throw new FolderEntryError(rel, err);
          }
        },
      });
    }
    return children.length;
  };

  await walk(folder, '', matcher);
  return { entries, files, bytes, ignored };
}

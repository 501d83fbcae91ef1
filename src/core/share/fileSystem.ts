/**
 * The file access sharing needs, kept abstract so the core runs under plain Node in tests while the host reads
 * through `vscode.workspace.fs` (remote and virtual workspaces work). Locations are opaque strings (the host
 * uses URI strings); only the file system knows how to join and name them.
 */

export type EntryKind = 'file' | 'directory' | 'other';

export interface EntryStat {
  readonly kind: EntryKind;
  /** True for a symbolic link (kind is then the kind of its target). */
  readonly symlink: boolean;
  readonly size: number;
  /** Modification time, epoch ms. */
  readonly mtime: number;
}

/** Why a read failed, as far as sharing cares. */
export type ReadFailure = 'notFound' | 'noPermission' | 'other';

/** A failure of the file system, classified by the host adapter. */
export class ShareFsError extends Error {
  constructor(
    readonly reason: ReadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ShareFsError';
  }
}

export interface ShareFileSystem {
  stat(location: string): Promise<EntryStat>;
  readFile(location: string): Promise<Uint8Array>;
  /** Names and kinds of a folder's entries (kinds of symlinks are those of their targets). */
  readDirectory(location: string): Promise<Array<{ name: string; kind: EntryKind; symlink: boolean }>>;
  join(location: string, name: string): string;
  /** The last path segment, decoded (what the user sees in the Explorer). */
  basename(location: string): string;
  /**
   * Whether {@link readStream} can read this location (a file on the extension host's own disk). Optional:
   * without it, files are read whole with readFile.
   */
  streamable?(location: string): boolean;
  /** The file's bytes as they are read; failures are ShareFsErrors. Opened afresh on every call. */
  readStream?(location: string): AsyncIterable<Uint8Array>;
}

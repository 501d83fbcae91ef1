/** What the workspace scans (ripgrep and the fallback) take and give. */

import type { CommentStyle } from './languages';
import type { TodoItem } from './todoFinder';

export interface ScanOptions {
  /** Absolute folder to scan. */
  readonly root: string;
  readonly tags: readonly string[];
  /** Only these root-relative files or folders (ignore files still apply to folders); default the whole root. */
  readonly paths?: readonly string[];
  /** Workspace-relative globs to leave out (`files.exclude` + `search.exclude`). */
  readonly excludeGlobs?: readonly string[];
  /** Honour `.gitignore`, `.ignore` and `.rgignore` (VS Code's `search.useIgnoreFiles`). Default true. */
  readonly useIgnoreFiles?: boolean;
  /** Stop (and say so) after this many TODOs, so a huge repository stays bounded. */
  readonly maxItems?: number;
  /** Files larger than this are skipped (generated code, data). Default 2 MiB. */
  readonly maxFileSizeBytes?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Comment syntax by path; default by file name and extension. */
  readonly styleFor?: (relativePath: string) => CommentStyle | undefined;
  /**
   * Reads a file as UTF-8 (for lines only the whole file can classify). Synchronous on purpose: for the small
   * source files this is, one read costs microseconds, against a thread-pool round trip for an async one; the
   * scan reads in short slices so the caller stays responsive. Default fs.readFileSync.
   */
  readonly readFile?: (absolutePath: string) => string;
}

export interface ScanProgress {
  readonly files: number;
  readonly items: number;
}

export interface ScannedFile {
  /** Relative to the root, with `/`. */
  readonly relativePath: string;
  readonly items: readonly TodoItem[];
}

export interface ScanResult {
  readonly files: ScannedFile[];
  readonly itemCount: number;
  /** Stopped at `maxItems`. */
  readonly truncated: boolean;
  /** Stopped by the signal; `files` holds what was found so far. */
  readonly cancelled: boolean;
  /** Files read in full because a line was ambiguous on its own. */
  readonly filesReadInFull: number;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/**
 * Small file-system helpers with the guarantees the outbox relies on:
 *  - a file appears complete or not at all (write a temp file in the same volume, fsync, rename over);
 *  - "it is gone" (ENOENT) is an expected outcome when several windows share the folder, not an error;
 *  - on Windows, a file briefly held open by another process does not make a rename or delete fail.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** True for "no such file or directory". */
export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** True for "file already exists". */
export function isAlreadyExists(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';
}

/**
 * Runs a rename/unlink, retrying briefly on Windows when another process (another VS Code window, a virus
 * scanner, an indexer) has the file open: there, replacing or deleting an open file fails with EPERM/EBUSY.
 */
async function withLockRetry<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (process.platform !== 'win32' || attempt >= 6 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 15 * attempt));
    }
  }
}

/** A fresh temp path inside `tmpDir` (which must be on the same volume as the targets, for rename). */
export function tempPath(tmpDir: string): string {
  return path.join(tmpDir, `${randomBytes(8).toString('hex')}.tmp`);
}

/** Writes `text` to a new temp file in `tmpDir` and flushes it; returns the temp path. */
export async function writeTemp(tmpDir: string, text: string): Promise<string> {
  const tmp = tempPath(tmpDir);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    // Flushed before the rename, so after a power cut the renamed file is never empty.
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/**
 * Creates `target` with `text` only if it does not exist yet, complete or not at all (a temp file hard-linked
 * into place); true when this call created it. `durable` flushes the text first (an fsync costs milliseconds).
 * Where the volume has no hard links (some network / FAT volumes) it falls back to an exclusive create, and a
 * reader may then briefly see the file empty.
 */
export async function createExclusive(tmpDir: string, target: string, text: string, durable: boolean): Promise<boolean> {
  let tmp: string;
  if (durable) tmp = await writeTemp(tmpDir, text);
  else {
    tmp = tempPath(tmpDir);
    await fs.writeFile(tmp, text, { flag: 'wx' });
  }
  try {
    await fs.link(tmp, target);
    return true;
  } catch (err) {
    if (isAlreadyExists(err)) return false;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    try {
      await fs.writeFile(target, text, { flag: 'wx' });
      return true;
    } catch (err2) {
      if (isAlreadyExists(err2)) return false;
      throw err2;
    }
  } finally {
    await unlinkIfExists(tmp);
  }
}

/** Replaces (or creates) `target` with `text` atomically. */
export async function writeFileAtomic(tmpDir: string, target: string, text: string): Promise<void> {
  const tmp = await writeTemp(tmpDir, text);
  try {
    await withLockRetry(() => fs.rename(tmp, target));
  } catch (err) {
    await unlinkIfExists(tmp);
    throw err;
  }
}

/** Reads a UTF-8 file; undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Renames `from` to `to`; false when `from` does not exist (someone else moved or deleted it first). */
export async function renameIfExists(from: string, to: string): Promise<boolean> {
  try {
    await withLockRetry(() => fs.rename(from, to));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Deletes `file`; false when it did not exist. */
export async function unlinkIfExists(file: string): Promise<boolean> {
  try {
    await withLockRetry(() => fs.unlink(file));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** True when `file` exists. */
export async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

import * as fs from 'fs';
import * as vscode from 'vscode';
import { EntryKind, ShareFileSystem, ShareFsError } from '../core/share/fileSystem';

/**
 * Sharing's file access through `vscode.workspace.fs`, so files of remote (SSH, WSL, containers, code-server)
 * and virtual workspaces are read where they live. Locations are URI strings.
 *
 * One exception: a `file:` URI is always on the extension host's own disk (in a remote window the extension
 * runs remotely, beside the files), so it is checked with Node's fs and an upload streams it while sending —
 * reading overlaps the upload and the file is never held in memory (bench/results.json: share).
 */
export class WorkspaceShareFs implements ShareFileSystem {
  async stat(location: string): Promise<{ kind: EntryKind; symlink: boolean; size: number; mtime: number }> {
    const uri = vscode.Uri.parse(location, true);
    if (uri.scheme === 'file') {
      // The extension host's own disk (see above): two system calls instead of a round trip through VS Code.
      const [stat, link] = await wrap(() => Promise.all([fs.promises.stat(uri.fsPath), fs.promises.lstat(uri.fsPath)]));
      return { kind: stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other', symlink: link.isSymbolicLink(), size: stat.size, mtime: stat.mtimeMs };
    }
    const stat = await wrap(() => vscode.workspace.fs.stat(uri));
    return { kind: kindOf(stat.type), symlink: (stat.type & vscode.FileType.SymbolicLink) !== 0, size: stat.size, mtime: stat.mtime };
  }

  readFile(location: string): Promise<Uint8Array> {
    return wrap(() => vscode.workspace.fs.readFile(vscode.Uri.parse(location, true)));
  }

  streamable(location: string): boolean {
    return vscode.Uri.parse(location, true).scheme === 'file';
  }

  async *readStream(location: string): AsyncIterable<Uint8Array> {
    // 1 MiB reads: a few dozen per upload instead of hundreds of 64 KiB ones.
    const stream = fs.createReadStream(vscode.Uri.parse(location, true).fsPath, { highWaterMark: 1024 * 1024 });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (err) {
      throw classify(err);
    } finally {
      stream.destroy();
    }
  }

  async readDirectory(location: string): Promise<Array<{ name: string; kind: EntryKind; symlink: boolean }>> {
    const entries = await wrap(() => vscode.workspace.fs.readDirectory(vscode.Uri.parse(location, true)));
    return entries.map(([name, type]) => ({ name, kind: kindOf(type), symlink: (type & vscode.FileType.SymbolicLink) !== 0 }));
  }

  join(location: string, name: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(location, true), name).toString();
  }

  basename(location: string): string {
    const path = vscode.Uri.parse(location, true).path.replace(/\/+$/, '');
    return path.slice(path.lastIndexOf('/') + 1);
  }
}

function kindOf(type: vscode.FileType): EntryKind {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

async function wrap<T>(op: () => Thenable<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw classify(err);
  }
}

/** A file-system failure as a ShareFsError where sharing cares about its reason; other errors as they are. */
function classify(err: unknown): unknown {
  if (err instanceof vscode.FileSystemError) {
    const reason = err.code === 'FileNotFound' || err.code === 'EntryNotFound' ? 'notFound' : err.code === 'NoPermissions' ? 'noPermission' : 'other';
    return new ShareFsError(reason, err.message);
  }
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new ShareFsError('notFound', String((err as Error).message));
  if (code === 'EACCES' || code === 'EPERM') return new ShareFsError('noPermission', String((err as Error).message));
  if (code === 'EISDIR') return new ShareFsError('other', String((err as Error).message));
  return err;
}

/**
 * The folders whose .gitignore files apply to `location`: from its workspace folder down to its parent
 * (empty when it is not inside a workspace folder, or is one).
 */
export function ancestorsOf(location: string): string[] {
  const uri = vscode.Uri.parse(location, true);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return [];
  const rootPath = folder.uri.path.replace(/\/+$/, '');
  const rest = uri.path.slice(rootPath.length).split('/').filter(Boolean);
  if (rest.length === 0) return [];
  const chain: string[] = [folder.uri.toString()];
  let current = folder.uri;
  for (const segment of rest.slice(0, -1)) {
    current = vscode.Uri.joinPath(current, segment);
    chain.push(current.toString());
  }
  return chain;
}

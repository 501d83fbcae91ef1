import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EntryKind, EntryStat, ShareFileSystem, ShareFsError } from '../../../src/core/share/fileSystem';

/** The share core's file access over the real disk (locations are absolute paths). */
export class NodeShareFs implements ShareFileSystem {
  async stat(location: string): Promise<EntryStat> {
    try {
      const link = fs.lstatSync(location);
      const s = fs.statSync(location);
      return { kind: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other', symlink: link.isSymbolicLink(), size: s.size, mtime: s.mtimeMs };
    } catch (err) {
      throw classify(err);
    }
  }

  async readFile(location: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(fs.readFileSync(location));
    } catch (err) {
      throw classify(err);
    }
  }

  async readDirectory(location: string): Promise<Array<{ name: string; kind: EntryKind; symlink: boolean }>> {
    try {
      return fs.readdirSync(location, { withFileTypes: true }).map((d) => {
        const full = path.join(location, d.name);
        let kind: EntryKind = d.isDirectory() ? 'directory' : d.isFile() ? 'file' : 'other';
        if (d.isSymbolicLink()) {
          const s = fs.statSync(full, { throwIfNoEntry: false });
          kind = s?.isDirectory() ? 'directory' : s?.isFile() ? 'file' : 'other';
        }
        return { name: d.name, kind, symlink: d.isSymbolicLink() };
      });
    } catch (err) {
      throw classify(err);
    }
  }

  join(location: string, name: string): string {
    return path.join(location, name);
  }

  basename(location: string): string {
    return path.basename(location);
  }
}

function classify(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ShareFsError('notFound', (err as Error).message);
  if (code === 'EACCES' || code === 'EPERM') return new ShareFsError('noPermission', (err as Error).message);
  return err;
}

/** Like the host's adapter for `file:` URIs: files are streamed from disk while they upload. */
export class StreamingNodeShareFs extends NodeShareFs {
  /** Called after the first chunk of a file is read: a test can change the file mid-upload. */
  afterFirstChunk?: (location: string) => void;

  streamable(): boolean {
    return true;
  }

  async *readStream(location: string): AsyncIterable<Uint8Array> {
    const stream = fs.createReadStream(location, { highWaterMark: 64 * 1024 });
    let first = true;
    try {
      for await (const chunk of stream) {
        yield chunk as Buffer;
        if (first) this.afterFirstChunk?.(location);
        first = false;
      }
    } catch (err) {
      throw classify(err);
    } finally {
      stream.destroy();
    }
  }
}

/** Wraps a file system, failing chosen reads: after the first stat a file can vanish or become unreadable. */
export class FaultyFs extends NodeShareFs {
  readonly reads: string[] = [];
  constructor(private readonly faults: Record<string, 'vanish' | 'deny'>) {
    super();
  }

  override async readFile(location: string): Promise<Uint8Array> {
    this.reads.push(location);
    const fault = this.faults[path.basename(location)];
    if (fault === 'vanish') throw new ShareFsError('notFound', `ENOENT: no such file, open '${location}'`);
    if (fault === 'deny') throw new ShareFsError('noPermission', `EACCES: permission denied, open '${location}'`);
    return super.readFile(location);
  }
}

/** A temporary folder with `files` (path → content); returns its absolute path. */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-share-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (rel.endsWith('/')) fs.mkdirSync(full, { recursive: true });
    else fs.writeFileSync(full, content);
  }
  return root;
}

/** Deterministic incompressible bytes. */
export function noise(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

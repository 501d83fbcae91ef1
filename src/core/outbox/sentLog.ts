/**
 * `sent.log`: a small, bounded record of recently delivered items (one JSON object per line).
 *
 * Two uses:
 *  - crash detection: an item is appended here right after DingTalk accepted it and before its file is
 *    deleted, so an item found in `sending/` whose id is here was delivered and must not be sent again;
 *  - rate-limit memory: each record carries the robot's rate key and the time the request started, so a window
 *    that takes over delivery (or a restarted VS Code) knows how many messages each robot sent in the last
 *    minute and does not trigger DingTalk's 10-minute throttle.
 * Only the delivering window appends. A torn last line (crash mid-append) is skipped when read.
 */

import { promises as fs } from 'node:fs';
import { isNotFound, writeFileAtomic } from './atomicFile';

/** One delivered item. */
export interface SentRecord {
  readonly id: string;
  /** Rate-limit key of the robot it went through ('' when not rate limited). */
  readonly key: string;
  /** When the (successful) request started, epoch ms. */
  readonly at: number;
}

/** Reader/appender of `sent.log`. */
export class SentLog {
  private records: SentRecord[] = [];
  private ids = new Set<string>();
  private linesOnDisk = 0;

  /**
   * @param file Path of sent.log.
   * @param tmpDir Temp folder on the same volume (compaction rewrites the file atomically).
   * @param keep Records kept after compaction; the file is compacted when it holds twice as many.
   */
  constructor(private readonly file: string, private readonly tmpDir: string, private readonly keep = 500) {}

  /** (Re)reads the file; call when taking over delivery, since another window may have appended. */
  async load(): Promise<void> {
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const records: SentRecord[] = [];
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) {
      try {
        const r = JSON.parse(line) as Partial<SentRecord>;
        if (typeof r.id === 'string' && typeof r.at === 'number') records.push({ id: r.id, key: typeof r.key === 'string' ? r.key : '', at: r.at });
      } catch {
        // torn line from a crash mid-append: ignore
      }
    }
    this.records = records.slice(-this.keep);
    this.ids = new Set(this.records.map((r) => r.id));
    this.linesOnDisk = lines.length;
  }

  /** True when `id` was delivered (as of the last load plus our own appends). */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Records since `since` (epoch ms), oldest first. */
  since(since: number): SentRecord[] {
    return this.records.filter((r) => r.at >= since);
  }

  /** Appends a record (and compacts the file when it has grown past twice the bound). */
  async append(record: SentRecord): Promise<void> {
    await fs.appendFile(this.file, `${JSON.stringify(record)}\n`, 'utf8');
    this.records.push(record);
    this.ids.add(record.id);
    this.linesOnDisk++;
    if (this.records.length > this.keep) {
      this.records.splice(0, this.records.length - this.keep);
      this.ids = new Set(this.records.map((r) => r.id));
    }
    if (this.linesOnDisk > 2 * this.keep) {
      await writeFileAtomic(this.tmpDir, this.file, this.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      this.linesOnDisk = this.records.length;
    }
  }
}

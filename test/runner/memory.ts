import * as fs from 'fs';

/**
 * Samples the resident memory of this process and all its descendants (code-server, its extension host,
 * Chromium and its renderers) from /proc, and keeps the peak. Linux only; elsewhere it reports 0.
 */
export class ProcessTreeMemorySampler {
  private peakBytes = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(intervalMs = 250): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peakBytes;
  }

  get peak(): number {
    return this.peakBytes;
  }

  private sample(): void {
    if (process.platform !== 'linux') return;
    let total = 0;
    for (const pid of descendantsOf(process.pid)) total += rssBytes(pid);
    if (total > this.peakBytes) this.peakBytes = total;
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = safeRead(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name may contain spaces and parentheses: the ppid is the 2nd field after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function rssBytes(pid: number): number {
  const status = safeRead(`/proc/${pid}/status`);
  const m = status && /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

function safeReaddir(p: string): string[] {
  try {
    return fs.readdirSync(p);
  } catch {
    return [];
  }
}

function safeRead(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

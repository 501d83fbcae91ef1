/**
 * De-duplication of stream deliveries. DingTalk may push the same event or robot message more than once (an ACK
 * lost on the way, or just "duplicates can occur even with ACKs", docs §8.2). The first delivery runs the
 * handler; a duplicate waits for that same outcome and is ACKed the same way, so a LATER is never turned into a
 * SUCCESS by a duplicate. Bounded: the oldest keys are forgotten first.
 */
export class OnceMap<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 2_000) {}

  /** Runs `work` for the first `key` and returns its outcome; later calls with the same key share it. */
  run(key: string, work: () => Promise<T>): { outcome: Promise<T>; duplicate: boolean } {
    const existing = this.entries.get(key);
    if (existing) return { outcome: existing, duplicate: true };
    const outcome = work();
    this.entries.set(key, outcome);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return { outcome, duplicate: false };
  }

  /** Forgets `key`, so its next delivery runs the handler again (after a failure). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

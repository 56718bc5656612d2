import { HashThread } from '../hash-thread.js';

/**
 * A few hashing threads for whole files (SHA-256 and size). A backup job verifies every copy by
 * reading it back; with one thread two such hashes ran one after the other, with two each core takes
 * one. A request goes to the thread with the fewest waiting; threads start on first use.
 */
export class HashPool {
  private readonly threads: { thread: HashThread; waiting: number }[] = [];

  constructor(private readonly size = 2) {}

  /** Fails like fs (`code` ENOENT…) when the file cannot be read. */
  async hash(file: string, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
    signal?.throwIfAborted();
    const slot = this.leastBusy();
    slot.waiting++;
    try {
      return await slot.thread.file(file);
    } finally {
      slot.waiting--;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((s) => s.thread.close()));
  }

  private leastBusy(): { thread: HashThread; waiting: number } {
    if (this.threads.length < this.size) {
      const slot = { thread: new HashThread(), waiting: 0 };
      this.threads.push(slot);
      return slot;
    }
    return this.threads.reduce((a, b) => (a.waiting <= b.waiting ? a : b));
  }
}

import type { Logger } from 'pino';

/** Delays between retries of a failed write: quick at first, then every 10 s until it succeeds. */
const RETRY_DELAYS_MS = [250, 1000, 3000, 10_000] as const;
/** Writes waiting for a retry beyond this are dropped (oldest first), each with a log line. */
const MAX_PENDING = 200;

/**
 * Database writes the recording path must never wait on or die of: the camera's status, its events,
 * its reconnect count. `write` tries once and resolves either way — a failure is logged and the write
 * is retried in the background until it succeeds, so a locked or failing database costs a late status
 * line, never the recording. Writes that share a `key` replace each other while pending (only the
 * newest status matters); writes without one (events) are retried in order.
 */
export class RetryingWrites {
  private readonly pending = new Map<string, { label: string; op: () => Promise<unknown> }>();
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private nextId = 0;
  private flushing: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

  /** Runs `op` now; on failure logs it and keeps it for a retry. Never rejects. */
  async write(label: string, op: () => Promise<unknown>, key?: string): Promise<void> {
    const slot = key ?? `#${this.nextId++}`;
    if (key !== undefined && this.pending.has(key)) {
      // An older write of the same thing is still waiting: this one replaces it, in its place.
      this.pending.set(key, { label, op });
      return;
    }
    try {
      await op();
    } catch (e: unknown) {
      this.log.warn({ err: e, write: label }, 'recorder: a database write failed; retrying in the background');
      this.keep(slot, label, op);
    }
  }

  /** Writes still waiting for a retry. */
  get backlog(): number {
    return this.pending.size;
  }

  /** One more attempt at everything pending now (on stop); what still fails is logged and dropped. */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing;
    await this.flush();
    for (const { label } of this.pending.values()) this.log.error({ write: label }, 'recorder: a database write was given up on at stop');
    this.pending.clear();
  }

  private keep(slot: string, label: string, op: () => Promise<unknown>): void {
    this.pending.set(slot, { label, op });
    while (this.pending.size > MAX_PENDING) {
      const [oldest, dropped] = this.pending.entries().next().value as [string, { label: string }];
      this.pending.delete(oldest);
      this.log.error({ write: dropped.label }, 'recorder: too many failed database writes waiting; the oldest was dropped');
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.pending.size === 0) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)];
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        this.schedule();
      });
    }, delay);
    this.timer.unref();
  }

  /** Retries pending writes in order; stops at the first that still fails (the database is still down). */
  private async flush(): Promise<void> {
    for (const [slot, { label, op }] of [...this.pending]) {
      try {
        await op();
      } catch (e: unknown) {
        this.log.debug({ err: e, write: label }, 'recorder: retried database write failed again');
        return;
      }
      // Replaced while it ran: the newer write stays pending.
      if (this.pending.get(slot)?.op === op) this.pending.delete(slot);
      this.attempt = 0;
      this.log.info({ write: label }, 'recorder: a failed database write went through on retry');
    }
  }
}

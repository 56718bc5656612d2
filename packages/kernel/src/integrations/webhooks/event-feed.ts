import type { HeldarEvent } from '../../events/event.types.js';

export interface EventSource {
  after(afterId: number, limit: number): Promise<HeldarEvent[]>;
}

interface Read {
  /** The notification count when the read was issued: events logged later may be missing from it. */
  generation: number;
  done: Promise<void>;
}

/**
 * The event log as the subscription workers read it. Subscriptions usually follow the newest events
 * together, so one database read of the newest events serves all of them: the feed keeps the last
 * `keep` events it read, every event in (lo, hi], and a worker behind that window reads the log
 * itself. `changed()` (every event on the bus) tells the feed that a read issued before it may have
 * missed an event, so a worker asking afterwards never joins that read.
 */
export class EventFeed implements EventSource {
  private cache: HeldarEvent[] = [];
  private lo = -1;
  private hi = -1;
  private generation = 0;
  private reading: Read | undefined;

  constructor(
    private readonly log: EventSource,
    private readonly batchSize = 500,
    private readonly keep = 5000,
  ) {}

  changed(): void {
    this.generation++;
  }

  async after(afterId: number, limit: number): Promise<HeldarEvent[]> {
    for (;;) {
      if (this.hi < 0 || afterId > this.hi) this.reset(afterId);
      if (afterId < this.lo) return this.log.after(afterId, limit);
      if (afterId < this.hi) return this.slice(afterId, limit);
      // At the newest event read: join a read issued since the last change, or read.
      const read = this.reading ?? this.extend();
      await read.done;
      if (this.hi > afterId) continue;
      if (read.generation === this.generation) return [];
    }
  }

  private reset(at: number): void {
    this.cache = [];
    this.lo = at;
    this.hi = at;
  }

  private slice(afterId: number, limit: number): HeldarEvent[] {
    // The first cached event after afterId (binary search: ids ascend).
    let low = 0;
    let high = this.cache.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cache[mid]!.id <= afterId) low = mid + 1;
      else high = mid;
    }
    return this.cache.slice(low, low + limit);
  }

  private extend(): Read {
    const from = this.hi;
    const read: Read = {
      generation: this.generation,
      done: this.log.after(from, this.batchSize).then(
        (events) => {
          if (this.reading === read) this.reading = undefined;
          // A reset while reading (a worker ahead of the window) makes this read stale.
          if (this.hi !== from || events.length === 0) return;
          this.cache.push(...events);
          this.hi = events.at(-1)!.id;
          if (this.cache.length > this.keep * 2) {
            const dropped = this.cache.splice(0, this.cache.length - this.keep);
            this.lo = dropped.at(-1)!.id;
          }
        },
        (e: unknown) => {
          if (this.reading === read) this.reading = undefined;
          throw e;
        },
      ),
    };
    this.reading = read;
    return read;
  }
}

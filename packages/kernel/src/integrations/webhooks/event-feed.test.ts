import { describe, expect, it } from 'vitest';
import type { HeldarEvent } from '../../events/event.types.js';
import { EventFeed, type EventSource } from './event-feed.js';

/** An event log in memory that counts its reads. */
function memoryLog(): EventSource & { append(): void; reads: number } {
  const events: HeldarEvent[] = [];
  return {
    reads: 0,
    append() {
      const id = events.length + 1;
      events.push({ id, kind: 'camera_added', severity: 'info', camera_id: null, payload: { n: id }, at: id } as HeldarEvent);
    },
    after(afterId, limit) {
      this.reads++;
      return Promise.resolve(events.filter((e) => e.id > afterId).slice(0, limit));
    },
  };
}

describe('EventFeed', () => {
  it('serves ten readers at the head from one read of the log', async () => {
    const log = memoryLog();
    const feed = new EventFeed(log, 500, 100);
    for (let i = 0; i < 5; i++) log.append();
    feed.changed();
    const batches = await Promise.all(Array.from({ length: 10 }, () => feed.after(0, 200)));
    expect(batches.map((b) => b.map((e) => e.id))).toEqual(Array.from({ length: 10 }, () => [1, 2, 3, 4, 5]));
    expect(log.reads).toBe(1);
    expect((await feed.after(2, 2)).map((e) => e.id)).toEqual([3, 4]);
    expect(log.reads).toBe(1);
  });

  it('never answers "nothing new" from a read issued before the last change', async () => {
    const log = memoryLog();
    const feed = new EventFeed(log);
    expect(await feed.after(0, 10)).toEqual([]);
    // A read is under way when an event is logged and announced: a reader asking afterwards gets it.
    const early = feed.after(0, 10);
    log.append();
    feed.changed();
    const late = feed.after(0, 10);
    expect((await late).map((e) => e.id)).toEqual([1]);
    expect((await early).map((e) => e.id)).toEqual([1]);
  });

  it('lets a reader behind its window read the log itself, and follows one ahead of it', async () => {
    const log = memoryLog();
    const feed = new EventFeed(log, 50, 10);
    for (let i = 0; i < 100; i++) log.append();
    for (let at = 0; at < 100; at += 50) await feed.after(at, 50);
    expect((await feed.after(3, 2)).map((e) => e.id)).toEqual([4, 5]);
    expect((await feed.after(98, 10)).map((e) => e.id)).toEqual([99, 100]);
    log.append();
    feed.changed();
    expect((await feed.after(100, 10)).map((e) => e.id)).toEqual([101]);
    expect((await feed.after(101, 10))).toEqual([]);
  });
});

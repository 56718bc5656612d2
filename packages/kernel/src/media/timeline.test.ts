import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/test-database.js';
import type { Db } from '../db/database.js';
import { SegmentRepository } from '../storage/segment.repository.js';
import { coverage } from './coverage.js';
import { HOUR_MS, Timeline } from './timeline.js';

let db: Db;
let disposeDb: () => Promise<void>;
let segments: SegmentRepository;
let timeline: Timeline;
let n = 0;
const T0 = Date.UTC(2026, 10, 1);

async function add(cameraId: string, start: number, end: number): Promise<number> {
  n += 1;
  return segments.insert({
    camera_id: cameraId,
    path: `${cameraId}/${n}.mp4`,
    start_ms: start,
    end_ms: end,
    duration_ms: end - start,
    codec: 'h264',
    codecs: null,
    width: 1,
    height: 1,
    size_bytes: 1,
    container: 'fmp4',
    init_size: null,
    fragments: null,
    created_at: 0,
  });
}

/** What coverage() says over every live row: the answer the cache must always give. */
async function truth(cameraId: string, from: number, to: number) {
  const rows = await db
    .selectFrom('segments')
    .select(['start_ms', 'end_ms'])
    .where('camera_id', '=', cameraId)
    .where('deleting_at', 'is', null)
    .orderBy('start_ms')
    .execute();
  return coverage(rows, from, to);
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

beforeEach(async () => {
  ({ db, dispose: disposeDb } = await openTestDatabase());
  segments = new SegmentRepository(db);
  timeline = new Timeline(segments);
});
afterEach(async () => {
  timeline.dispose();
  await disposeDb();
});

describe('timeline', () => {
  it('merges sub-second seams across hour boundaries and reports real gaps', async () => {
    // 10 s segments from 00:59:30 to 01:00:30 with a 400 ms seam at the hour, then a 5 s gap.
    await add('a', T0 + HOUR_MS - 30_000, T0 + HOUR_MS - 20_000);
    await add('a', T0 + HOUR_MS - 20_000, T0 + HOUR_MS - 400);
    await add('a', T0 + HOUR_MS, T0 + HOUR_MS + 10_000);
    await add('a', T0 + HOUR_MS + 15_000, T0 + HOUR_MS + 30_000);
    const c = await timeline.coverage('a', T0, T0 + 2 * HOUR_MS);
    expect(c.spans).toEqual([
      { from: T0 + HOUR_MS - 30_000, to: T0 + HOUR_MS + 10_000 },
      { from: T0 + HOUR_MS + 15_000, to: T0 + HOUR_MS + 30_000 },
    ]);
    expect(c.gaps).toEqual([
      { from: T0, to: T0 + HOUR_MS - 30_000 },
      { from: T0 + HOUR_MS + 10_000, to: T0 + HOUR_MS + 15_000 },
      { from: T0 + HOUR_MS + 30_000, to: T0 + 2 * HOUR_MS },
    ]);
    expect(c).toEqual(await truth('a', T0, T0 + 2 * HOUR_MS));
  });

  it('cuts the edges from real rows: a range starting inside a seam begins with a gap', async () => {
    await add('a', T0, T0 + 10_000);
    await add('a', T0 + 10_500, T0 + 20_000);
    // Cached first (the hour is merged into one span), then asked from inside the seam.
    await timeline.coverage('a', T0 - HOUR_MS, T0 + 2 * HOUR_MS);
    const c = await timeline.coverage('a', T0 + 10_200, T0 + 15_000);
    expect(c.gaps).toEqual([{ from: T0 + 10_200, to: T0 + 10_500 }]);
    expect(c).toEqual(await truth('a', T0 + 10_200, T0 + 15_000));
  });

  it('finds a segment that started up to two hours before the range', async () => {
    await add('a', T0, T0 + 90 * 60_000);
    const c = await timeline.coverage('a', T0 + 80 * 60_000, T0 + 100 * 60_000);
    expect(c.spans).toEqual([{ from: T0 + 80 * 60_000, to: T0 + 90 * 60_000 }]);
  });

  it('stays exact through inserts, deletes, tombstones and purges (random, against every row)', async () => {
    const next = random(7);
    const ids: number[] = [];
    let t = T0;
    for (let i = 0; i < 600; i++) {
      const length = 2_000 + Math.floor(next() * 20_000);
      const seam = next() < 0.1 ? 1_000 + Math.floor(next() * 60_000) : Math.floor(next() * 900);
      ids.push(await add('a', t, t + length));
      await add('b', t, t + length);
      t += length + seam;
    }
    const end = t;
    for (let round = 0; round < 40; round++) {
      const action = next();
      if (action < 0.3) {
        // New footage, sometimes overlapping what is there.
        const start = T0 + Math.floor(next() * (end - T0));
        ids.push(await add('a', start, start + 1_000 + Math.floor(next() * 30_000)));
      } else if (action < 0.5) {
        await segments.deleteIds([ids[Math.floor(next() * ids.length)]!]);
      } else if (action < 0.7) {
        // Retention's mark (its own repository's UPDATE, not reported): the cache must notice anyway.
        await db.updateTable('segments').set({ deleting_at: 1 }).where('id', '=', ids[Math.floor(next() * ids.length)]!).execute();
      } else if (action < 0.8) {
        const marked = await db.selectFrom('segments').select('id').where('deleting_at', 'is not', null).execute();
        await segments.deleteTombstoned(marked.map((r) => r.id));
      }
      const from = T0 - HOUR_MS + Math.floor(next() * (end - T0));
      const to = from + 1 + Math.floor(next() * (end - from + HOUR_MS));
      expect(await timeline.coverage('a', from, to), `round ${round}`).toEqual(await truth('a', from, to));
      expect(await timeline.coverage('b', T0, end)).toEqual(await truth('b', T0, end));
    }
    await segments.deleteForCamera('a');
    expect((await timeline.coverage('a', T0, end)).spans).toEqual([]);
  });

  it('drops the least recently used cameras beyond its size cap', async () => {
    const small = new Timeline(segments, 30);
    for (const camera of ['a', 'b']) await add(camera, T0, T0 + 10_000);
    expect((await small.coverage('a', T0, T0 + 24 * HOUR_MS)).coveredMs).toBe(10_000);
    expect((await small.coverage('b', T0, T0 + 24 * HOUR_MS)).coveredMs).toBe(10_000);
    expect((await small.coverage('a', T0, T0 + 24 * HOUR_MS)).coveredMs).toBe(10_000);
    small.dispose();
  });

  it('summarises days in the server time zone', async () => {
    // 23:00–01:00 Berlin time (UTC+1 in November) spans two local days.
    const start = Date.UTC(2026, 10, 2, 22);
    await add('a', start, start + 2 * HOUR_MS);
    const days = await timeline.days('a', Date.UTC(2026, 10, 2, 0), Date.UTC(2026, 10, 3, 12), 'Europe/Berlin');
    expect(days.map((d) => [d.date, d.recordedMs])).toEqual([
      ['2026-11-02', HOUR_MS],
      ['2026-11-03', HOUR_MS],
    ]);
    expect(days[0]).toMatchObject({ from: Date.UTC(2026, 10, 1, 23), firstMs: start, lastMs: start + HOUR_MS });
    expect(days[1]).toMatchObject({ firstMs: start + HOUR_MS, lastMs: start + 2 * HOUR_MS });
  });
});

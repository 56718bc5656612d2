import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { RetentionRepository } from './retention.repository.js';

// The sweeper's statements must stay index-driven at a million rows: check their plans.
let db: Kysely<Database>;
const queries: CompiledQuery[] = [];

beforeAll(async () => {
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  await migrateToLatest(db);
  // Enough rows (and ANALYZE) that the planner's choice is the one it makes on a real index.
  const rows = Array.from({ length: 2000 }, (_, i) => ({
    camera_id: `cam${i % 20}`,
    path: `p/${i}.mp4`,
    start_ms: i * 1000,
    end_ms: i * 1000 + 1000,
    duration_ms: 1000,
    codec: 'h264',
    size_bytes: 1000,
    container: 'fmp4',
    created_at: 0,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('segments').values(rows.slice(i, i + 200)).execute();
  await db.executeQuery(CompiledQuery.raw('ANALYZE'));
});
afterAll(async () => {
  await db.destroy();
});

async function planOf(run: () => Promise<unknown>): Promise<string> {
  queries.length = 0;
  await run();
  const lines: string[] = [];
  // The EXPLAIN statements are logged too: walk a copy of what the call ran.
  for (const q of queries.splice(0)) {
    const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]));
    lines.push(...plan.rows.map((r) => r.detail));
  }
  return lines.join('\n');
}

describe('retention queries use their indexes', () => {
  const repo = () => new RetentionRepository(db);

  it('age: a range of (camera_id, start_ms, size_bytes), no table scan', async () => {
    const plan = await planOf(() => repo().markOlderThan('cam3', 0, 0, 10));
    expect(plan).toMatch(/SEARCH s USING (COVERING )?INDEX segments_\w+ \(camera_id=\? AND start_ms<\?\)/);
    expect(plan).not.toMatch(/SCAN s\b/);
  });

  it('oldest across cameras walks segments_start; per camera walks (camera_id, start_ms)', async () => {
    expect(await planOf(() => repo().markOldestBytes(null, 1, 0, 10))).toMatch(/SCAN s USING INDEX segments_start/);
    const perCamera = await planOf(() => repo().markOldestBytes('cam1', 1, 0, 10));
    expect(perCamera).toMatch(/SEARCH s USING (COVERING )?INDEX segments_\w+ \(camera_id=\?\)/);
    // Only the running sum over the (at most `limit`) chosen rows may sort; never the camera's segments.
    expect(perCamera).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  it('holds are looked up by index: leases by segment, incidents by camera', async () => {
    const plan = await planOf(() => repo().markOldestBytes('cam1', 1, 0, 10));
    expect(plan).toMatch(/SEARCH l USING INDEX segment_leases_segment \(segment_id=\?\)/);
    expect(plan).toMatch(/SEARCH ic USING COVERING INDEX incident_cameras_camera \(camera_id=\?\)/);
  });

  it('usage sums are index-only (the rows carry the fragment blob)', async () => {
    expect(await planOf(() => repo().usage())).toMatch(/USING COVERING INDEX segments_camera_start_size/);
    expect(await planOf(() => repo().usage('cam1'))).toMatch(/SEARCH segments USING COVERING INDEX segments_camera_start_size \(camera_id=\?\)/);
  });

  it('marks exactly the prefix of the oldest segments that covers the bytes asked for', async () => {
    const marked = await repo().markOldestBytes('cam2', 2500, 5, 100);
    // cam2's segments start at 2 s, 22 s, 42 s … : three of 1000 bytes cover 2500.
    expect(marked.map((m) => m.path)).toEqual(['p/2.mp4', 'p/22.mp4', 'p/42.mp4']);
    expect(await repo().markOldestBytes('cam2', 2500, 5, 2)).toHaveLength(2);
  });
});

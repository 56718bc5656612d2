import { CompiledQuery, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/database.js';
import { postgresDialect } from '../src/db/postgres-database.js';
import type { Database } from '../src/db/schema.js';
import { sqliteDialect } from '../src/db/sqlite-database.js';
import { EventRepository } from '../src/events/event.repository.js';
import { SegmentRepository } from '../src/storage/segment.repository.js';
import { RetentionRepository } from '../src/storage/retention.repository.js';
import { createTestSchema, TEST_DIALECT, testPostgresUrl, type TestSchema } from './helpers/test-database.js';

// The hot queries (segments of a camera in a time range, the timeline's spans, the events cursor,
// retention's oldest-first) must stay index-driven on both engines. Each pass of the suite checks
// the engine it runs on: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (FORMAT JSON) on PostgreSQL, over the
// statements the real repository methods run, on enough rows (and fresh statistics) that the
// planner's choice is the one it makes on a big index.
let db: Kysely<Database>;
let schema: TestSchema | undefined;
const queries: CompiledQuery[] = [];
const CAMERAS = 20;
const ROWS = 20_000;

beforeAll(async () => {
  const base = testPostgresUrl();
  schema = base === undefined ? undefined : await createTestSchema(base);
  db = new Kysely<Database>({
    dialect: schema === undefined ? sqliteDialect(':memory:') : postgresDialect(schema.url, () => undefined),
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  await migrateToLatest(db);
  const segments = Array.from({ length: ROWS }, (_, i) => ({
    camera_id: `cam${i % CAMERAS}`,
    path: `p/${i}.mp4`,
    start_ms: i * 1000,
    end_ms: i * 1000 + 1000,
    duration_ms: 1000,
    codec: 'h264',
    size_bytes: 1000,
    container: 'fmp4',
    created_at: 0,
  }));
  const events = Array.from({ length: ROWS }, (_, i) => ({
    camera_id: `cam${i % CAMERAS}`,
    kind: i % 3 === 0 ? 'motion_started' : 'segment_indexed',
    severity: 'info' as const,
    payload: '{}',
    at: i * 1000,
  }));
  for (let i = 0; i < ROWS; i += 1000) {
    await db.insertInto('segments').values(segments.slice(i, i + 1000)).execute();
    await db.insertInto('events').values(events.slice(i, i + 1000)).execute();
  }
  // PostgreSQL: VACUUM too, as autovacuum would have — it fills the visibility map that makes an
  // index-only scan cheap in the planner's eyes.
  await db.executeQuery(CompiledQuery.raw(TEST_DIALECT === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE'));
});
afterAll(async () => {
  await db.destroy();
  await schema?.drop();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every step of the plans of the statements `run` makes, one line each: `Index Scan segments_live_span on segments`. */
async function planOf(run: () => Promise<unknown>): Promise<string> {
  queries.length = 0;
  await run();
  const lines: string[] = [];
  // The EXPLAIN statements are logged too: walk a copy of what the call ran.
  for (const q of queries.splice(0)) {
    if (TEST_DIALECT === 'sqlite') {
      const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]));
      lines.push(...plan.rows.map((r) => r.detail));
    } else {
      const plan = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${q.sql}`, [...q.parameters]));
      const walk = (n: PlanNode): void => {
        lines.push([n['Node Type'], n['Index Name'], n['Relation Name'] && `on ${n['Relation Name']}`].filter(Boolean).join(' '));
        n.Plans?.forEach(walk);
      };
      walk(plan.rows[0]!['QUERY PLAN'][0].Plan);
    }
  }
  return lines.join('\n');
}

/**
 * The plan reads `table` through `index` and never scans the whole table. SQLite names a table by
 * the query's alias (`s`), PostgreSQL by its name: `table` is a pattern, e.g. `segments|s`.
 */
function expectIndex(plan: string, table: string, index: RegExp): void {
  if (TEST_DIALECT === 'sqlite') {
    expect(plan).toMatch(new RegExp(`(SEARCH|SCAN) (?:${table}) .*USING (COVERING )?INDEX ${index.source}`));
    expect(plan).not.toMatch(new RegExp(`SCAN (?:${table})$`, 'm'));
  } else {
    expect(plan).toMatch(new RegExp(`(Index|Index Only|Bitmap Index) Scan ${index.source}`));
    expect(plan).not.toMatch(new RegExp(`Seq Scan on (?:${table.split('|')[0]})\\b`));
  }
}

describe(`hot queries use their indexes (${TEST_DIALECT})`, () => {
  const segments = () => new SegmentRepository(db);

  it('segments of a camera in a time range', async () => {
    expectIndex(await planOf(() => segments().inRange('cam3', 5_000_000, 6_000_000)), 'segments', /segments_\w+/);
    expectIndex(await planOf(() => segments().withFragments('cam3', 5_000_000, 6_000_000, 60_000)), 'segments', /segments_\w+/);
  });

  it("the timeline's spans: the partial covering index segments_live_span", async () => {
    // PostgreSQL may walk segments_start instead when a range is a large share of a small table: an
    // index either way, never the table.
    expectIndex(await planOf(() => segments().spansStartingIn('cam3', 5_000_000, 8_600_000)), 'segments', TEST_DIALECT === 'sqlite' ? /segments_live_span/ : /segments_\w+/);
  });

  it('the events cursor (after an id) and the newest-first page of a camera', async () => {
    const events = new EventRepository(db);
    expectIndex(await planOf(() => events.after(19_000, 100)), 'events', /events_pkey|sqlite_autoindex|PRIMARY KEY|events_\w+/);
    // PostgreSQL may read events_at backwards and filter the camera (a LIMIT of 50 on 1 camera in 20).
    expectIndex(await planOf(() => events.find({ camera_id: 'cam4', limit: 50 })), 'events', TEST_DIALECT === 'sqlite' ? /events_camera_at/ : /events_(camera_)?at/);
  });

  it("retention's oldest first: across cameras by segments_start, per camera by an index on camera_id", async () => {
    const retention = new RetentionRepository(db);
    expectIndex(await planOf(() => retention.markOldestBytes(null, 1, 0, 10)), 'segments|s', /segments_start/);
    expectIndex(await planOf(() => retention.markOldestBytes('cam1', 1, 0, 10)), 'segments|s', /segments_\w+/);
  });
});

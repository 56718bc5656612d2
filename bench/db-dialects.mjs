#!/usr/bin/env node
// Database dialects: the index write cost per segment and the timeline query time, SQLite vs
// PostgreSQL, on an index of D days × C cameras of S-second segments (default 30 × 64 × 10 s =
// 16,588,800 rows, generated inside each database; --days for a smaller one).
//
// Build first (`npx tsc -b`); this imports the built kernel (packages/kernel/dist). PostgreSQL comes
// from BENCH_DB_URL (default postgres://heldar:heldar@127.0.0.1:5432/heldar_test), into a
// schema of its own that is dropped at the end; SQLite is a file in a temporary folder.
//   - index write: SegmentRepository.insert, one row per call as the indexer writes it (ms per segment);
//   - timeline: SegmentRepository.spansStartingIn for one camera's day (what the timeline reads per
//     day; 8,640 spans with 10 s segments) on a random camera and day (ms per query).
//
// Usage: node bench/db-dialects.mjs [--days 30] [--cameras 64] [--segment-seconds 10] [--only sqlite|postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { percentile } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(join(root, 'packages/kernel/dist', p));
const { openDatabase, migrateToLatest } = await dist('db/database.js');
const { SecretValue } = await dist('config-types.js');
const { SegmentRepository } = await dist('storage/segment.repository.js');

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    cameras: { type: 'string', default: '64' },
    'segment-seconds': { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const days = Number(values.days);
const cameras = Number(values.cameras);
const segmentMs = Number(values['segment-seconds']) * 1000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const perCamera = Math.floor((days * DAY) / segmentMs);
const pgUrl = process.env.BENCH_DB_URL || 'postgres://heldar:heldar@127.0.0.1:5432/heldar_test';

function row(camera, i) {
  const start = T0 + i * segmentMs;
  return {
    camera_id: `cam${camera}`, path: `cam${camera}/${i}.mp4`, start_ms: start, end_ms: start + segmentMs, duration_ms: segmentMs,
    codec: 'h264', codecs: 'avc1.64001f', width: 1280, height: 720, size_bytes: 2_500_000, container: 'fmp4', init_size: 800,
    fragments: Buffer.alloc(200), created_at: start + segmentMs,
  };
}

/**
 * One camera's whole history in one INSERT … SELECT the database generates itself (PostgreSQL's
 * generate_series, a recursive CTE on SQLite): the same rows as `row()`, camera after camera as
 * before, without sending millions of rows through the driver in batches. Only the writes and reads
 * measured afterwards are the figures. Literals, not parameters: the values are the bench's own, and
 * PostgreSQL would type a parameter next to `i` as a 32-bit integer (ms times overflow it).
 */
function seedCamera(name, camera) {
  const id = sql.lit(`cam${camera}`);
  const prefix = sql.lit(`cam${camera}/`);
  const [t0, seg] = [sql.lit(T0), sql.lit(segmentMs)];
  const columns = sql`(camera_id, path, start_ms, end_ms, duration_ms, codec, codecs, width, height, size_bytes, container, init_size, fragments, created_at)`;
  const select = (fragments) => sql`select ${id}, ${prefix} || i || '.mp4', ${t0} + i * ${seg}, ${t0} + (i + 1) * ${seg}, ${seg},
    'h264', 'avc1.64001f', 1280, 720, 2500000, 'fmp4', 800, ${fragments}, ${t0} + (i + 1) * ${seg}`;
  const last = sql.lit(perCamera - 1);
  if (name === 'postgres') {
    return sql`insert into segments ${columns} ${select(sql`decode(repeat('00', 200), 'hex')`)} from generate_series(0::bigint, ${last}) as g(i)`;
  }
  return sql`with recursive g(i) as (select 0 union all select i + 1 from g where i < ${last}) insert into segments ${columns} ${select(sql`zeroblob(200)`)} from g`;
}

async function run(name, db) {
  await migrateToLatest(db);
  const seedStart = performance.now();
  for (let c = 0; c < cameras; c++) await seedCamera(name, c).execute(db);
  const seedS = (performance.now() - seedStart) / 1000;
  await sql.raw(name === 'postgres' ? 'vacuum analyze segments' : 'analyze').execute(db);
  const repo = new SegmentRepository(db);
  const writes = [];
  for (let k = 0; k < 2000; k++) {
    const t = performance.now();
    await repo.insert(row(k % cameras, perCamera + Math.floor(k / cameras)));
    writes.push(performance.now() - t);
  }
  const reads = [];
  for (let k = 0; k < 300; k++) {
    const day = Math.floor(Math.random() * days);
    const t = performance.now();
    const spans = await repo.spansStartingIn(`cam${Math.floor(Math.random() * cameras)}`, T0 + day * DAY, T0 + (day + 1) * DAY);
    reads.push(performance.now() - t);
    if (spans.length === 0) throw new Error('timeline query found no spans');
  }
  writes.sort((a, b) => a - b);
  reads.sort((a, b) => a - b);
  const f = (x) => x.toFixed(3);
  console.log(`${name}: ${cameras * perCamera} rows seeded in ${seedS.toFixed(1)} s; index write per segment p50 ${f(percentile(writes, 50))} ms, p99 ${f(percentile(writes, 99))} ms; timeline (one camera-day of spans) p50 ${f(percentile(reads, 50))} ms, p95 ${f(percentile(reads, 95))} ms`);
}

console.log(`index: ${days} days × ${cameras} cameras × ${segmentMs / 1000} s segments; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (values.only !== 'postgres') {
  const dir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-db-'));
  const db = openDatabase({ kind: 'sqlite', file: join(dir, 'heldar.db') });
  try {
    await run('sqlite', db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (values.only !== 'sqlite') {
  const schema = `heldar_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = openDatabase({ kind: 'postgres', url: new SecretValue(url.toString()) });
  try {
    await run('postgres', db);
  } finally {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

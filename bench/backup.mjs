#!/usr/bin/env node
// Backup benchmark. Build first (`npx tsc -b`); this imports the built kernel (packages/kernel/dist).
//   1. throughput: N segment files (default 100 × 8 MiB) copied by a backup job to a local folder
//      (kernel copy, read-back SHA-256 of the copy against the recorder's hash in the index, rename,
//      fsync per batch, copy rows) against plain `cp -r` + `sync` of the same files, both from the
//      page cache, alternated over --rounds with medians compared; also against cp + sync + sha256sum
//      of the copies (a copy checked by hand, which is what the job does); `--unhashed` leaves the
//      index without hashes (footage older than hashing), so the job hashes the sources too;
//   2. incremental: a job over 10,000 segments the destination already holds (copy records and files
//      in place): the cost of deciding there is nothing to copy;
//   3. database backup (VACUUM INTO in a worker thread) of an index of 1,000,000 segment rows while
//      16 cameras record: 16 synthetic in-process writers, each indexing a 2 s segment every 2 s as
//      the recorder does (segment row, then its hash row) — 8 segments/s; time of the copy and the
//      segment insert latency p50/p99 meanwhile.
// Usage: node bench/backup.mjs [--files 100] [--mib 8] [--rounds 5] [--unhashed] [--incremental 10000] [--rows 1000000] [--parts copy,incremental,database]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { percentile, sleep } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(join(root, 'packages/kernel/dist', p));
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '5' },
    mib: { type: 'string', default: '8' },
    incremental: { type: 'string', default: '10000' },
    rows: { type: 'string', default: '1000000' },
    parts: { type: 'string', default: 'copy,incremental,database' },
    unhashed: { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const MIB = Number(values.mib);
const ROUNDS = Number(values.rounds);
const INCREMENTAL = Number(values.incremental);
const ROWS = Number(values.rows);
const PARTS = new Set(values.parts.split(','));
const CAMERAS = 16;
const SEGMENT_MS = 2000;

const { openDatabase, migrateToLatest } = await dist('db/database.js');
const { systemClock } = await dist('clock.js');
const { SegmentRepository } = await dist('storage/segment.repository.js');
const { LeaseRepository } = await dist('storage/lease.repository.js');
const { SegmentLeases } = await dist('storage/segment-leases.js');
const { segmentRelativePath } = await dist('storage/footage-layout.js');
const { EventLog } = await dist('events/event-log.js');
const { EventRepository } = await dist('events/event.repository.js');
const { EventBus } = await dist('events/event-bus.js');
const { AesGcmSecretBox } = await dist('secrets/secret-box.js');
const { OutboundGuard } = await dist('net/outbound-guard.js');
const { BackupRepository } = await dist('backup/backup.repository.js');
const { DestinationService } = await dist('backup/destination.service.js');
const { PolicyService } = await dist('backup/policy.service.js');
const { BackupJobs } = await dist('backup/backup-jobs.js');
const { copyDatabase } = await dist('backup/database-copy.js');

const out = (label, value, unit) => console.log(`${label}: ${value} ${unit}`);
const load = () => os.loadavg()[0].toFixed(1);
const dir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-backup-'));

/** A kernel-less backup stack on a database file: repository, services, the job queue. */
async function stack(dbFile, recordings) {
  const db = openDatabase({ kind: 'sqlite', file: dbFile });
  await migrateToLatest(db);
  const logger = pino({ level: 'silent' });
  const repository = new BackupRepository(db, new AesGcmSecretBox(Buffer.alloc(32, 1)));
  const guard = new OutboundGuard();
  const destinations = new DestinationService({ repository, guard, clock: systemClock, footageRoots: [recordings], timeoutMs: 20_000 });
  const events = new EventLog(new EventRepository(db), new EventBus(() => {}), systemClock, logger);
  const jobs = new BackupJobs({
    repository,
    destinations,
    leases: new SegmentLeases(new LeaseRepository(db), systemClock),
    guard,
    events,
    clock: systemClock,
    logger,
    sourceFile: async (segment) => join(recordings, segment.path),
    database: { kind: 'sqlite', file: dbFile },
    timeoutMs: 20_000,
    jobTimeoutMs: 3_600_000,
    maxRunning: 2,
    scratchDir: join(dir, 'scratch'),
  });
  const policies = new PolicyService(repository, destinations, systemClock, (id) => jobs.busy(id));
  return { db, repository, destinations, policies, jobs };
}

async function runJob(s, policyId) {
  const t = performance.now();
  const job = await s.jobs.enqueue(policyId);
  for (;;) {
    const now = await s.jobs.get(job.id);
    if (['completed', 'failed', 'cancelled'].includes(now.state)) return { ...now, seconds: (performance.now() - t) / 1000 };
    await sleep(5);
  }
}

/** Segment files and rows; with `hashes`, the SHA-256 the recorder stores as each segment closes. */
async function seedSegments(db, recordings, camera, count, bytes, start, hashes = null) {
  const segments = new SegmentRepository(db);
  const rows = [];
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < count; i++) {
    const s = start + i * 10_000;
    const rel = segmentRelativePath(camera, s);
    mkdirSync(join(recordings, rel, '..'), { recursive: true });
    for (let j = 0; j < data.length; j += 4096) data[j] = (i + j) & 0xff;
    writeFileSync(join(recordings, rel), data);
    const id = await segments.insert({ camera_id: camera, path: rel, start_ms: s, end_ms: s + 10_000, duration_ms: 10_000, codec: 'h264', codecs: null, width: null, height: null, size_bytes: bytes, container: 'fmp4', init_size: null, fragments: null, created_at: s });
    if (hashes) await hashes.rememberHash(id, createHash('sha256').update(data).digest('hex'), bytes, s);
    rows.push({ id, path: rel, start: s });
  }
  return rows;
}

try {
  // --- 1. throughput ------------------------------------------------------------------------------
  if (PARTS.has('copy')) {
    const recordings = join(dir, 't-recordings');
    const s = await stack(join(dir, 't.db'), recordings);
    await seedSegments(s.db, recordings, 'cam', FILES, MIB * 1024 * 1024, Date.now() - FILES * 10_000 - 60_000, values.unhashed ? null : s.repository);
    // The seed's own dirty pages are written now, not inside the first `cp`'s sync.
    execFileSync('sync');
    const total = FILES * MIB;
    const cp = (target) => {
      const t = performance.now();
      execFileSync('cp', ['-r', join(recordings, 'cam'), target]);
      execFileSync('sync');
      return (performance.now() - t) / 1000;
    };
    // What checking a plain copy costs by hand: cp, sync, then sha256sum of every copy (two at once).
    const cpChecked = (target) => {
      const t = performance.now();
      execFileSync('cp', ['-r', join(recordings, 'cam'), target]);
      execFileSync('sync');
      execFileSync('sh', ['-c', 'find "$1" -type f -print0 | xargs -0 -P 2 -n 16 sha256sum > /dev/null', 'sh', target]);
      return (performance.now() - t) / 1000;
    };
    // The disk's write-back makes single runs swing by 3× either way (the first `cp` often lands in an
    // idle disk cache, the next pays for it), so the two alternate, ROUNDS times each, each into a fresh
    // folder (a new destination: nothing there yet), and their medians are compared.
    const cpTimes = [];
    const checkedTimes = [];
    const jobs = [];
    for (let round = 0; round < ROUNDS; round++) {
      cpTimes.push(cp(join(dir, `cp-${round}`)));
      const dest = await s.destinations.create({ name: `bench-${round}`, kind: 'local', path: join(dir, `t-dest-${round}`) });
      const policy = await s.policies.create({ name: `bench-${round}`, destination_id: dest.id, every_minutes: 60, look_back_hours: 24 });
      jobs.push(await runJob(s, policy.id));
      checkedTimes.push(cpChecked(join(dir, `cpc-${round}`)));
      for (const folder of [`cp-${round}`, `t-dest-${round}`, `cpc-${round}`]) rmSync(join(dir, folder), { recursive: true, force: true });
    }
    const cpMedian = percentile([...cpTimes].sort((a, b) => a - b), 50);
    const checkedMedian = percentile([...checkedTimes].sort((a, b) => a - b), 50);
    const jobMedian = percentile(jobs.map((j) => j.seconds).sort((a, b) => a - b), 50);
    const last = jobs.at(-1);
    out('copy workload', `${FILES} × ${MIB} MiB`, `= ${total} MiB, ${values.unhashed ? 'no hashes in the index' : 'recorder hashes in the index'}, ${ROUNDS} rounds (load average ${load()})`);
    out('cp -r + sync', cpTimes.map((t) => t.toFixed(2)).join(' / '), `s (median ${(total / cpMedian).toFixed(0)} MiB/s)`);
    out('cp -r + sync + sha256sum', checkedTimes.map((t) => t.toFixed(2)).join(' / '), `s (median ${(total / checkedMedian).toFixed(0)} MiB/s)`);
    out('backup job (local, verified)', jobs.map((j) => j.seconds.toFixed(2)).join(' / '), `s (median ${(total / jobMedian).toFixed(0)} MiB/s), ${last.state}, ${last.files_done} files`);
    out('backup speed / cp speed', (cpMedian / jobMedian).toFixed(2), '× of the medians (target ≥ 0.8)');
    out('backup speed / checked cp speed', (checkedMedian / jobMedian).toFixed(2), '× of the medians (cp that also hashes its copies)');
    await s.jobs.stop();
    await s.db.destroy();
    rmSync(recordings, { recursive: true, force: true });
  }

  // --- 2. incremental over already-copied segments -------------------------------------------------
  if (PARTS.has('incremental')) {
    const recordings = join(dir, 'i-recordings');
    const s = await stack(join(dir, 'i.db'), recordings);
    const rows = await seedSegments(s.db, recordings, 'cam', INCREMENTAL, 1024, Date.now() - INCREMENTAL * 10_000 - 60_000);
    const destRoot = join(dir, 'i-dest');
    const dest = await s.destinations.create({ name: 'bench', kind: 'local', path: destRoot });
    // What a finished earlier run leaves: the files on the destination and their copy records.
    for (const r of rows) {
      mkdirSync(join(destRoot, r.path, '..'), { recursive: true });
      writeFileSync(join(destRoot, r.path), Buffer.alloc(1024));
      await s.repository.recordCopy({ destination_id: dest.id, segment_id: r.id, camera_id: 'cam', path: r.path, start_ms: r.start, end_ms: r.start + 10_000, size_bytes: 1024, sha256: '0'.repeat(64), copied_at: Date.now() });
    }
    const policy = await s.policies.create({ name: 'bench', destination_id: dest.id, every_minutes: 60, look_back_hours: Math.ceil((INCREMENTAL * 10_000) / 3_600_000) + 1 });
    const job = await runJob(s, policy.id);
    out('incremental run', job.seconds.toFixed(2), `s over ${job.files_total.toLocaleString('en')} segments, ${job.files_skipped.toLocaleString('en')} already there, ${job.files_done} copied (target ≤ 5 s; load average ${load()})`);
    await s.jobs.stop();
    await s.db.destroy();
  }

  // --- 3. database backup of a large index while a writer inserts ----------------------------------
  if (PARTS.has('database')) {
    const dbFile = join(dir, 'big.db');
    const db = openDatabase({ kind: 'sqlite', file: dbFile });
    await migrateToLatest(db);
    await db.destroy();
    let t = performance.now();
    const raw = new SQLite(dbFile);
    raw.pragma('journal_mode = WAL');
    const cameras = 50;
    const insert = raw.prepare(
      `INSERT INTO segments (camera_id, path, start_ms, end_ms, duration_ms, codec, codecs, width, height, size_bytes, container, init_size, fragments, created_at)
       VALUES (?, ?, ?, ?, 10000, 'h264', 'avc1.640028', 1920, 1080, 2500000, 'fmp4', 800, ?, ?)`,
    );
    const blob = Buffer.alloc(200, 1);
    const first = Date.now() - (ROWS / cameras) * 10_000;
    raw.transaction(() => {
      for (let i = 0; i < ROWS / cameras; i++) {
        for (let c = 0; c < cameras; c++) {
          const s = first + i * 10_000 + c * 37;
          insert.run(`cam${c}`, segmentRelativePath(`cam${c}`, s), s, s + 10_000, blob, s + 10_000);
        }
      }
    })();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    out('index seeded', ROWS.toLocaleString('en'), `rows in ${((performance.now() - t) / 1000).toFixed(1)} s, file ${(statSync(dbFile).size / 1e6).toFixed(0)} MB`);

    const kdb = openDatabase({ kind: 'sqlite', file: dbFile });
    const segments = new SegmentRepository(kdb);
    const hashes = new BackupRepository(kdb, new AesGcmSecretBox(Buffer.alloc(32, 1)));
    const latencies = [];
    let writing = true;
    // 16 recording cameras as the indexer sees them: each closes a 2 s segment every 2 s (starts
    // spread over the period) and writes its row, then its recording-time hash. Synthetic writers,
    // not 16 ffmpegs: those alone would fill both cores of the machines this runs on.
    const writerCamera = async (c) => {
      await sleep((c * SEGMENT_MS) / CAMERAS);
      let next = performance.now();
      for (let i = 0; writing; i++) {
        const s = Date.now();
        const started = performance.now();
        const id = await segments.insert({ camera_id: `live${c}`, path: segmentRelativePath(`live${c}`, s), start_ms: s, end_ms: s + SEGMENT_MS, duration_ms: SEGMENT_MS, codec: 'h264', codecs: 'avc1.640028', width: 1920, height: 1080, size_bytes: 1_000_000, container: 'fmp4', init_size: 800, fragments: blob, created_at: s });
        latencies.push(performance.now() - started);
        await hashes.rememberHash(id, createHash('sha256').update(String(id)).digest('hex'), 1_000_000, s);
        next += SEGMENT_MS;
        await sleep(Math.max(0, next - performance.now()));
      }
    };
    const writers = Array.from({ length: CAMERAS }, (_, c) => writerCamera(c));
    await sleep(SEGMENT_MS * 2);
    const baseline = latencies.length;
    t = performance.now();
    const { bytes } = await copyDatabase({ kind: 'sqlite', file: dbFile }, join(dir, 'big-copy.db'));
    const seconds = (performance.now() - t) / 1000;
    const during = latencies.slice(baseline).sort((a, b) => a - b);
    writing = false;
    await Promise.all(writers);
    await kdb.destroy();
    out('database backup', seconds.toFixed(2), `s for ${(bytes / 1e6).toFixed(0)} MB (${ROWS.toLocaleString('en')} segment rows; load average ${load()})`);
    out(`recorder inserts of ${CAMERAS} cameras during the backup`, during.length, `rows, p50 ${percentile(during, 50).toFixed(1)} ms, p99 ${percentile(during, 99).toFixed(1)} ms, max ${during.at(-1)?.toFixed(1)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// Retention benchmark: sweeps over 1,000,000 indexed segments while a recorder keeps inserting rows.
//
// Build first (`npx tsc -b`); this imports the built kernel (packages/kernel/dist), no sources.
// Seeds a SQLite index of N segments (default 50 cameras × 20,000 ten-second segments = 1,000,000
// rows, each with a 200-byte fragment-index blob like real rows) and zero-byte files for the oldest
// segments the sweeps will delete (rows without a file cost the sweeper no unlink; files for every
// row would only measure the file system's inode creation). Then it times:
//   1. a sweep that deletes by age (retention_days),
//   2. a sweep that deletes to meet the global byte budget,
//   3. a sweep that deletes to restore the free-space floor (injected free space),
//   4. sweeps with every rule active and nothing to delete (the steady-state cost every interval),
// each with segments deleted per second, while two writers insert segment rows every 20 ms:
//   - in-process, through the kernel's SegmentRepository on the same connection — what the indexer
//     does; its latency includes any event-loop stall the sweeper causes (better-sqlite3 is
//     synchronous), so it is THE figure for "the recording path is not blocked";
//   - in a separate process on its own connection — the database's writer lock as seen from outside.
//
// Usage: node bench/retention.mjs [--cameras 50] [--per-camera 20000] [--batch 250] [--keep]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import readline from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { percentile, sleep } from './lib/proc.mjs';

const INTERVAL_MS = 20;

if (process.argv[2] === '--writer') {
  await writer(process.argv[3]);
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(join(root, 'packages/kernel/dist', p));
const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '50' },
    'per-camera': { type: 'string', default: '20000' },
    keep: { type: 'boolean', default: false },
    batch: { type: 'string', default: '250' },
  },
});
const CAMERAS = Number(values.cameras);
const PER_CAMERA = Number(values['per-camera']);
const SEGMENT_MS = 10_000;
const SEGMENT_BYTES = 2_500_000; // 2 Mbit/s × 10 s
const NOW = Date.now();
const FIRST = NOW - PER_CAMERA * SEGMENT_MS;

const { openDatabase, migrateToLatest } = await dist('db/database.js');
const { systemClock } = await dist('clock.js');
const { SegmentRepository } = await dist('storage/segment.repository.js');
const { LeaseRepository } = await dist('storage/lease.repository.js');
const { SegmentLeases } = await dist('storage/segment-leases.js');
const { RetentionRepository } = await dist('storage/retention.repository.js');
const { RetentionSweeper } = await dist('storage/retention-sweeper.js');
const { StoragePressure } = await dist('storage/storage-pressure.js');
const { removeSegmentFiles } = await dist('storage/segment-files.js');
const { segmentRelativePath } = await dist('storage/footage-layout.js');
const { CameraRepository } = await dist('cameras/camera.repository.js');
const { EventLog } = await dist('events/event-log.js');
const { EventRepository } = await dist('events/event.repository.js');
const { EventBus } = await dist('events/event-bus.js');

const dir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-retention-'));
const dbFile = join(dir, 'heldar.db');
const recordings = join(dir, 'recordings');
const out = (label, value, unit) => console.log(`${label}: ${value} ${unit}`);

try {
  // --- seed ---------------------------------------------------------------------------------------
  let t = performance.now();
  const db = openDatabase({ kind: 'sqlite', file: dbFile });
  await migrateToLatest(db);
  await db.destroy();
  const raw = new SQLite(dbFile);
  raw.pragma('journal_mode = WAL');
  const camera = raw.prepare(
    "INSERT INTO cameras (id, name, stream_url, record_enabled, created_at, updated_at) VALUES (?, ?, 'rtsp://127.0.0.1:9/x', 0, 0, 0)",
  );
  const segment = raw.prepare(
    `INSERT INTO segments (camera_id, path, start_ms, end_ms, duration_ms, codec, codecs, width, height, size_bytes, container, init_size, fragments, created_at)
     VALUES (?, ?, ?, ?, ${SEGMENT_MS}, 'h264', 'avc1.640028', 1920, 1080, ${SEGMENT_BYTES}, 'fmp4', 800, ?, ?)`,
  );
  const blob = Buffer.alloc(200, 1);
  raw.transaction(() => {
    for (let c = 0; c < CAMERAS; c++) camera.run(`cam${c}`, `Camera ${c}`);
    // Time-major, like a real site: every camera's segment i before anyone's segment i + 1.
    for (let i = 0; i < PER_CAMERA; i++) {
      for (let c = 0; c < CAMERAS; c++) {
        const start = FIRST + i * SEGMENT_MS + c * 37;
        segment.run(`cam${c}`, segmentRelativePath(`cam${c}`, start), start, start + SEGMENT_MS, blob, start + SEGMENT_MS);
      }
    }
  })();
  raw.exec('ANALYZE');
  raw.close();
  const rows = CAMERAS * PER_CAMERA;
  out('segments indexed', rows.toLocaleString('en'), `rows (${CAMERAS} cameras × ${PER_CAMERA.toLocaleString('en')})`);
  out('batch size', values.batch, 'segments marked per statement');
  out('seed time', ((performance.now() - t) / 1000).toFixed(1), 's');

  // The four sweeps delete about 30 % of the rows, oldest first: those get (zero-byte) files.
  const withFiles = Math.ceil(PER_CAMERA * 0.32);
  t = performance.now();
  const madeDirs = new Set();
  for (let i = 0; i < withFiles; i++) {
    for (let c = 0; c < CAMERAS; c++) {
      const rel = segmentRelativePath(`cam${c}`, FIRST + i * SEGMENT_MS + c * 37);
      const folder = join(recordings, rel.slice(0, rel.lastIndexOf('/')));
      if (!madeDirs.has(folder)) {
        mkdirSync(folder, { recursive: true });
        madeDirs.add(folder);
      }
      writeFileSync(join(recordings, rel), '');
    }
  }
  out('files created', (withFiles * CAMERAS).toLocaleString('en'), `zero-byte files for the oldest segments (${((performance.now() - t) / 1000).toFixed(1)} s)`);

  // --- the kernel's storage services on the real database file -----------------------------------
  const kdb = openDatabase({ kind: 'sqlite', file: dbFile });
  const logger = pino({ level: 'silent' });
  const segments = new SegmentRepository(kdb);
  const cameras = new CameraRepository(kdb);
  const events = new EventLog(new EventRepository(kdb), new EventBus(() => undefined), systemClock, logger);
  let volume = { totalBytes: 1e15, freeBytes: 1e15 };
  const settings = { maxBytes: null, minFree: null, batchSize: Number(values.batch) };
  const sweeper = new RetentionSweeper({
    recordingsRoot: recordings,
    settings,
    retention: new RetentionRepository(kdb),
    segments,
    leases: new SegmentLeases(new LeaseRepository(kdb), systemClock),
    cameras,
    volumeStats: async () => volume,
    removeFiles: removeSegmentFiles,
    pressure: new StoragePressure(events),
    mirror: null,
    clock: systemClock,
    logger,
  });

  // --- writers -------------------------------------------------------------------------------------
  let inProcess = [];
  let writerSeq = 0;
  let writing = true;
  const inProcessWriter = (async () => {
    while (writing) {
      // Fixed delay, not fixed rate: one late insert must not make the next ones look late too.
      const due = performance.now() + INTERVAL_MS;
      await sleep(INTERVAL_MS);
      const start = NOW + 1_000_000 + writerSeq * SEGMENT_MS;
      await segments.insert({
        camera_id: 'cam0',
        path: `cam0/writer/${writerSeq++}.mp4`,
        start_ms: start,
        end_ms: start + SEGMENT_MS,
        duration_ms: SEGMENT_MS,
        codec: 'h264',
        codecs: null,
        width: 1920,
        height: 1080,
        size_bytes: SEGMENT_BYTES,
        container: 'fmp4',
        init_size: 800,
        fragments: blob,
        created_at: start,
      });
      // From when the insert was due (timer) to committed: includes any stall of the event loop.
      inProcess.push(Math.max(0, performance.now() - due));
    }
  })();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--writer', dbFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const childLines = [];
  readline.createInterface({ input: child.stdout }).on('line', (l) => childLines.push(l));
  const childSamples = async () => {
    const before = childLines.length;
    child.stdin.write('report\n');
    while (childLines.length === before) await sleep(5);
    return JSON.parse(childLines.at(-1));
  };
  const stall = monitorEventLoopDelay({ resolution: 10 });

  const measure = async (label, prepare) => {
    await prepare();
    await sleep(300);
    inProcess = [];
    await childSamples(); // resets the child's samples
    stall.reset();
    stall.enable();
    const started = performance.now();
    const report = await sweeper.sweep();
    const ms = performance.now() - started;
    stall.disable();
    await sleep(2 * INTERVAL_MS);
    const external = await childSamples();
    const deleted = Object.values(report.deleted).reduce((a, b) => a + b, 0);
    console.log(`\n${label}`);
    out('  sweep time', ms.toFixed(0), 'ms');
    out('  segments deleted', deleted.toLocaleString('en'), `segments (${(report.bytesFreed / 1e9).toFixed(1)} GB of index size)`);
    if (deleted > 0) out('  deletion rate', Math.round(deleted / (ms / 1000)).toLocaleString('en'), 'segments/s');
    const s = [...inProcess].sort((a, b) => a - b);
    out('  in-process inserts during the sweep', s.length, 'rows');
    out('  in-process insert latency p50', percentile(s, 50).toFixed(1), 'ms');
    out('  in-process insert latency p99', percentile(s, 99).toFixed(1), 'ms');
    out('  in-process insert latency max', s.at(-1).toFixed(1), 'ms');
    out('  longest event-loop stall', (stall.max / 1e6).toFixed(1), 'ms');
    out('  other-process insert latency p50', percentile(external, 50).toFixed(1), 'ms');
    out('  other-process insert latency p99', percentile(external, 99).toFixed(1), 'ms');
    out('  other-process insert latency max', (external.at(-1) ?? NaN).toFixed(1), 'ms');
    return { ms, deleted };
  };

  // Idle baseline: the writers alone for two seconds.
  await sleep(2000);
  inProcess = [];
  await childSamples();
  await sleep(2000);
  const idle = [...inProcess].sort((a, b) => a - b);
  const idleExternal = await childSamples();
  console.log('\nidle (no sweep)');
  out('  in-process insert latency p50', percentile(idle, 50).toFixed(1), 'ms');
  out('  in-process insert latency p99', percentile(idle, 99).toFixed(1), 'ms');
  out('  other-process insert latency p99', percentile(idleExternal, 99).toFixed(1), 'ms');

  // ~0.3 days of each camera's 2.3 days are older than 2 days.
  await measure('age: retention_days = 2 on every camera', async () => {
    await kdb.updateTable('cameras').set({ retention_days: 2 }).execute();
  });
  await measure('global byte budget: 100,000 segments over HELDAR_RETENTION_MAX_BYTES', async () => {
    const { total } = await kdb.selectFrom('segments').select((eb) => eb.fn.sum('size_bytes').as('total')).executeTakeFirstOrThrow();
    settings.maxBytes = Number(total) - 100_000 * SEGMENT_BYTES;
  });
  await measure('free-space floor: 50,000 segments below HELDAR_MIN_FREE_BYTES (injected free space)', async () => {
    settings.maxBytes = null;
    settings.minFree = { bytes: 1e14 };
    volume = { totalBytes: 1e15, freeBytes: 1e14 - 50_000 * SEGMENT_BYTES };
  });
  // Steady state: age, per-camera budgets, global budget and floor all evaluated, none exceeded.
  const steady = [];
  for (let i = 0; i < 3; i++) {
    steady.push(
      (
        await measure(`steady state ${i + 1}: every rule active, nothing to delete`, async () => {
          await kdb.updateTable('cameras').set({ retention_max_bytes: 1e15 }).execute();
          settings.maxBytes = 1e17;
          volume = { totalBytes: 1e15, freeBytes: 5e14 };
        })
      ).ms,
    );
  }

  console.log('\nsummary');
  out('steady-state sweep (median of 3, every rule active, nothing to delete)', [...steady].sort((a, b) => a - b)[1].toFixed(0), 'ms');

  writing = false;
  await inProcessWriter;
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  await kdb.destroy();
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}

/** The separate-process writer: inserts a row every 20 ms; on "report" prints and resets its latencies. */
async function writer(file) {
  const sqlite = new SQLite(file);
  sqlite.pragma('busy_timeout = 5000');
  const insert = sqlite.prepare(
    `INSERT INTO segments (camera_id, path, start_ms, end_ms, duration_ms, codec, size_bytes, container, created_at)
     VALUES ('cam1', ?, ?, ?, 10000, 'h264', 2500000, 'fmp4', 0)`,
  );
  let samples = [];
  let seq = 0;
  let open = true;
  readline.createInterface({ input: process.stdin }).on('line', () => {
    process.stdout.write(`${JSON.stringify([...samples].sort((a, b) => a - b))}\n`);
    samples = [];
  }).on('close', () => {
    open = false;
  });
  const base = Date.now() + 2_000_000_000;
  while (open) {
    await sleep(INTERVAL_MS);
    const t0 = performance.now();
    insert.run(`cam1/external/${process.pid}-${seq}.mp4`, base + seq * 10_000, base + seq * 10_000 + 10_000);
    seq++;
    samples.push(performance.now() - t0);
  }
  sqlite.close();
}

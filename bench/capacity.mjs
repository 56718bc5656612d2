#!/usr/bin/env node
// One node's capacity: the most cameras at 2 Mbit/s one Heldar records with zero lost segments, an
// index lag p99 ≤ 1 s and Heldar's own process ≤ 25 % of a core (its ffmpeg children are counted
// apart), on SQLite and on PostgreSQL.
//
// Build first (`npm run build`); this spawns the built CLIs (one camsim serving every stream, heldar
// serve) like bench/recording.mjs. Each step is a fresh Heldar and camsim with N cameras: every camera
// added, each one's first segment awaited, then a window of --seconds measured. The steps go up until
// the first one that fails a limit. After the window, one segment later, the index is read straight
// from the database:
//   - lost segments: per camera, the parts of the window no indexed segment covers (a seam of up to
//     0.5 s between two segments is not a loss), in segments' worth, rounded up;
//   - index lag: ffmpeg closed the file (its mtime survives the rename) → row committed (created_at);
//   - CPU: Heldar's process, all its ffmpeg children together, camsim — % of one core over the window.
// PostgreSQL comes from BENCH_DB_URL (default postgres://heldar:heldar@127.0.0.1:5432/heldar_test),
// a schema of its own per step, dropped after it.
//
// Usage: node bench/capacity.mjs [--steps 25,50,100,200,300] [--seconds 60] [--db sqlite,postgres]
//        [--segment-seconds 4] [--bitrate-kbps 2000] [--live on|off]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { childPids, cpuSeconds, percentile, sleep, startNode, stop } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '25,50,100,200,300' },
    seconds: { type: 'string', default: '60' },
    db: { type: 'string', default: 'sqlite,postgres' },
    'segment-seconds': { type: 'string', default: '4' },
    'bitrate-kbps': { type: 'string', default: '2000' },
    live: { type: 'string', default: 'on' },
  },
});
const steps = values.steps.split(',').map(Number);
const seconds = Number(values.seconds);
const segmentMs = Number(values['segment-seconds']) * 1000;
const pgUrl = process.env.BENCH_DB_URL || 'postgres://heldar:heldar@127.0.0.1:5432/heldar_test';
/** The issue's limits. */
const LIMITS = { lostSegments: 0, lagP99Ms: 1000, heldarCpuPercent: 25 };
/** A seam between two segments up to this long is the container's rounding, not lost footage. */
const SEAM_MS = 500;

/** Where one step's Heldar keeps its index, and how the bench reads it afterwards. */
async function openStore(dialect, dataDir) {
  if (dialect === 'sqlite') {
    const Database = (await import(join(root, 'node_modules/better-sqlite3/lib/index.js'))).default;
    return {
      env: {},
      rows: (from) => {
        const db = new Database(join(dataDir, 'heldar.db'), { readonly: true });
        try {
          return db.prepare('select camera_id, path, start_ms, end_ms, created_at from segments where end_ms >= ?').all(from);
        } finally {
          db.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const schema = `heldar_capacity_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { HELDAR_DB_URL: url.toString() },
    rows: async (from) =>
      (await admin.query(`select camera_id, path, start_ms::float8 as start_ms, end_ms::float8 as end_ms, created_at::float8 as created_at from ${schema}.segments where end_ms >= $1`, [from])).rows,
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** Milliseconds of [from, to] that no segment of the list covers, seams up to SEAM_MS forgiven. */
function uncoveredMs(segments, from, to) {
  let cursor = from;
  let missing = 0;
  for (const s of [...segments].sort((a, b) => a.start_ms - b.start_ms)) {
    if (s.end_ms <= cursor) continue;
    if (s.start_ms - cursor > SEAM_MS) missing += Math.min(s.start_ms, to) - cursor;
    cursor = Math.max(cursor, s.end_ms);
    if (cursor >= to) return missing;
  }
  return to - cursor > SEAM_MS ? missing + (to - cursor) : missing;
}

async function step(dialect, n) {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-capacity-'));
  const store = await openStore(dialect, dataDir);
  const camsim = startNode(join(root, 'packages/camsim/dist/cli.js'), ['--cameras', String(n), '--port', '0', '--bitrate-kbps', values['bitrate-kbps']]);
  const env = {
    ...store.env,
    HELDAR_DATA_DIR: dataDir,
    HELDAR_HTTP_PORT: '0',
    HELDAR_LOG_LEVEL: 'info', // the default: its log lines are part of what a node costs
    HELDAR_LIVE_ENABLED: values.live === 'off' ? 'false' : 'true',
    HELDAR_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
  };
  const main = join(root, 'packages/kernel/dist/main.js');
  const key = execFileSync(process.execPath, [main, 'key', 'add', '--name', 'bench', '--scope', 'admin'], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const api = async (base, method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const heldar = startNode(main, ['serve'], env);
  try {
    await camsim.waitLine(() => camsim.lines.filter((l) => l.startsWith('rtsp://')).length >= n);
    const urls = camsim.lines.filter((l) => l.startsWith('rtsp://')).slice(0, n);
    const base = JSON.parse(await heldar.waitLine((l) => l.includes('"url"'))).url;
    const setupStart = Date.now();
    for (let i = 0; i < n; i++) await api(base, 'POST', '/api/cameras', { id: `cam${i}`, name: `Camera ${i}`, stream_url: urls[i], segment_seconds: segmentMs / 1000 });
    const addedS = (Date.now() - setupStart) / 1000;
    const deadline = Date.now() + 60_000 + n * 1000;
    for (;;) {
      const { statuses } = await api(base, 'GET', '/api/cameras/status');
      const started = statuses.filter((s) => s.last_segment_at !== null).length;
      if (started >= n) break;
      if (Date.now() > deadline) throw new Error(`${started} of ${n} cameras recorded a segment in time`);
      await sleep(1000);
    }
    console.log(`${dialect} ${n} cameras: added in ${addedS.toFixed(0)} s, every one recording ${((Date.now() - setupStart) / 1000).toFixed(0)} s after the first was added`);
    await sleep(segmentMs);

    const pid = heldar.child.pid;
    const ffmpegs = childPids(pid, 'ffmpeg');
    const cpu0 = { heldar: cpuSeconds(pid), camsim: cpuSeconds(camsim.child.pid), ffmpeg: ffmpegs.map((p) => cpuSeconds(p)) };
    const t0 = Date.now();
    await sleep(seconds * 1000);
    const t1 = Date.now();
    const wall = (t1 - t0) / 1000;
    const load = os.loadavg()[0];
    const pct = (s) => (s / wall) * 100;
    const heldarCpu = pct(cpuSeconds(pid) - cpu0.heldar);
    const camsimCpu = pct(cpuSeconds(camsim.child.pid) - cpu0.camsim);
    // An ffmpeg that exited in the window counts what it used until then as 0: its loss shows anyway.
    const ffmpegCpu = pct(ffmpegs.reduce((sum, p, i) => sum + (safeCpu(p) ?? cpu0.ffmpeg[i]) - cpu0.ffmpeg[i], 0));
    // The segment open at t1 closes one segment later; its row comes after the index lag. Waited for
    // (up to a minute) so that a late row counts as lag, not as a lost segment.
    const settleBy = Date.now() + segmentMs + 60_000;
    let rows = [];
    for (;;) {
      rows = await store.rows(t0 - segmentMs);
      const covered = new Set(rows.filter((r) => r.end_ms >= t1).map((r) => r.camera_id));
      if (covered.size >= n || Date.now() > settleBy) break;
      await sleep(1000);
    }
    let lost = 0;
    for (let i = 0; i < n; i++) lost += Math.ceil(uncoveredMs(rows.filter((r) => r.camera_id === `cam${i}`), t0, t1) / segmentMs);
    const lags = [];
    for (const r of rows) {
      if (r.end_ms < t0 || r.start_ms > t1) continue;
      try {
        lags.push(r.created_at - statSync(join(dataDir, 'recordings', r.path)).mtimeMs);
      } catch {
        // A file gone already (not in a window this short): no lag to measure.
      }
    }
    lags.sort((a, b) => a - b);
    const lagP99 = percentile(lags, 99);
    const ok = lost <= LIMITS.lostSegments && lagP99 <= LIMITS.lagP99Ms && heldarCpu <= LIMITS.heldarCpuPercent;
    return { n, ok, lost, segments: lags.length, lagP50: percentile(lags, 50), lagP99, heldarCpu, ffmpegCpu, ffmpegs: ffmpegs.length, camsimCpu, load };
  } finally {
    await stop(heldar.child);
    await stop(camsim.child);
    await store.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function safeCpu(pid) {
  try {
    return cpuSeconds(pid);
  } catch {
    return undefined;
  }
}

const header = '| db | cameras | lost segments | segments indexed | index lag p50 / p99 | Heldar CPU | ffmpeg CPU (all) | camsim CPU | load avg (1 min) | within limits |';
console.log(`capacity: ${values['bitrate-kbps']} kbit/s per camera, ${segmentMs / 1000} s segments, ${seconds} s window per step, live taps ${values.live}; limits: ${LIMITS.lostSegments} lost, lag p99 ≤ ${LIMITS.lagP99Ms} ms, Heldar ≤ ${LIMITS.heldarCpuPercent} % of a core; ${os.cpus().length} cores`);
for (const dialect of values.db.split(',')) {
  const results = [];
  for (const n of steps) {
    let r;
    try {
      r = await step(dialect, n);
    } catch (e) {
      console.log(`${dialect} ${n} cameras: step failed: ${e instanceof Error ? e.message : String(e)}`);
      break;
    }
    results.push(r);
    console.log(`${dialect} ${n} cameras: lost ${r.lost}, lag p99 ${r.lagP99.toFixed(0)} ms, heldar ${r.heldarCpu.toFixed(1)} %, ffmpeg ${r.ffmpegCpu.toFixed(1)} %, camsim ${r.camsimCpu.toFixed(1)} %, load ${r.load.toFixed(1)}${r.ok ? '' : ' — over a limit'}`);
    if (!r.ok) break;
  }
  console.log(`\n${header}\n|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    console.log(`| ${dialect} | ${r.n} | ${r.lost} | ${r.segments} | ${r.lagP50.toFixed(0)} / ${r.lagP99.toFixed(0)} ms | ${r.heldarCpu.toFixed(1)} % | ${r.ffmpegCpu.toFixed(1)} % (${r.ffmpegs} processes) | ${r.camsimCpu.toFixed(1)} % | ${r.load.toFixed(1)} | ${r.ok ? 'yes' : 'no'} |`);
  }
  const best = results.filter((r) => r.ok).at(-1);
  console.log(`${dialect}: ${best ? `${best.n} cameras within every limit` : 'no step within the limits'}\n`);
}

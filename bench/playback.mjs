#!/usr/bin/env node
// Playback and timeline benchmark (targets: README, Performance):
//   - playback session for a 1 h range, time to playlist (target ≤ 50 ms), against the Rust original's (docs/reference.md)
//     approach: an ffmpeg HLS remux of the same range (`-f concat … -c copy -f hls`);
//   - timeline over 30 days of 10 s segments (~260k index rows) for one camera (target ≤ 20 ms).
//
// Build first (`npx tsc -b`): this imports packages/kernel/dist. The footage is synthetic: ONE 10 s
// 2 Mbit/s 1280×720 segment made with the recorder's own ffmpeg flags, hard-linked 360 times into the
// recordings layout and indexed with consecutive times (= 1 h of footage, 900 MB of index-visible
// bytes, one inode: the ffmpeg baseline reads it from the page cache, which only flatters ffmpeg).
// The 30-day timeline rows are index rows only (no files).
//
// Usage: node bench/playback.mjs [--runs 20] [--days 30]
import { execFile } from 'node:child_process';
import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { recordSyntheticSegment, startBenchKernel } from './lib/footage.mjs';
import { percentile } from './lib/proc.mjs';

const kernelDist = new URL('../packages/kernel/dist/', import.meta.url);
const { segmentRelativePath } = await import(new URL('storage/footage-layout.js', kernelDist).href);

const execFileAsync = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, days: { type: 'string', default: '30' } } });
const runs = Number(values.runs);
const days = Number(values.days);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const now = () => process.hrtime.bigint();
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms (${sorted.length} runs)`;
};

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);
const work = await mkdtemp(path.join(os.tmpdir(), 'heldar-bench-playback-'));
let kernel;
try {
  // 1. One 10 s segment, 2 Mbit/s 720p, 1 s GOP, AAC audio, written by the recorder's command.
  const { segmentFile, info } = await recordSyntheticSegment(work, { size: '1280x720', fps: 25, gopSeconds: 1, kbps: 2000 });

  // 2. A kernel on a temp folder (recorder off), 360 hard links indexed back to back = 1 h.
  let config;
  ({ config, kernel } = await startBenchKernel(work));
  await kernel.cameras.create({ id: 'hour', name: 'Hour', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false });
  const start = Date.UTC(2026, 10, 1, 12);
  const files = [];
  let t = start;
  for (let i = 0; i < 360; i++) {
    const relative = segmentRelativePath('hour', t);
    const target = path.join(config.recordingsDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await link(segmentFile, target);
    await kernel.indexer.indexInPlace('hour', relative, info, t);
    files.push(target);
    t += info.durationMs;
  }
  const end = t;
  console.log(`footage: one synthetic 10 s segment (1280x720, 2 Mbit/s, 1 s GOP, AAC; recorder flags) hard-linked 360 times with consecutive times`);
  console.log(`footage: ${((end - start) / 1000).toFixed(1)} s, ${((info.sizeBytes * 360) / 1e6).toFixed(0)} MB, ${info.fragmentCount} fragments per file`);

  // 3. Session creation for the whole hour: the service (index query + playlist) and over real HTTP.
  const service = kernel.modules.playback.service;
  const inService = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = now();
    const session = await service.create({ cameraId: 'hour', from: start, to: end, createdBy: 'bench' });
    const playlist = await service.playlist(session.id);
    const elapsed = ms(t0);
    if (i >= 2) inService.push(elapsed); // two warm-up runs (JIT, SQLite page cache)
    if (i === 0) console.log(`playlist: ${playlist.split('\n').filter((l) => l.startsWith('#EXTINF')).length} parts, ${(playlist.length / 1024).toFixed(0)} KiB`);
    await service.delete(session.id);
  }
  console.log(`playback session, 1 h range, create + playlist (in process): ${stats(inService)}`);

  const { key } = await kernel.modules.auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  const base = await kernel.listen();
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const overHttp = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = now();
    const res = await fetch(`${base}/api/playback`, { method: 'POST', headers, body: JSON.stringify({ camera_id: 'hour', from: new Date(start).toISOString(), to: new Date(end).toISOString() }) });
    if (res.status !== 201) throw new Error(`POST /api/playback: ${res.status} ${await res.text()}`);
    const session = await res.json();
    const playlist = await fetch(`${base}${session.playlist_url}`, { headers });
    await playlist.text();
    const elapsed = ms(t0);
    if (i >= 2) overHttp.push(elapsed);
    await fetch(`${base}/api/playback/${session.id}`, { method: 'DELETE', headers });
  }
  console.log(`playback session, 1 h range, POST + GET playlist (HTTP): ${stats(overHttp)}`);

  // 4. The reference's approach: ffmpeg remuxes the same hour into HLS.
  const remux = path.join(work, 'remux');
  await mkdir(remux);
  const list = path.join(remux, 'concat.txt');
  await writeFile(list, files.map((f) => `file '${f}'`).join('\n') + '\n');
  const t0 = now();
  await execFileAsync('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', list,
    '-ss', '0.000', '-t', ((end - start) / 1000).toFixed(3), '-c', 'copy', '-avoid_negative_ts', 'make_zero',
    '-f', 'hls', '-hls_time', '10', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(remux, 'seg_%05d.ts'), path.join(remux, 'index.m3u8'),
  ]);
  const remuxMs = ms(t0);
  console.log(`reference ffmpeg HLS remux, same 1 h range: ${(remuxMs / 1000).toFixed(2)} s (1 run)`);
  console.log(`speed-up of session creation over the remux: ${(remuxMs / percentile([...overHttp].sort((a, b) => a - b), 50)).toFixed(0)}x (HTTP p50)`);
  await rm(remux, { recursive: true, force: true });

  // 5. Timeline over `days` days of 10 s segments (index rows only), with one 2-minute outage a day.
  await kernel.cameras.create({ id: 'month', name: 'Month', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false });
  const monthStart = Date.UTC(2026, 9, 1);
  const rows = [];
  let m = monthStart;
  const perDay = 8640;
  for (let i = 0; i < days * perDay; i++) {
    if (i % perDay === perDay / 2) m += 120_000;
    rows.push({ camera_id: 'month', path: `month/${i}.mp4`, start_ms: m, end_ms: m + 10_000, duration_ms: 10_000, codec: 'h264', codecs: 'avc1.640028', width: 1280, height: 720, size_bytes: 2_500_000, container: 'fmp4', init_size: 1200, fragments: null, created_at: m });
    m += 10_000;
  }
  const monthEnd = m;
  await kernel.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('segments').values(rows.slice(i, i + 500)).execute();
  });
  console.log(`timeline rows: ${rows.length} index rows (${days} days of 10 s segments, one 2 min gap a day) for one camera`);

  const timeline = kernel.modules.playback.timeline;
  const scan = now();
  const raw = await kernel.segments.spansStartingIn('month', monthStart, monthEnd);
  console.log(`for comparison, reading the ${raw.length} (start, end) rows into JS: ${ms(scan).toFixed(1)} ms`);
  const url = `${base}/api/cameras/month/timeline?from=${new Date(monthStart).toISOString()}&to=${new Date(monthEnd).toISOString()}`;
  let t1 = now();
  const cold = await (await fetch(url, { headers })).json();
  console.log(`timeline ${days} days, first query (cold cache, HTTP): ${ms(t1).toFixed(1)} ms (${cold.spans.length} spans, ${cold.gaps.length} gaps, ${cold.covered_seconds} s covered)`);
  const warm = [];
  const warmService = [];
  for (let i = 0; i < runs; i++) {
    t1 = now();
    await (await fetch(url, { headers })).json();
    warm.push(ms(t1));
    t1 = now();
    await timeline.coverage('month', monthStart, monthEnd);
    warmService.push(ms(t1));
  }
  console.log(`timeline ${days} days (HTTP): ${stats(warm)}`);
  console.log(`timeline ${days} days (in process): ${stats(warmService)}`);
  // Recording goes on: each new segment invalidates the newest hour only.
  const afterInsert = [];
  for (let i = 0; i < runs; i++) {
    await kernel.segments.insert({ ...rows[0], path: `month/new-${i}.mp4`, start_ms: monthEnd + i * 10_000, end_ms: monthEnd + (i + 1) * 10_000 });
    t1 = now();
    await timeline.coverage('month', monthStart, monthEnd + (i + 1) * 10_000);
    afterInsert.push(ms(t1));
  }
  console.log(`timeline ${days} days right after a new segment (in process): ${stats(afterInsert)}`);
  const daysUrl = `${base}/api/cameras/month/timeline/days?from=${new Date(monthStart).toISOString()}&to=${new Date(monthEnd).toISOString()}`;
  const daySamples = [];
  for (let i = 0; i < runs; i++) {
    t1 = now();
    await (await fetch(daysUrl, { headers })).json();
    daySamples.push(ms(t1));
  }
  console.log(`timeline per-day summary, ${days} days (HTTP): ${stats(daySamples)}`);
  console.log(`machine: load average ${load()} at the end`);
} finally {
  await kernel?.close();
  await rm(work, { recursive: true, force: true });
}

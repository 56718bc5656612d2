#!/usr/bin/env node
// Metrics scrape benchmark (target: README, Performance): GET /metrics over HTTP with 64 cameras.
//
// Build first (`npx tsc -b`): this imports packages/kernel/dist. A kernel on a temp folder (recorder
// off) with 64 cameras, a status row each (recording, with a last segment time) and a day of 10 s
// index rows per camera (64 × 8,640 = 552,960 rows, no files: a scrape reads only the index and one
// statfs). Every per-camera series then has a sample per camera. Scrapes go over real HTTP with a
// `metrics` API key, one after another, after a few warm-up scrapes.
//
// Usage: node bench/metrics-scrape.mjs [--cameras 64] [--runs 200] [--hours 24]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchKernel } from './lib/footage.mjs';
import { percentile } from './lib/proc.mjs';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '64' }, runs: { type: 'string', default: '200' }, hours: { type: 'string', default: '24' } } });
const cameras = Number(values.cameras);
const runs = Number(values.runs);
const perCamera = Number(values.hours) * 360;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);
const work = await mkdtemp(path.join(os.tmpdir(), 'heldar-bench-metrics-'));
let kernel;
try {
  ({ kernel } = await startBenchKernel(work));
  const now = Date.now();
  const first = now - perCamera * 10_000;
  for (let c = 0; c < cameras; c++) {
    const id = `cam${String(c).padStart(2, '0')}`;
    await kernel.cameras.create({ id, name: id, stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false });
    await kernel.db
      .insertInto('camera_status')
      .values({ camera_id: id, state: 'recording', pid: null, since: first, last_error: null, reconnect_count: c % 3, last_segment_at: now - 5000 })
      .onConflict((oc) => oc.column('camera_id').doUpdateSet({ state: 'recording', last_segment_at: now - 5000 }))
      .execute();
    const rows = [];
    for (let i = 0; i < perCamera; i++) {
      const start = first + i * 10_000;
      rows.push({ camera_id: id, path: `${id}/${i}.mp4`, start_ms: start, end_ms: start + 10_000, duration_ms: 10_000, codec: 'h264', codecs: 'avc1.640028', width: 1920, height: 1080, size_bytes: 2_500_000, container: 'fmp4', init_size: 1200, fragments: null, created_at: start + 10_000 });
    }
    await kernel.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('segments').values(rows.slice(i, i + 500)).execute();
    });
  }
  console.log(`index: ${cameras} cameras × ${perCamera} segments = ${cameras * perCamera} rows`);

  const { key } = await kernel.modules.auth.keys.create({ name: 'bench-prometheus', scopes: ['metrics'] }, 'bench');
  const base = await kernel.listen();
  const scrape = async () => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${key}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`scrape answered ${res.status}: ${text}`);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, text };
  };
  for (let i = 0; i < 5; i++) await scrape();
  const samples = [];
  let size = 0;
  let lines = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, text } = await scrape();
    samples.push(ms);
    size = text.length;
    lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  }
  const sorted = samples.sort((a, b) => a - b);
  console.log(`scrape: ${lines} samples, ${(size / 1024).toFixed(0)} KiB`);
  console.log(`GET /metrics with ${cameras} cameras (HTTP): p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (${runs} runs; target ≤ 50 ms)`);
  console.log(`machine: load average ${load()} at the end`);
} finally {
  await kernel?.close();
  await rm(work, { recursive: true, force: true });
}

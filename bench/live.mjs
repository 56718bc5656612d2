#!/usr/bin/env node
// Live view benchmark (targets: README, Performance):
//   - glass-to-glass latency over MSE in Chromium: from the moment the simulator sends a frame to the
//     moment Chromium presents it, p50/p95 over --seconds (default 60); with --minutes 10 the drift
//     check (p50 of the last minute against the first);
//   - time from opening a tile (its WebSocket is created) to its first frame presented;
//   - Heldar's CPU (from /proc/<pid>/stat, in % of one core) for 16 cameras recording alone, with 16
//     live viewers (one per camera), and with 64 viewers on one camera; RSS per viewer.
//
// How a frame's send time is known: camsim paces frames in real time from its `startWallMs` (frame i
// at startWallMs + i·1000/fps, keyframes on whole seconds after it). Before every keyframe fragment
// the WebSocket says when Heldar received it (`sync`: decode_time_ms ↔ received_at); that keyframe
// was sent at the last whole second (of camsim's grid) before received_at, as long as camsim → Heldar
// takes under a second on loopback (printed: "camsim → Heldar receive"). A frame presented at media
// time m was then sent at keyframe send + (m − decode_time). Chromium's requestVideoFrameCallback
// gives the frame's mediaTime and expectedDisplayTime (performance clock → wall clock through
// performance.timeOrigin). Browser, Heldar and camsim share this machine's clock.
//
// Build first (`npm run build`: the kernel CLI and the web UI); needs Debian's chromium. Viewers for
// the cost part are Node WebSocket clients (ws) that read and drop the stream, as a browser would
// receive it.
//
// Usage: node bench/live.mjs [--seconds 60] [--minutes 10] [--cameras 16] [--viewers 64]
// Functions passed to page.evaluate/addInitScript run in Chromium, with its globals.
/* global window, document, MutationObserver */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { cpuSeconds, percentile, sleep, startNode, stop } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'packages/web/package.json'));
const { chromium } = require('playwright-core');
const WebSocket = require('ws');
const { startCamsim } = await import(pathToFileURL(join(root, 'packages/camsim/dist/index.js')).href);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    minutes: { type: 'string' },
    cameras: { type: 'string', default: '16' },
    viewers: { type: 'string', default: '64' },
    'cost-seconds': { type: 'string', default: '20' },
  },
});
const latencySeconds = values.minutes ? Number(values.minutes) * 60 : Number(values.seconds);
const cameraCount = Number(values.cameras);
const manyViewers = Number(values.viewers);
const costSeconds = Number(values['cost-seconds']);
const CHROMIUM = process.env.HELDAR_CHROMIUM ?? '/usr/bin/chromium';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (v) => (Number.isFinite(v) ? v.toFixed(0) : '—');
const stats = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), n: s.length };
};
const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);
const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-live-'));
const password = randomBytes(18).toString('base64url');
const heldarEnv = {
  HELDAR_DATA_DIR: dataDir,
  HELDAR_HTTP_HOST: '127.0.0.1',
  HELDAR_HTTP_PORT: '0',
  HELDAR_LOG_LEVEL: 'warn',
  HELDAR_ADMIN_PASSWORD: password,
  // All viewers of the cost part are one API key: lift the per-user and global limits above them.
  HELDAR_LIVE_MAX_VIEWERS: String(Math.max(cameraCount, manyViewers) + 8),
  HELDAR_LIVE_MAX_VIEWERS_PER_USER: String(Math.max(cameraCount, manyViewers) + 8),
};
const heldarMain = join(root, 'packages/kernel/dist/main.js');
// The first admin (user `admin`, for the browser) and an admin key (for the API and the Node viewers).
const apiKey = execFileSync(process.execPath, [heldarMain, 'key', 'add', '--name', 'bench', '--scope', 'admin'], {
  env: { ...process.env, ...heldarEnv },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
}).trim();
const camsim = await startCamsim({ cameras: Array.from({ length: cameraCount }, (_, i) => ({ name: `cam${i}`, width: 1280, height: 720, fps: 25, bitrateKbps: 2000 })) });
// `heldar serve` with an on-demand live source (bench/lib/live-kernel.mjs says why).
const heldar = startNode(join(root, 'bench/lib/live-kernel.mjs'), [], { ...heldarEnv, BENCH_CAMSIM_BASE: `rtsp://127.0.0.1:${camsim.port}/` });
let browser;
const sockets = [];
try {
  const base = JSON.parse(await heldar.waitLine((l) => l.includes('"url"'))).url;
  const wsBase = base.replace(/^http/, 'ws');
  const api = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const waitRecording = async (ids) => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const statuses = await Promise.all(ids.map((id) => api('GET', `/api/cameras/${id}/status`)));
      if (statuses.every((s) => s.last_segment_at !== null)) return;
      if (Date.now() > deadline) throw new Error(`not recording within 120 s: ${statuses.filter((s) => !s.last_segment_at).map((s) => s.camera_id).join(' ')}`);
      await sleep(1000);
    }
  };

  // 1. One camera, one Chromium tile: latency and time to first frame.
  await api('POST', '/api/cameras', { id: 'cam0', name: 'Camera 0', stream_url: camsim.url('cam0'), segment_seconds: 4 });
  await waitRecording(['cam0']);
  const startWallMs = camsim.stats().cameras.find((c) => c.name === 'cam0').startWallMs;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const login = await context.request.post(`${base}/api/auth/login`, { data: { username: 'admin', password }, headers: { origin: base } });
  if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
  // In the page: when each live WebSocket is created (a tile opens), and every presented frame.
  await context.addInitScript(() => {
    const w = window;
    w.__live = { opens: [], frames: [] };
    const Native = w.WebSocket;
    w.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        if (String(args[0]).includes('/live')) w.__live.opens.push(performance.now());
      }
    };
    const hook = (video) => {
      if (video.__hooked) return;
      video.__hooked = true;
      const onFrame = (_now, meta) => {
        w.__live.frames.push([meta.mediaTime, performance.timeOrigin + meta.expectedDisplayTime, meta.expectedDisplayTime]);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    };
    new MutationObserver(() => document.querySelectorAll('video[data-testid="live-video"]').forEach(hook)).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  // The sync messages, as the page receives them: media time (ms) → Heldar's receive time (wall ms).
  let syncs = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload);
      if (m.type === 'stream') syncs = [];
      if (m.type === 'sync') syncs.push([m.decode_time_ms, Date.parse(m.received_at)]);
    });
  });

  // Time to first frame: six openings of the tile. The first finds no stream running and starts a
  // live-only ffmpeg (a camera that records has its stream running already); the others find it.
  const firstFrame = [];
  for (let i = 0; i < 6; i++) {
    await page.goto(`${base}/live?layout=1`);
    await page.waitForFunction(() => window.__live.frames.length > 0 && window.__live.opens.length > 0, null, { timeout: 20_000 });
    firstFrame.push(await page.evaluate(() => window.__live.frames[0][2] - window.__live.opens[0]));
  }

  // Glass-to-glass over the latency window (a fresh page, so the frames list starts now).
  await page.goto(`${base}/live?layout=1`);
  await page.waitForFunction(() => window.__live.frames.length > 0, null, { timeout: 20_000 });
  const samples = [];
  const upstream = [];
  const windowStart = Date.now();
  let lastMinuteReport = windowStart;
  while (Date.now() - windowStart < latencySeconds * 1000) {
    await sleep(1000);
    const frames = await page.evaluate(() => window.__live.frames.splice(0));
    for (const [mediaTime, shownAt] of frames) {
      const m = mediaTime * 1000;
      let sync;
      for (const s of syncs) if (s[0] <= m + 1 && (!sync || s[0] > sync[0])) sync = s;
      if (!sync || m - sync[0] > 5000) continue;
      const keyframeSent = startWallMs + Math.floor((sync[1] - startWallMs) / 1000) * 1000;
      const sentAt = keyframeSent + (m - sync[0]);
      samples.push({ at: Date.now(), ms: shownAt - sentAt });
    }
    for (const s of syncs.splice(0, Math.max(0, syncs.length - 8))) upstream.push(s[1] - (startWallMs + Math.floor((s[1] - startWallMs) / 1000) * 1000));
    if (values.minutes && Date.now() - lastMinuteReport >= 60_000) {
      lastMinuteReport = Date.now();
      const minute = samples.filter((s) => s.at > lastMinuteReport - 60_000).map((s) => s.ms);
      console.log(`  minute ${Math.round((lastMinuteReport - windowStart) / 60_000)}: p50 ${fmt(stats(minute).p50)} ms (${minute.length} frames)`);
    }
  }
  const glass = stats(samples.map((s) => s.ms));
  const up = stats(upstream);
  const cold = firstFrame[0];
  const ttff = stats(firstFrame.slice(1));
  let drift = null;
  if (values.minutes) {
    const first = stats(samples.filter((s) => s.at < windowStart + 60_000).map((s) => s.ms)).p50;
    const last = stats(samples.filter((s) => s.at > windowStart + latencySeconds * 1000 - 60_000).map((s) => s.ms)).p50;
    drift = { first, last };
  }
  await browser.close();
  browser = undefined;
  console.log(`\nlatency (load average ${load()}):`);
  console.log(`  glass-to-glass p50 ${fmt(glass.p50)} ms, p95 ${fmt(glass.p95)} ms over ${glass.n} frames; camsim → Heldar receive p50 ${fmt(up.p50)} ms; first frame p50 ${fmt(ttff.p50)} ms (cold ${fmt(cold)} ms)`);

  // 2. Cost: all cameras recording, then one viewer each, then many viewers on one camera.
  for (let i = 1; i < cameraCount; i++) await api('POST', '/api/cameras', { id: `cam${i}`, name: `Camera ${i}`, stream_url: camsim.url(`cam${i}`), segment_seconds: 4 });
  await waitRecording(Array.from({ length: cameraCount }, (_, i) => `cam${i}`));
  await sleep(5000);
  const pid = heldar.child.pid;
  const measure = async () => {
    const cpu0 = cpuSeconds(pid);
    const t0 = Date.now();
    await sleep(costSeconds * 1000);
    return { cpu: ((cpuSeconds(pid) - cpu0) / ((Date.now() - t0) / 1000)) * 100, rss: rssKiB(pid) };
  };
  const openViewer = (cameraId) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${wsBase}/api/cameras/${cameraId}/live?stream=main`, { headers: { authorization: `Bearer ${apiKey}` } });
      let bytes = 0;
      ws.on('message', (data, binary) => {
        if (binary) {
          bytes += data.length;
          if (bytes > 0) resolve(ws);
        }
      });
      ws.on('unexpected-response', (_req, res) => reject(new Error(`viewer of ${cameraId}: HTTP ${res.statusCode}`)));
      ws.on('error', reject);
      sockets.push(ws);
    });
  const closeViewers = async () => {
    for (const ws of sockets.splice(0)) ws.close();
    await sleep(3000);
  };
  const alone = await measure();
  await Promise.all(Array.from({ length: cameraCount }, (_, i) => openViewer(`cam${i}`)));
  await sleep(2000);
  const perCamera = await measure();
  await closeViewers();
  const alone2 = await measure();
  await Promise.all(Array.from({ length: manyViewers }, () => openViewer('cam0')));
  await sleep(2000);
  const many = await measure();
  await closeViewers();
  const baseline = (alone.cpu + alone2.cpu) / 2;

  console.log(`\nlive view, load average ${load()} at the end (1, 5, 15 min):`);
  console.log('| measure | result | target |');
  console.log('|---|---|---|');
  console.log(`| glass-to-glass latency, MSE in Chromium, 720p25 2 Mbit/s (camsim send → presented), ${glass.n} frames over ${latencySeconds} s | p50 ${fmt(glass.p50)} ms, p95 ${fmt(glass.p95)} ms | p50 ≤ 400 ms, p95 ≤ 800 ms |`);
  console.log(`| of which camsim → Heldar receive (keyframe fragments, ${up.n}) | p50 ${fmt(up.p50)} ms, p95 ${fmt(up.p95)} ms | — |`);
  if (drift) console.log(`| drift: p50 of minute 1 vs minute ${values.minutes} | ${fmt(drift.first)} ms → ${fmt(drift.last)} ms (${fmt(drift.last - drift.first)} ms) | within 150 ms |`);
  console.log(`| opening a tile → first frame presented, stream running (${ttff.n} openings) | p50 ${fmt(ttff.p50)} ms, max ${fmt(Math.max(...firstFrame.slice(1)))} ms | ≤ 500 ms |`);
  console.log(`| opening a tile → first frame, stream not running (starts a live-only ffmpeg) | ${fmt(cold)} ms | — |`);
  console.log(`| Heldar CPU, ${cameraCount} cameras recording, no viewers | ${baseline.toFixed(1)} % of one core (${alone.cpu.toFixed(1)}, ${alone2.cpu.toFixed(1)}) | — |`);
  console.log(`| + ${cameraCount} live viewers (one per camera) | +${(perCamera.cpu - baseline).toFixed(1)} % of one core | ≤ 5 % |`);
  console.log(`| + ${manyViewers} live viewers of one camera | +${(many.cpu - baseline).toFixed(1)} % of one core; RSS ${(alone2.rss / 1024).toFixed(0)} → ${(many.rss / 1024).toFixed(0)} MiB (${((many.rss - alone2.rss) / manyViewers).toFixed(0)} KiB per viewer; garbage collection makes this rough) | ≤ 10 % |`);
} finally {
  for (const ws of sockets) ws.terminate();
  await browser?.close();
  await stop(heldar.child);
  await camsim.close();
  rmSync(dataDir, { recursive: true, force: true });
}

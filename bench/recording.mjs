#!/usr/bin/env node
// Recording load benchmark: N simulated cameras at 2 Mbit/s recorded by one Heldar.
//
// Build first (`npm run build`); this spawns the built CLIs (camsim, heldar serve) and imports no
// sources. For each N it prints Heldar's own CPU, ffmpeg CPU per camera, segments indexed per second
// and the index lag (ffmpeg closed the file → its row committed, from file mtime and created_at).
//
// Usage: node bench/recording.mjs [--cameras 16,32,64] [--seconds 30] [--bitrate-kbps 2000]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childPids, cpuSeconds, percentile, sleep, startNode, stop } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '16,32,64' },
    seconds: { type: 'string', default: '30' },
    'bitrate-kbps': { type: 'string', default: '2000' },
    'segment-seconds': { type: 'string', default: '4' },
  },
});
const counts = values.cameras.split(',').map(Number);
const seconds = Number(values.seconds);
const segmentSeconds = Number(values['segment-seconds']);

// The API needs credentials: an admin key made with `heldar key add` before the server starts.
let apiKey = '';

async function api(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function run(n) {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-rec-'));
  const camsim = startNode(join(root, 'packages/camsim/dist/cli.js'), ['--cameras', String(n), '--port', '0', '--bitrate-kbps', values['bitrate-kbps']]);
  const heldarEnv = {
    HELDAR_DATA_DIR: dataDir,
    HELDAR_HTTP_PORT: '0',
    HELDAR_LOG_LEVEL: 'info',
    // A first admin with a throwaway password, so the first start prints nothing.
    HELDAR_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
  };
  const heldarMain = join(root, 'packages/kernel/dist/main.js');
  apiKey = execFileSync(process.execPath, [heldarMain, 'key', 'add', '--name', 'bench', '--scope', 'admin'], {
    env: { ...process.env, ...heldarEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const heldar = startNode(heldarMain, ['serve'], heldarEnv);
  try {
    await camsim.waitLine(() => camsim.lines.filter((l) => l.startsWith('rtsp://')).length >= n);
    const cameraUrls = camsim.lines.filter((l) => l.startsWith('rtsp://')).slice(0, n);
    const base = JSON.parse(await heldar.waitLine((l) => l.includes('"url"'))).url;
    for (let i = 0; i < n; i++) {
      await api(base, 'POST', '/api/cameras', { id: `cam${i}`, name: `Camera ${i}`, stream_url: cameraUrls[i], segment_seconds: segmentSeconds });
    }
    // Wait until every camera has indexed a segment, then one more segment length to settle.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const statuses = await Promise.all(Array.from({ length: n }, (_, i) => api(base, 'GET', `/api/cameras/cam${i}/status`)));
      if (statuses.every((s) => s.last_segment_at !== null)) break;
      if (Date.now() > deadline) throw new Error(`not every camera recorded within 120 s: ${statuses.filter((s) => !s.last_segment_at).map((s) => `${s.camera_id}=${s.state}`).join(' ')}`);
      await sleep(1000);
    }
    await sleep(segmentSeconds * 1000);

    const heldarPid = heldar.child.pid;
    const ffmpegs = childPids(heldarPid, 'ffmpeg');
    const t0 = Date.now();
    const heldarCpu0 = cpuSeconds(heldarPid);
    const ffCpu0 = ffmpegs.map((p) => cpuSeconds(p));
    await sleep(seconds * 1000);
    const wall = (Date.now() - t0) / 1000;
    const heldarCpu = ((cpuSeconds(heldarPid) - heldarCpu0) / wall) * 100;
    const ffCpu = ffmpegs.reduce((sum, p, i) => sum + (cpuSeconds(p) - ffCpu0[i]), 0) / wall / ffmpegs.length * 100;

    // Segments indexed in the window and their lag: file closed (mtime survives the rename) → row.
    const from = new Date(t0 - 1000).toISOString();
    const lags = [];
    let indexed = 0;
    for (let i = 0; i < n; i++) {
      const { segments } = await api(base, 'GET', `/api/cameras/cam${i}/segments?from=${from}`);
      indexed += segments.length;
    }
    const Database = (await import(join(root, 'node_modules/better-sqlite3/lib/index.js'))).default;
    const db = new Database(join(dataDir, 'heldar.db'), { readonly: true });
    const rows = db.prepare('select path, created_at from segments where created_at >= ?').all(t0);
    for (const row of rows) {
      const mtime = statSync(join(dataDir, 'recordings', row.path)).mtimeMs;
      lags.push(row.created_at - mtime);
    }
    db.close();
    lags.sort((a, b) => a - b);
    console.log(`recording ${n} cameras × ${values['bitrate-kbps']} kbit/s, ${wall.toFixed(0)} s window:`);
    console.log(`  heldar cpu: ${heldarCpu.toFixed(1)} % of one core`);
    console.log(`  ffmpeg cpu: ${ffCpu.toFixed(2)} % of one core per camera (${ffmpegs.length} processes)`);
    console.log(`  segments indexed: ${(rows.length / wall).toFixed(2)} /s (${indexed} rows in range)`);
    console.log(`  index lag: p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, max ${lags.at(-1)?.toFixed(0)} ms`);
  } finally {
    await stop(heldar.child);
    await stop(camsim.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const n of counts) await run(n);

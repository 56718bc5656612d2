#!/usr/bin/env node
// ONVIF add benchmark (issue 20's "discovery to first recorded segment", from the probe on; discovery
// is part B's): for each of N simulated ONVIF cameras, over real HTTP, POST /api/cameras/probe with
// the device URL and credentials → POST /api/cameras with the suggestion → poll the segment index
// until the first segment is in. Target ≤ 10 s per camera; most of it is the first segment
// (segment_seconds, default 4) and ffmpeg's start.
//
// Build first (`npx tsc -b`): this imports packages/kernel/dist and packages/camsim/dist.
//
// Usage: node bench/onvif-add.mjs [--cameras 3] [--segment-seconds 4]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';

const kernelDist = new URL('../packages/kernel/dist/', import.meta.url);
const { loadConfig } = await import(new URL('config.js', kernelDist).href);
const { createKernel } = await import(new URL('kernel.js', kernelDist).href);
const { startCamsim } = await import('@heldar/camsim');

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '3' }, 'segment-seconds': { type: 'string', default: '4' } } });
const n = Number(values.cameras);
const segmentSeconds = Number(values['segment-seconds']);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);

const work = await mkdtemp(path.join(os.tmpdir(), 'heldar-bench-onvif-'));
const names = Array.from({ length: n }, (_, i) => `onvif${i + 1}`);
const sim = await startCamsim({
  cameras: names.map((name) => ({ name, width: 1280, height: 720, fps: 25, bitrateKbps: 2000 })),
  onvif: { username: 'admin', password: 'bench pass' },
});
const config = loadConfig({ HELDAR_DATA_DIR: path.join(work, 'data'), HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'true', HELDAR_LOG_LEVEL: 'silent', HELDAR_TZ: 'UTC', PATH: process.env.PATH ?? '' });
const kernel = await createKernel(config, pino({ level: 'silent' }));
try {
  await kernel.startRecording();
  const base = await kernel.listen();
  const { key } = await kernel.modules.auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post = async (url, body) => {
    const res = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const totals = [];
  for (const name of names) {
    const t0 = performance.now();
    const probe = await post('/api/cameras/probe', { onvif: { url: sim.onvif.deviceUrl(name), username: 'admin', password: 'bench pass' } });
    const tProbe = performance.now();
    await post('/api/cameras', { id: name, name, ...probe.suggested, username: 'admin', password: 'bench pass', segment_seconds: segmentSeconds });
    const tAdd = performance.now();
    for (;;) {
      const res = await fetch(`${base}/api/cameras/${name}/segments`, { headers });
      if ((await res.json()).segments.length > 0) break;
      if (performance.now() - t0 > 60_000) throw new Error(`${name}: no segment within 60 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const tSeg = performance.now();
    totals.push(tSeg - t0);
    console.log(
      `${name}: probe ${(tProbe - t0).toFixed(0)} ms (${probe.profiles.length} profiles), add ${(tAdd - tProbe).toFixed(0)} ms, first segment after ${((tSeg - tAdd) / 1000).toFixed(2)} s; probe → first segment ${((tSeg - t0) / 1000).toFixed(2)} s`,
    );
  }
  const worst = Math.max(...totals) / 1000;
  console.log(`probe → add → first recorded segment (segment_seconds ${segmentSeconds}): worst ${worst.toFixed(2)} s of ${n} cameras, target ≤ 10 s: ${worst <= 10 ? 'met' : 'MISSED'}; load average ${load()} at end`);
} finally {
  await kernel.close();
  await sim.close();
  await rm(work, { recursive: true, force: true });
}

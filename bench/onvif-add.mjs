#!/usr/bin/env node
// ONVIF add benchmark (issue 20's "discovery to first recorded segment"): for each of N new simulated
// ONVIF cameras (one simulator each, with its own ONVIF device and WS-Discovery responder), over real
// HTTP: POST /api/discovery/onvif (a unicast Probe to the camera's responder on loopback, or with
// --multicast a multicast Probe on lo) → POST /api/cameras/probe with the discovered device URL and
// the credentials → POST /api/cameras with the suggestion → poll the segment index until the first
// segment is in. Target ≤ 10 s per camera; most of it is the first segment (segment_seconds,
// default 4) and ffmpeg's start, then discovery's listening window (--discovery-ms, default 1000:
// WS-Discovery has no "last answer", a client listens for a fixed time).
//
// Build first (`npx tsc -b`): this imports packages/kernel/dist and packages/camsim/dist.
//
// Usage: node bench/onvif-add.mjs [--cameras 3] [--segment-seconds 4] [--discovery-ms 1000] [--multicast]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';

const kernelDist = new URL('../packages/kernel/dist/', import.meta.url);
const { loadConfig } = await import(new URL('config.js', kernelDist).href);
const { createKernel } = await import(new URL('kernel.js', kernelDist).href);
const { startCamsim } = await import('@heldar/camsim');

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '3' },
    'segment-seconds': { type: 'string', default: '4' },
    'discovery-ms': { type: 'string', default: '1000' },
    multicast: { type: 'boolean', default: false },
  },
});
const n = Number(values.cameras);
const segmentSeconds = Number(values['segment-seconds']);
const discoveryMs = Number(values['discovery-ms']);
const multicast = values.multicast;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);

const work = await mkdtemp(path.join(os.tmpdir(), 'heldar-bench-onvif-'));
const names = Array.from({ length: n }, (_, i) => `onvif${i + 1}`);
// One simulator per camera: each is a new device with its own identity, ONVIF service and responder.
const sims = [];
for (const name of names) {
  sims.push(
    await startCamsim({
      cameras: [{ name, width: 1280, height: 720, fps: 25, bitrateKbps: 2000 }],
      onvif: { username: 'admin', password: 'bench pass' },
      discovery: { interfaceAddress: '127.0.0.1', multicast, unicastPort: 0, name, hardware: 'bench-cam' },
    }),
  );
}
const config = loadConfig({ HELDAR_DISCOVERY_INTERFACE: '127.0.0.1', HELDAR_DATA_DIR: path.join(work, 'data'), HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'true', HELDAR_LOG_LEVEL: 'silent', HELDAR_TZ: 'UTC', PATH: process.env.PATH ?? '' });
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
  for (const [i, name] of names.entries()) {
    const { host, port } = sims[i].discovery.unicast;
    const t0 = performance.now();
    const { devices } = await post('/api/discovery/onvif', multicast ? { timeout_ms: discoveryMs } : { addresses: [`${host}:${port}`], multicast: false, timeout_ms: discoveryMs });
    const device = devices.find((d) => d.name === name);
    if (device === undefined) throw new Error(`${name}: not discovered (${devices.length} other devices answered)`);
    const tDiscover = performance.now();
    const probe = await post('/api/cameras/probe', { onvif: { url: device.xaddrs[0], username: 'admin', password: 'bench pass' } });
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
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `${name}: discovery ${s(tDiscover - t0)} (${multicast ? `multicast: the whole ${discoveryMs} ms window` : 'unicast: done once the camera answered'}), probe ${s(tProbe - tDiscover)} (${probe.profiles.length} profiles), add ${s(tAdd - tProbe)}, first segment ${s(tSeg - tAdd)} after the add; discovery → first segment ${s(tSeg - t0)}`,
    );
  }
  const worst = Math.max(...totals) / 1000;
  console.log(`discovery → probe → add → first recorded segment (segment_seconds ${segmentSeconds}): worst ${worst.toFixed(2)} s of ${n} cameras, target ≤ 10 s: ${worst <= 10 ? 'met' : 'MISSED'}; load average ${load()} at end`);
} finally {
  await kernel.close();
  for (const sim of sims) await sim.close();
  await rm(work, { recursive: true, force: true });
}

#!/usr/bin/env node
// Network scan benchmark: POST /api/discovery/scan over 256 loopback addresses with a few simulated
// cameras among them, until the scan is done (target ≤ 15 s). Prints the time to 202, the sweep's
// progress events, the total, the hosts and verified streams found, and the load average.
//
// Build first (`npm run build`); imports the built kernel and camsim. Every address is on loopback.
// Usage: node bench/discovery-scan.mjs [--cameras 4]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { cameras: { type: 'string', default: '4' } } });
const cameraCount = Number(values.cameras);
const NET = '127.0.88';

const { loadConfig } = await import(join(root, 'packages/kernel/dist/config.js'));
const { createKernel } = await import(join(root, 'packages/kernel/dist/kernel.js'));
const { createLogger } = await import(join(root, 'packages/kernel/dist/logger.js'));
const { startCamsim } = await import(join(root, 'packages/camsim/dist/index.js'));

const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-scan-'));
const config = loadConfig({ HELDAR_DATA_DIR: dataDir, HELDAR_RECORDER_ENABLED: 'false', HELDAR_LOG_LEVEL: 'silent', PATH: process.env.PATH });
const kernel = await createKernel(config, createLogger('silent'));
const sims = [];
try {
  const { key } = await kernel.modules.auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  const auth = { authorization: `Bearer ${key}` };
  const small = (name) => ({ name, width: 320, height: 240, fps: 10, bitrateKbps: 300, clipSeconds: 4 });
  // Spread over the range; the first picks the port, the others share it on their own addresses.
  const addresses = Array.from({ length: cameraCount }, (_, i) => `${NET}.${10 + Math.floor((i * 240) / cameraCount)}`);
  for (const [i, host] of addresses.entries()) {
    sims.push(await startCamsim({ host, port: i === 0 ? 0 : sims[0].port, cameras: [small(i % 2 === 0 ? 'stream1' : 'live')] }));
  }
  const port = sims[0].port;
  const progress = [];
  const off = kernel.bus.subscribe((e) => {
    if (e.kind === 'discovery_scan_progress') progress.push({ at: performance.now(), scanned: e.payload.scanned });
  });

  // Warm-up: the first request of a fresh kernel pays for its auth and audit paths once.
  await kernel.app.inject({ method: 'POST', url: '/api/discovery/scan', headers: auth, payload: { targets: '127.0.0.1', ports: [9] } });
  const t0 = performance.now();
  const res = await kernel.app.inject({ method: 'POST', url: '/api/discovery/scan', headers: auth, payload: { targets: `${NET}.0-${NET}.255`, ports: [554, port, 80, 8080, 8000, 8899] } });
  const accepted = performance.now() - t0;
  if (res.statusCode !== 202) throw new Error(`scan: ${res.statusCode} ${res.body}`);
  const { id } = res.json();
  let scan;
  for (;;) {
    scan = (await kernel.app.inject({ url: `/api/discovery/scans/${id}`, headers: auth })).json();
    if (scan.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const total = (performance.now() - t0) / 1000;
  off();
  const streams = scan.hosts.filter((h) => h.rtsp_url !== null);
  console.log(`scan of ${scan.targets} loopback addresses × ${scan.ports.length} ports, ${cameraCount} simulated cameras:`);
  console.log(`  202 after ${accepted.toFixed(1)} ms`);
  if (progress.length > 0) console.log(`  port sweep: ${progress.map((p) => `${p.scanned}@${((p.at - t0) / 1000).toFixed(2)}s`).join(' ')}`);
  console.log(`  done (state ${scan.state}) after ${total.toFixed(2)} s (target ≤ 15 s)`);
  console.log(`  hosts with open ports: ${scan.hosts.length}; verified RTSP streams: ${streams.length} (${streams.map((h) => h.rtsp_url).join(', ')})`);
  console.log(`  load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`);
  if (streams.length !== cameraCount) process.exitCode = 1;
} finally {
  await kernel.close();
  for (const s of sims) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
}

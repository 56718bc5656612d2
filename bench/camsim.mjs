#!/usr/bin/env node
// Camera simulator load benchmark: how much CPU does camsim need to feed N recorder-like clients?
//
// Build first: `npx tsc -b packages/camsim` — this spawns the built CLI (packages/camsim/dist/cli.js)
// and imports nothing from the sources.
//
// Usage: node bench/camsim.mjs [--cameras 64] [--seconds 20] [--bitrate-kbps 2000]
//        (or CAMSIM_BENCH_CAMERAS / CAMSIM_BENCH_SECONDS / CAMSIM_BENCH_BITRATE_KBPS)
//
// It starts camsim with N cameras at the default resolution (1280x720@25), one
// `ffmpeg -rtsp_transport tcp -i URL -c copy -f null -` reader per camera, waits until every reader
// is receiving frames, then samples camsim's CPU time from /proc/<pid>/stat and the bytes it wrote
// (sockets included) from /proc/<pid>/io over the measuring window. Linux only.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSeconds, sleep } from './lib/proc.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/camsim/dist/cli.js');

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: process.env.CAMSIM_BENCH_CAMERAS ?? '64' },
    seconds: { type: 'string', default: process.env.CAMSIM_BENCH_SECONDS ?? '20' },
    'bitrate-kbps': { type: 'string', default: process.env.CAMSIM_BENCH_BITRATE_KBPS ?? '2000' },
  },
});
const cameras = Number(values.cameras);
const seconds = Number(values.seconds);
const bitrateKbps = Number(values['bitrate-kbps']);
for (const [name, v] of [['cameras', cameras], ['seconds', seconds], ['bitrate-kbps', bitrateKbps]]) {
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`bench/camsim: --${name} must be a positive integer`);
    process.exit(2);
  }
}
if (!existsSync(cli)) {
  console.error(`bench/camsim: ${cli} is missing; run \`npx tsc -b packages/camsim\` first`);
  process.exit(2);
}

/** Bytes the process has passed to write()/send(), sockets included. */
function bytesWritten(pid) {
  const line = readFileSync(`/proc/${pid}/io`, 'utf8').split('\n').find((l) => l.startsWith('wchar:'));
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const sim = spawn(process.execPath, [cli, '--cameras', String(cameras), '--port', '0', '--bitrate-kbps', String(bitrateKbps)], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let simOut = '';
let simErr = '';
sim.stdout.setEncoding('utf8').on('data', (s) => (simOut += s));
sim.stderr.setEncoding('utf8').on('data', (s) => (simErr += s));
const simExit = new Promise((resolve) => sim.once('close', (code, signal) => resolve({ code, signal })));

const readers = [];
let failed = false;
try {
  // Clip generation happens before the URLs are printed; a cold cache takes a few seconds.
  await waitFor('camsim URLs', () => simOut.split('\n').filter((l) => l.startsWith('rtsp://')).length >= cameras, 180_000);
  const urls = simOut.trim().split('\n');

  for (const url of urls) {
    const r = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url,
      '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-stats_period', '1', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reader = { url, frames: 0, exited: false, stderr: '' };
    let buf = '';
    r.stdout.setEncoding('utf8').on('data', (s) => {
      buf += s;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('frame=')) reader.frames = Number(l.slice(6));
    });
    r.stderr.setEncoding('utf8').on('data', (s) => (reader.stderr = (reader.stderr + s).slice(-2000)));
    r.once('close', () => (reader.exited = true));
    reader.proc = r;
    readers.push(reader);
  }
  await waitFor('every reader receiving frames', () => readers.every((r) => r.frames > 0 || r.exited), 60_000);
  const dead = readers.filter((r) => r.exited);
  if (dead.length > 0) throw new Error(`${dead.length} reader(s) exited early: ${dead[0].stderr}`);
  // Let start-up bursts (probing, first keyframes) pass before measuring.
  await sleep(2000);

  const pid = sim.pid;
  const t0 = performance.now();
  const cpu0 = cpuSeconds(pid);
  const bytes0 = bytesWritten(pid);
  const frames0 = readers.map((r) => r.frames);
  await sleep(seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const bytes = bytesWritten(pid) - bytes0;
  const fps = readers.map((r, i) => (r.frames - (frames0[i] ?? 0)) / wall);
  const alive = readers.filter((r) => !r.exited).length;

  const label = `${cameras} cameras, ${bitrateKbps / 1000} Mbit/s each, ${seconds} s`;
  console.log(`camsim cpu: ${((cpu / wall) * 100).toFixed(1)} % of one core (${label})`);
  console.log(`camsim delivered: ${((bytes * 8) / wall / 1e6).toFixed(1)} Mbit/s total, ${((bytes * 8) / wall / 1e6 / cameras).toFixed(2)} Mbit/s per camera`);
  console.log(`reader frame rate: min ${Math.min(...fps).toFixed(1)} fps, mean ${(fps.reduce((a, b) => a + b, 0) / fps.length).toFixed(1)} fps`);
  console.log(`readers alive at end: ${alive} of ${cameras}`);
} catch (e) {
  failed = true;
  console.error(`bench/camsim: ${e instanceof Error ? e.message : String(e)}`);
  console.error(simErr.slice(-2000));
} finally {
  for (const r of readers) if (!r.exited) r.proc.kill('SIGTERM');
  await waitFor('readers to exit', () => readers.every((r) => r.exited), 10_000).catch((e) => {
    console.error(`bench/camsim: ${e.message}; killing them`);
    for (const r of readers) if (!r.exited) r.proc.kill('SIGKILL');
  });
  sim.kill('SIGINT');
  const { code, signal } = await simExit;
  if (code !== 0) {
    failed = true;
    console.error(`bench/camsim: camsim exited with ${signal ?? code}`);
  }
}
process.exitCode = failed ? 1 : 0;

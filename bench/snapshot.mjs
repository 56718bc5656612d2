#!/usr/bin/env node
// Snapshot benchmark (target: README, Performance): GET /api/cameras/:id/snapshot.jpg?at= for moments
// spread over one 10 s segment, over real HTTP, target ≤ 300 ms. Each request reads the init segment
// and the one keyframe-led fragment holding the moment, and ffmpeg decodes from that keyframe up to
// the frame: the cost grows with the resolution and with how far into the GOP the moment lies.
//
// Build first (`npx tsc -b`): this imports packages/kernel/dist. The footage is synthetic: one 10 s
// segment (default 1920×1080, 25 fps, 4 Mbit/s, 2 s GOP, AAC) written with the recorder's own flags.
//
// Usage: node bench/snapshot.mjs [--runs 20] [--size 1920x1080] [--gop 2]
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { recordSyntheticSegment, startBenchKernel } from './lib/footage.mjs';
import { percentile } from './lib/proc.mjs';

const kernelDist = new URL('../packages/kernel/dist/', import.meta.url);
const { segmentRelativePath } = await import(new URL('storage/footage-layout.js', kernelDist).href);

const execFileAsync = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, size: { type: 'string', default: '1920x1080' }, gop: { type: 'string', default: '2' } } });
const runs = Number(values.runs);
const fps = 25;
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const now = () => process.hrtime.bigint();
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (${sorted.length} runs)`;
};

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);
const work = await mkdtemp(path.join(os.tmpdir(), 'heldar-bench-snapshot-'));
let kernel;
try {
  // 1. One 10 s segment written by the recorder's command.
  const { segmentFile, info } = await recordSyntheticSegment(work, { size: values.size, fps, gopSeconds: Number(values.gop), kbps: 4000 });

  // 2. A kernel on a temp folder (recorder off) with that segment indexed.
  let config;
  ({ config, kernel } = await startBenchKernel(work));
  await kernel.cameras.create({ id: 'cam', name: 'Cam', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false });
  const start = Date.UTC(2026, 10, 1, 12);
  const relative = segmentRelativePath('cam', start);
  const target = path.join(config.recordingsDir, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(segmentFile, target);
  await kernel.indexer.indexInPlace('cam', relative, info, start);
  console.log(`footage: one 10 s segment, ${values.size}, ${fps} fps, 4 Mbit/s, ${values.gop} s GOP, AAC (recorder flags): ${(info.sizeBytes / 1e6).toFixed(1)} MB, ${info.fragmentCount} fragments`);

  // 3. Snapshots over HTTP at moments spread over the segment (a fixed stride, so every run sees the
  //    same mix of early-in-GOP and late-in-GOP frames); two warm-up requests first.
  const { key } = await kernel.modules.auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  const base = await kernel.listen();
  const headers = { authorization: `Bearer ${key}` };
  const samples = [];
  let bytes = 0;
  for (let i = -2; i < runs; i++) {
    const at = start + ((Math.max(0, i) * 3_713) % Math.floor(info.durationMs - 50)) + 17;
    const t0 = now();
    const res = await fetch(`${base}/api/cameras/cam/snapshot.jpg?at=${new Date(at).toISOString()}`, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    const elapsed = ms(t0);
    if (res.status !== 200) throw new Error(`snapshot: ${res.status} ${body.toString()}`);
    if (i >= 0) {
      samples.push(elapsed);
      bytes += body.length;
    }
  }
  console.log(`snapshot.jpg?at= over HTTP, moments across a 10 s segment: ${stats(samples)}, ${(bytes / samples.length / 1024).toFixed(0)} KiB per JPEG`);

  // 4. The floor: an ffmpeg that starts, makes one empty frame and exits, on this machine now.
  const bare = [];
  for (let i = 0; i < 5; i++) {
    const t0 = now();
    await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'nullsrc=size=16x16', '-frames:v', '1', '-f', 'null', '-']);
    bare.push(ms(t0));
  }
  console.log(`for comparison, a bare ffmpeg start (one null frame, no decode): ${stats(bare)}`);
  console.log(`machine: load average ${load()} at the end`);
} finally {
  await kernel?.close();
  await rm(work, { recursive: true, force: true });
}

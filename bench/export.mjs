#!/usr/bin/env node
// Clip export benchmark: a 10-minute clip of 2 Mbit/s 720p footage, exported in-process from the
// recorded fragments, against `cp` of the same source files and against ffmpeg concat `-c copy`.
//
// Footage is synthesised, not recorded live: one 10 s 1280×720 25 fps 2 Mbit/s H.264 + AAC camera clip
// is stream-copied with the recorder's own command (recording/record-args.ts) into one fMP4 segment,
// and that segment is indexed 61 times at consecutive times through the kernel's indexer — the same
// bytes and index rows the recorder would produce for 10 minutes of a steady camera. indexInPlace (the
// recovery path) does not queue the files for recording-time hashing, so the first export hashes every
// source too; after it the sources' hashes are in the index, as they are for footage the recorder
// wrote (it hashes each segment seconds after closing it) — that is the everyday case.
//
// Build first (`npx tsc -b`); imports only packages/kernel/dist. The export is called on the clip
// service directly (no HTTP); the footage download (the same bytes, served without writing them) is
// fetched over loopback HTTP; figures are medians of --runs runs. "warm" = the files are in the page
// cache (what cp of recent footage sees); "cold" = the source files' pages are dropped before each run
// (posix_fadvise DONTNEED through `dd iflag=nocache`, only for our own files).
//
// Usage: node bench/export.mjs [--minutes 10] [--runs 5] [--bitrate-kbps 2000]
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { pino } from 'pino';

const root = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);
const dist = (p) => import(join(root, 'packages/kernel/dist', p));
const { loadConfig } = await dist('config.js');
const { createKernel } = await dist('kernel.js');
const { buildRecordArgs } = await dist('recording/record-args.js');
const { inspectSegment } = await dist('recording/segment-inspector.js');

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
    'bitrate-kbps': { type: 'string', default: '2000' },
  },
});
const minutes = Number(values.minutes);
const runs = Number(values.runs);
const kbps = Number(values['bitrate-kbps']);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(3)} s`;
const time = (fn) => {
  const t = performance.now();
  const r = fn();
  return r instanceof Promise ? r.then(() => performance.now() - t) : performance.now() - t;
};
const sh = (cmd, args, env) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });

const work = mkdtempSync(join(os.tmpdir(), 'heldar-bench-export-'));
const dataDir = join(work, 'data');
let kernel;
try {
  // 1. One recorded 10 s segment, made with the recorder's command.
  const camDir = join(work, 'camera');
  mkdirSync(camDir);
  const camera = join(camDir, 'camera.mkv');
  sh('ffmpeg', [
    '-hide_banner', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '10', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-bf', '0',
    '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${2 * kbps}k`, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'matroska', camera,
  ]);
  const rec = buildRecordArgs({ inputUrl: camera, segmentSeconds: 10, recordAudio: true, outputPattern: join(camDir, 'seg-%06d.mp4') });
  sh('ffmpeg', rec.args, rec.env);
  const segment = join(camDir, readdirSync(camDir).find((f) => f.startsWith('seg-')));
  const info = await inspectSegment(segment);

  // 2. A kernel on a temp folder, the segment indexed back to back for minutes × 60 s + one more.
  const config = loadConfig({ HELDAR_DATA_DIR: dataDir, HELDAR_RECORDER_ENABLED: 'false', HELDAR_HTTP_PORT: '0', HELDAR_LOG_LEVEL: 'silent', PATH: process.env.PATH ?? '' });
  kernel = await createKernel(config, pino({ level: 'silent' }));
  await kernel.cameras.create({ id: 'bench', name: 'Bench', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false });
  const t0 = Date.UTC(2026, 0, 1, 0, 0, 0);
  const count = Math.ceil((minutes * 60_000) / info.durationMs) + 1;
  const sources = [];
  for (let i = 0; i < count; i++) {
    const relative = `bench/synthetic/${String(i).padStart(4, '0')}.mp4`;
    const file = join(config.recordingsDir, relative);
    mkdirSync(join(config.recordingsDir, 'bench/synthetic'), { recursive: true });
    copyFileSync(segment, file);
    await kernel.indexer.indexInPlace('bench', relative, info, t0 + i * info.durationMs);
    sources.push(file);
  }
  sh('sync', []);
  const from = t0 + 5_000;
  const to = from + minutes * 60_000;
  const used = (await kernel.segments.inRange('bench', from, to)).map((r) => join(config.recordingsDir, r.path));
  const sourceBytes = used.reduce((n, f) => n + statSync(f).size, 0);
  console.log(`footage: ${count} synthetic segments of ${(info.durationMs / 1000).toFixed(2)} s (one 1280x720 25 fps ${kbps} kbit/s H.264+AAC segment recorded with the recorder's flags, indexed ${count} times back to back)`);
  console.log(`range: ${minutes * 60} s, overlapping ${used.length} segments, ${mb(sourceBytes)} of source files`);

  const dropCache = () => {
    for (const f of used) sh('dd', [`if=${f}`, 'iflag=nocache', 'count=0', 'status=none']);
  };
  const clips = kernel.modules.clips.service;
  const exportOnce = async () => {
    const clip = await clips.export({ cameraId: 'bench', from, to, exporter: 'bench' });
    return clip;
  };
  const removeClip = async (clip) => clips.delete(clip.id, 'bench');

  // 3. cp of the same source files (one cp process, all files into a folder).
  const cpDir = join(work, 'cp');
  const cp = async (cold) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      rmSync(cpDir, { recursive: true, force: true });
      mkdirSync(cpDir);
      sh('sync', []);
      if (cold) dropCache();
      times.push(time(() => sh('cp', [...used, cpDir])));
    }
    rmSync(cpDir, { recursive: true, force: true });
    return median(times);
  };

  // 4. The export: the first one also hashes every source (cached in the index afterwards).
  let clip;
  const firstMs = await time(async () => {
    clip = await exportOnce();
  });
  const clipSeconds = (clip.files.at(-1).to_ms - clip.files[0].from_ms) / 1000;
  console.log(`clip: ${clip.files.length} file(s), ${mb(clip.size_bytes)}, method ${clip.method}, footage ${clipSeconds.toFixed(2)} s from the keyframe before \`from\`, ${clip.segment_count} source segments`);
  await removeClip(clip);
  const exports = async (cold) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      sh('sync', []);
      if (cold) dropCache();
      let c;
      times.push(await time(async () => {
        c = await exportOnce();
      }));
      await removeClip(c);
    }
    return median(times);
  };

  const cpWarm = await cp(false);
  const exportWarm = await exports(false);
  console.log(`cp of the source files, warm cache: ${s(cpWarm)} (median of ${runs})`);
  console.log(`clip export, sources not hashed at recording (recovered/imported), first export, warm cache: ${s(firstMs)} = ${(firstMs / cpWarm).toFixed(2)} x cp`);
  console.log(`clip export, sources hashed at recording, warm cache: ${s(exportWarm)} = ${(exportWarm / cpWarm).toFixed(2)} x cp (target <= 1.5 x)`);
  console.log(`clip export throughput, warm cache: ${((sourceBytes / 1e6) / (exportWarm / 1000)).toFixed(0)} MB/s`);
  // The floor of any export that hashes its output: SHA-256 of the same number of bytes, in memory.
  const block = Buffer.alloc(4 * 1024 * 1024, 0x5a);
  const hashMs = median(
    Array.from({ length: runs }, () =>
      time(() => {
        const h = createHash('sha256');
        for (let n = 0; n < clip.size_bytes; n += block.length) h.update(block);
        h.digest();
      }),
    ),
  );
  console.log(`SHA-256 of ${mb(clip.size_bytes)} in memory alone, one core (the floor for an export that hashes its output): ${s(hashMs)} = ${(hashMs / cpWarm).toFixed(2)} x cp warm`);

  const cpCold = await cp(true);
  const exportCold = await exports(true);
  console.log(`cp of the source files, cold cache: ${s(cpCold)} (median of ${runs})`);
  console.log(`clip export, sources hashed at recording, cold cache: ${s(exportCold)} = ${(exportCold / cpCold).toFixed(2)} x cp (target <= 1.5 x)`);

  // 5. The same range as a virtual file: GET /api/cameras/:id/footage.mp4 over real HTTP (loopback),
  // body read and counted by a client process. Time to the headers ≈ building the layout (no media read).
  const { key } = await kernel.modules.auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  const base = await kernel.listen();
  const footageUrl = `${base}/api/cameras/bench/footage.mp4?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  // The client runs in its own process: in ours it would compete with the server for the event loop.
  const client = `
    import http from 'node:http';
    const started = performance.now();
    http.get(process.env.URL, { headers: { authorization: 'Bearer ' + process.env.KEY } }, (res) => {
      const headersMs = performance.now() - started;
      if (res.statusCode !== 200) throw new Error('footage download: ' + res.statusCode);
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => {
        if (bytes !== Number(res.headers['content-length'])) throw new Error('footage download: short body');
        process.stdout.write(JSON.stringify({ headersMs, totalMs: performance.now() - started, bytes }));
      });
    });`;
  const download = async (url) => {
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', client], { env: { ...process.env, URL: url, KEY: key } });
    return JSON.parse(stdout);
  };
  const downloads = async (cold, url = footageUrl) => {
    const runsOut = [];
    for (let i = 0; i < runs; i++) {
      if (cold) dropCache();
      runsOut.push(await download(url));
    }
    return { headersMs: median(runsOut.map((r) => r.headersMs)), totalMs: median(runsOut.map((r) => r.totalMs)), bytes: runsOut[0].bytes };
  };
  // Building the layout alone, in process: what a download costs before its first byte.
  const layoutTimes = [];
  for (let i = 0; i < runs; i++) layoutTimes.push(await time(() => kernel.modules.clips.footage.withFootage('bench', from, to, async () => undefined)));
  const layoutMs = median(layoutTimes);
  // The transport's own cost: an exported clip file of the same bytes through /media/clips (sendfile-less
  // stream of one file, page cache warm).
  const kept = await exportOnce();
  const fileWarm = await downloads(false, `${base}/media/clips/${kept.files[0].filename}`);
  await removeClip(kept);
  const dlWarm = await downloads(false);
  const dlCold = await downloads(true);
  console.log(`footage download (virtual MP4, the clip's bytes, ${mb(dlWarm.bytes)}): layout (length + ETag, lease) ${layoutMs.toFixed(1)} ms in process; HTTP headers after ${dlWarm.headersMs.toFixed(1)} ms warm / ${dlCold.headersMs.toFixed(1)} ms cold`);
  console.log(`footage download, whole body, warm cache: ${s(dlWarm.totalMs)} = ${(dlWarm.totalMs / cpWarm).toFixed(2)} x cp`);
  console.log(`footage download, whole body, cold cache: ${s(dlCold.totalMs)} = ${(dlCold.totalMs / cpCold).toFixed(2)} x cp`);
  console.log(`for comparison, the exported clip file (same bytes) through /media/clips, warm cache: ${s(fileWarm.totalMs)} = ${(fileWarm.totalMs / cpWarm).toFixed(2)} x cp`);

  // 6. The reference's way: ffmpeg concat demuxer + stream copy of the same range.
  const list = join(work, 'list.txt');
  writeFileSync(list, used.map((f) => `file '${f}'\n`).join(''));
  const ff = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const out = join(work, 'ffmpeg.mp4');
    ff.push(time(() => sh('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-ss', '5', '-i', list, '-t', String(minutes * 60), '-c', 'copy', '-movflags', '+faststart', out])));
    rmSync(out, { force: true });
  }
  const ffMs = median(ff);
  console.log(`ffmpeg -f concat -c copy (+faststart), warm cache: ${s(ffMs)} = ${(ffMs / exportWarm).toFixed(1)} x the clip export`);
} finally {
  await kernel?.close();
  rmSync(work, { recursive: true, force: true });
}

#!/usr/bin/env node
// LL-HLS live latency: how far behind Heldar a low-latency HLS player is.
//
// Build first (`npm run build`); imports the built kernel and serves it on a loopback port. A real-time
// ffmpeg (640x360, 25 fps, 1 s GOP, 200 ms fragments) writes into the camera's live hub, as a
// recorder's live output does. A small Node client plays the way hls.js does in low-latency mode:
// blocking playlist reloads (_HLS_msn/_HLS_part) for the next part, then fetches that part over
// HTTP. For each part it measures the time from the moment Heldar received the part's last fragment
// from ffmpeg to the moment the client holds the whole part (delivery), and prints p50/p95 of that,
// the playlist's PART-HOLD-BACK (where a player keeps its play head behind the live edge), and their
// sum: the latency behind Heldar of a player at the hold-back (target p50 ≤ 2 s). Also prints the
// machine's load average, which the figures depend on.
//
// Usage: node bench/live-hls.mjs [--seconds 30]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } } });
const seconds = Number(values.seconds);

const { loadConfig } = await import(join(root, 'packages/kernel/dist/config.js'));
const { createKernel } = await import(join(root, 'packages/kernel/dist/kernel.js'));
const { createLogger } = await import(join(root, 'packages/kernel/dist/logger.js'));

const FFMPEG_ARGS = [
  '-hide_banner', '-nostdin', '-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p',
  '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', 'pipe:1',
];

/** A fragment's identity: its moof box (sequence number and decode time make it unique). */
const fragmentKey = (moof) => createHash('sha1').update(moof).digest('hex');

/** The moof boxes of a part (moof + mdat pairs). */
function moofs(bytes) {
  const out = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(at);
    if (size < 8) break;
    if (bytes.toString('latin1', at + 4, at + 8) === 'moof') out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-live-hls-'));
const config = loadConfig({ HELDAR_DATA_DIR: dataDir, HELDAR_RECORDER_ENABLED: 'false', HELDAR_LOG_LEVEL: 'silent', HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0', PATH: process.env.PATH });
const kernel = await createKernel(config, createLogger('silent'));
let ffmpeg;
try {
  const { key } = await kernel.modules.auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  const created = await kernel.app.inject({ method: 'POST', url: '/api/cameras', headers: { authorization: `Bearer ${key}` }, payload: { id: 'bench', name: 'Bench', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false } });
  if (created.statusCode !== 201) throw new Error(`camera: ${created.statusCode} ${created.body}`);

  const tap = kernel.modules.live.hubs.open('bench', 'main', 'recorder');
  ffmpeg = spawn('ffmpeg', FFMPEG_ARGS, { stdio: ['ignore', 'pipe', 'inherit'] });
  ffmpeg.stdout.on('data', (chunk) => tap.write(chunk));

  // Heldar's receipt time of every fragment, seen by a viewer of the same hub.
  const receivedAt = new Map();
  const hub = await kernel.modules.live.hubs.acquire('bench', 'main');
  hub.attach({
    start() {},
    fragment(f) {
      receivedAt.set(fragmentKey(moofs(f.data)[0]), f.receivedAt);
    },
    skipped() {},
    end() {},
    backlogBytes: () => 0,
  });

  const base = await kernel.listen();
  const playlistUrl = `${base}/api/cameras/bench/live/index.m3u8`;
  const headers = { authorization: `Bearer ${key}` };
  const get = async (url) => {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res;
  };

  let text = await (await get(playlistUrl)).text();
  const holdBack = Number(/PART-HOLD-BACK=([\d.]+)/.exec(text)[1]);
  const partTarget = Number(/PART-TARGET=([\d.]+)/.exec(text)[1]);
  const delivery = [];
  const reload = [];
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const [, msn, index] = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="hls\/part-(\d+)\.(\d+)\.mp4"/.exec(text);
    const t0 = performance.now();
    text = await (await get(`${playlistUrl}?_HLS_msn=${msn}&_HLS_part=${index}`)).text();
    reload.push(performance.now() - t0);
    // The hinted part, or the next segment's first when a keyframe closed the segment first.
    const name = text.includes(`hls/part-${msn}.${index}.mp4"`) ? `part-${msn}.${index}` : `part-${Number(msn) + 1}.0`;
    if (!text.includes(`hls/${name}.mp4"`)) continue;
    const bytes = Buffer.from(await (await get(`${base}/api/cameras/bench/live/hls/${name}.mp4`)).arrayBuffer());
    const have = Date.now();
    const arrived = Math.max(...moofs(bytes).map((m) => receivedAt.get(fragmentKey(m)) ?? NaN));
    if (Number.isFinite(arrived)) delivery.push(have - arrived);
  }

  delivery.sort((a, b) => a - b);
  reload.sort((a, b) => a - b);
  const p50 = percentile(delivery, 50);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`LL-HLS over ${seconds} s, ${delivery.length} parts (PART-TARGET ${partTarget.toFixed(3)} s, PART-HOLD-BACK ${holdBack.toFixed(3)} s), load average ${load} on ${os.cpus().length} cores:`);
  console.log(`  part received by Heldar → held by the client (blocking reload + part GET): p50 ${p50} ms, p95 ${percentile(delivery, 95)} ms, max ${delivery.at(-1)} ms`);
  console.log(`  blocking reload held for: p50 ${percentile(reload, 50).toFixed(0)} ms, p95 ${percentile(reload, 95).toFixed(0)} ms`);
  console.log(`  latency behind Heldar of a player at the hold-back (delivery p50 + PART-HOLD-BACK): ${((p50 + holdBack * 1000) / 1000).toFixed(2)} s (target ≤ 2 s)`);
} finally {
  ffmpeg?.kill('SIGKILL');
  await kernel.close();
  rmSync(dataDir, { recursive: true, force: true });
}

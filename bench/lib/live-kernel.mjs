#!/usr/bin/env node
// A Heldar kernel for bench/live.mjs, in its own process (so /proc/<pid>/stat is Heldar's CPU alone),
// configured from HELDAR_* like `heldar serve`, with an on-demand live source: when a camera stream
// has a viewer and nothing else feeds it, a live-only ffmpeg reads `${BENCH_CAMSIM_BASE}<camera id>`
// and writes the live fMP4 copy (the recorder's own live output flags: a fragment per packet) into
// the kernel's live hubs. Where the recorder feeds the hubs itself, the registry uses that instead.
// Prints {"url": …} when listening; stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pino } from 'pino';

const kernelDist = new URL('../../packages/kernel/dist/', import.meta.url);
const { loadConfig } = await import(new URL('config.js', kernelDist).href);
const { createKernel } = await import(new URL('kernel.js', kernelDist).href);

const camsimBase = process.env.BENCH_CAMSIM_BASE;
if (!camsimBase) throw new Error('BENCH_CAMSIM_BASE (rtsp://host:port/) is required');
let hubs;
const liveLauncher = {
  async start(cameraId, stream) {
    const child = spawn(
      'ffmpeg',
      ['-hide_banner', '-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-i', `${camsimBase}${cameraId}`, '-map', '0:v:0', '-c', 'copy',
        '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1', '-flush_packets', '1', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const tap = hubs.open(cameraId, stream, 'on-demand');
    child.stdout.on('data', (chunk) => tap.write(chunk));
    child.on('exit', () => tap.end());
    return {
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      },
    };
  },
};

const config = loadConfig(process.env);
const kernel = await createKernel(config, pino({ level: config.logLevel }), { liveLauncher });
hubs = kernel.modules.live.hubs;
// The `admin` user with HELDAR_ADMIN_PASSWORD, as `heldar serve` creates it (the browser signs in with it).
await kernel.modules.auth.ensureFirstAdmin(config.adminPassword?.reveal() ?? null);
const url = await kernel.listen();
await kernel.startRecording();
console.log(JSON.stringify({ url }));
process.once('SIGTERM', () => {
  void kernel.close().then(() => process.exit(0));
});

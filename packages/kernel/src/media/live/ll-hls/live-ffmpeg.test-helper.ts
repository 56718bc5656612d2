/**
 * Test support: an on-demand launcher that runs a real ffmpeg producing a live fMP4 (a test pattern at
 * real-time speed, 1 s GOP, 200 ms fragments) into the registry's tap, as a live output would.
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { LiveSink, LiveSourceKind } from '../../../recording/live-sink.js';
import type { LiveStreamName, OnDemandLauncher } from '../live-types.js';

export const LIVE_FFMPEG_ARGS = [
  '-hide_banner', '-nostdin', '-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p',
  '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', 'pipe:1',
];

export class LiveFfmpegLauncher implements OnDemandLauncher {
  starts = 0;
  running = 0;
  sink: LiveSink | undefined;

  async start(cameraId: string, stream: LiveStreamName): Promise<{ stop(): Promise<void> }> {
    const run = feedLiveFfmpeg(this.sink!, cameraId, stream, 'on-demand');
    this.starts += 1;
    this.running += 1;
    return {
      stop: async () => {
        await run.stop();
        this.running -= 1;
      },
    };
  }
}

/** A real-time live ffmpeg writing into a tap of `sink`, as a recorder's live output would. */
export function feedLiveFfmpeg(sink: LiveSink, cameraId: string, stream: LiveStreamName, source: LiveSourceKind = 'recorder'): { stop(): Promise<void> } {
  const tap = sink.open(cameraId, stream, source);
  const child = spawn('ffmpeg', LIVE_FFMPEG_ARGS, { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk: Buffer) => tap.write(chunk));
  const exited = once(child, 'exit');
  return {
    async stop() {
      child.kill('SIGKILL');
      await exited;
      tap.end();
    },
  };
}

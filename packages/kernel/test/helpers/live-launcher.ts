import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { LiveSink } from '../../src/recording/live-sink.js';
import type { OnDemandLauncher } from '../../src/media/live/live-types.js';

/**
 * A minimal live-only source for tests: ffmpeg reads the camera's RTSP stream and writes the live
 * fMP4 copy to stdout, into a tap on the kernel's live sink. It stands in for the kernel's own
 * on-demand launcher; `sink` is set once the kernel exists.
 */
export class TestLiveLauncher implements OnDemandLauncher {
  sink: LiveSink | undefined;
  readonly runs: ChildProcess[] = [];

  constructor(private readonly urlOf: (cameraId: string) => string) {}

  async start(cameraId: string, stream: 'main' | 'sub') {
    const sink = this.sink;
    if (sink === undefined) throw new Error('TestLiveLauncher: no sink set');
    const child = spawn(
      'ffmpeg',
      ['-hide_banner', '-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-probesize', '32', '-analyzeduration', '0', '-i', this.urlOf(cameraId), '-map', '0:v', '-c', 'copy',
        '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '100000', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.runs.push(child);
    const tap = sink.open(cameraId, stream, 'on-demand');
    child.stdout!.on('data', (chunk: Buffer) => tap.write(chunk));
    child.on('exit', () => tap.end());
    return {
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      },
    };
  }

  /** ffmpeg runs still alive. */
  alive(): number {
    return this.runs.filter((c) => c.exitCode === null && c.signalCode === null).length;
  }
}

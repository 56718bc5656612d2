import type { Camera } from '../camera.js';
import { ReplayStream, type ReplaySink } from './replay-stream.js';
import type { ReplaySpan } from './replay-uri.js';

/**
 * A replay asked for on one RTSP connection: checked against what the camera "recorded" (its life so
 * far) at DESCRIBE, streamed from PLAY on. The connection keeps one; SETUP reports its SSRCs.
 */
export class ReplaySession {
  private readonly stream: ReplayStream;

  private constructor(
    readonly camera: Camera,
    readonly span: ReplaySpan,
    source: ReturnType<Camera['replaySource']>,
  ) {
    this.stream = new ReplayStream(source.video, source.audio, span);
  }

  /** The session, or the RTSP status and reason when the camera holds nothing for the span (457 Invalid Range). */
  static open(camera: Camera, span: ReplaySpan): ReplaySession | { status: number; reason: string } {
    const source = camera.replaySource();
    if (span.fromMs < source.sinceWallMs || span.toMs > source.nowWallMs) {
      return { status: 457, reason: `no recording of ${camera.name} for that span (recorded since ${new Date(source.sinceWallMs).toISOString()})` };
    }
    return new ReplaySession(camera, span, source);
  }

  ssrc(track: number): number {
    return this.stream.ssrc(track);
  }

  get durationSeconds(): number {
    return (this.span.toMs - this.span.fromMs) / 1000;
  }

  play(sink: ReplaySink): void {
    this.stream.start(sink);
  }

  stop(): void {
    this.stream.stop();
  }
}

import { rechannel, type InterleavedTransport } from '@heldar/rtsp';
import { CameraTimeline, type MediaItem } from '../camera-timeline.js';
import type { AudioClip, VideoClip } from '../media-clip.js';
import type { ReplaySpan } from './replay-uri.js';

/** Virtual time handed to the timeline per step: under its 1 s lag limit, so no frame is skipped as late. */
const STEP_MS = 400;
const TICK_MS = 10;
/** Above this much unsent data the stream waits for the socket to drain (rate 0 = as fast as it takes). */
const HIGH_WATER_BYTES = 1024 * 1024;

export interface ReplaySink {
  readonly transports: ReadonlyArray<InterleavedTransport | undefined>;
  bufferedBytes(): number;
  send(data: Buffer): void;
  /** Called once when the span has been sent (after the RTCP BYEs): the connection ends. */
  finished(): void;
}

/**
 * One replayed span, served like a camera's recording: the same clip the camera streams live, frame 0
 * (an IDR) due at the span's start, RTP timestamps and RTCP sender reports on the span's wall clock,
 * paced at `rate` × real time (0: as fast as the client reads), ending with an RTCP BYE per track at
 * the span's end — how ffmpeg learns the stream is over.
 *
 * The simulator generates frames from time, so every past span of the camera's life is "recorded".
 * The clip's loop is re-anchored at the span's start (a replay starts with a keyframe at exactly the
 * asked instant), so the picture may be up to one clip loop off from what was sent live then.
 */
export class ReplayStream {
  private readonly timeline: CameraTimeline;
  private readonly durationMs: number;
  private sentToMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private stopped = false;
  private sink: ReplaySink = { transports: [], bufferedBytes: () => 0, send: () => undefined, finished: () => undefined };

  constructor(
    video: VideoClip,
    audio: AudioClip | undefined,
    private readonly span: ReplaySpan,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.durationMs = span.toMs - span.fromMs;
    // The timeline's own clock is virtual: monotonic 0 is the span's start, its wall clock the span's.
    this.timeline = new CameraTimeline(video, audio, { now: () => 0, wallNow: () => span.fromMs });
  }

  get trackCount(): number {
    return this.timeline.trackCount;
  }

  ssrc(track: number): number {
    return this.timeline.ssrc(track);
  }

  /** Streams to `sink` from now on; SSRCs were drawn when the stream was made (SETUP reports them). */
  start(sink: ReplaySink): void {
    this.sink = sink;
    this.startedAt = this.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.stopped) this.timer = setTimeout(() => this.step(), TICK_MS);
  }

  private step(): void {
    if (this.stopped) return;
    const target = this.span.rate === 0 ? this.durationMs : Math.min(this.durationMs, (this.now() - this.startedAt) * this.span.rate);
    while (this.sentToMs < target && this.sink.bufferedBytes() < HIGH_WATER_BYTES) {
      this.sentToMs = Math.min(target, this.sentToMs + STEP_MS);
      // Frames due at exactly the span's end belong to the next span.
      const upTo = this.sentToMs >= this.durationMs ? this.durationMs - 0.001 : this.sentToMs;
      const { items } = this.timeline.produce(upTo, { emit: true, withholdKeyframes: false });
      const data = this.forSink(items);
      if (data.length > 0) this.sink.send(data);
    }
    if (this.sentToMs >= this.durationMs) {
      this.stopped = true;
      this.sink.send(this.byes());
      this.sink.finished();
      return;
    }
    this.schedule();
  }

  private forSink(items: readonly MediaItem[]): Buffer {
    const parts: Buffer[] = [];
    for (const item of items) {
      const t = this.sink.transports[item.track];
      if (t === undefined) continue;
      const channel = item.rtcp ? t.rtcpChannel : t.rtpChannel;
      const standard = item.rtcp ? 2 * item.track + 1 : 2 * item.track;
      parts.push(channel === standard ? item.data : rechannel(item.data, item.offsets, channel));
    }
    return Buffer.concat(parts);
  }

  /** An interleaved RTCP BYE (RFC 3550 §6.6) per set-up track. */
  private byes(): Buffer {
    const parts: Buffer[] = [];
    this.sink.transports.forEach((t, track) => {
      if (t === undefined) return;
      const packet = Buffer.alloc(12);
      packet.writeUInt8(0x24, 0); // '$'
      packet.writeUInt8(t.rtcpChannel, 1);
      packet.writeUInt16BE(8, 2);
      packet.writeUInt8(0x81, 4); // V=2, one source
      packet.writeUInt8(203, 5); // BYE
      packet.writeUInt16BE(1, 6); // length in 32-bit words minus one
      packet.writeUInt32BE(this.timeline.ssrc(track) >>> 0, 8);
      parts.push(packet);
    });
    return Buffer.concat(parts);
  }
}

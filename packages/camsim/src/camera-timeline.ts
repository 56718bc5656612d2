import type { Clock } from './clock.js';
import type { AudioClip, VideoClip } from './media-clip.js';
import { buildSenderReport, stampTemplate } from '@heldar/rtsp';

export const VIDEO_TRACK = 0;
export const AUDIO_TRACK = 1;
const VIDEO_CLOCK = 90_000;
/** How often each track sends an RTCP sender report; cameras typically use about 5 s. */
const SR_INTERVAL_MS = 5000;
/** Frames later than this (event loop blocked) are skipped rather than sent in one burst. */
const MAX_LAG_MS = 1000;

/** One stamped unit ready for sockets, on the default interleaved channels (2·track, 2·track+1). */
export interface MediaItem {
  readonly track: number;
  readonly rtcp: boolean;
  /** An IDR frame: where a client may start. */
  readonly key: boolean;
  /** A video frame (for drop counts). */
  readonly frame: boolean;
  readonly data: Buffer;
  /** Offsets of each packet's `$` byte, for clients that chose other channels. */
  readonly offsets: Uint32Array;
  /** Scheduled monotonic time. */
  readonly timeMs: number;
}

export interface ProduceOptions {
  /** False while stalled: time passes but nothing is sent. */
  emit: boolean;
  /** True under the no_keyframe fault: IDR frames are dropped at the source. */
  withholdKeyframes: boolean;
}

export interface ProduceResult {
  items: MediaItem[];
  /** Frames were lost to lag or stall, so every client has to resync at a keyframe. */
  gap: boolean;
}

interface TrackCounters {
  readonly ssrc: number;
  readonly ts0: number;
  readonly clockRate: number;
  seq: number;
  packets: number;
  octets: number;
  nextSrMs: number;
}

const SR_OFFSETS = new Uint32Array([0]);

/**
 * The live timeline of one camera: frame i is due at t0 + i/fps whether or not anyone watches,
 * and RTP timestamps and sequence numbers run on across clip loops and clip switches, as a real
 * camera's would. All clients of the camera receive the same stamped buffers.
 */
export class CameraTimeline {
  private video: VideoClip;
  private pendingVideo: VideoClip | undefined;
  private readonly audio: AudioClip | undefined;
  private readonly t0: number;
  private readonly wall0: number;
  private frameIndex = 0;
  private clipPos = 0;
  private audioIndex = 0;
  private readonly tracks: TrackCounters[];

  constructor(video: VideoClip, audio: AudioClip | undefined, clock: Clock, random: () => number = Math.random) {
    this.video = video;
    this.audio = audio;
    this.t0 = clock.now();
    this.wall0 = clock.wallNow();
    const counters = (clockRate: number): TrackCounters => ({
      ssrc: Math.floor(random() * 0x1_0000_0000) >>> 0,
      ts0: Math.floor(random() * 0x1_0000_0000) >>> 0,
      seq: Math.floor(random() * 0x1_0000),
      clockRate,
      packets: 0,
      octets: 0,
      nextSrMs: this.t0,
    });
    this.tracks = [counters(VIDEO_CLOCK)];
    if (audio !== undefined) this.tracks.push(counters(audio.clockRate));
  }

  get trackCount(): number {
    return this.tracks.length;
  }

  /** The clip new DESCRIBEs advertise: the one being switched to, if a switch is pending. */
  get advertisedVideo(): VideoClip {
    return this.pendingVideo ?? this.video;
  }

  get currentVideo(): VideoClip {
    return this.video;
  }

  get audioClip(): AudioClip | undefined {
    return this.audio;
  }

  ssrc(track: number): number {
    return this.tracks[track]?.ssrc ?? 0;
  }

  /**
   * The monotonic time of the first keyframe due at or after `monoMs`. Every clip starts with an IDR
   * and has one each second (fps frames), and switches happen at keyframes, so keyframes fall on
   * whole seconds after the timeline's start.
   */
  keyframeAtOrAfter(monoMs: number): number {
    return this.t0 + Math.max(0, Math.ceil((monoMs - this.t0) / 1000)) * 1000;
  }

  /** The wall-clock time (ms since the epoch) at which frame 0 was due. */
  get startWallMs(): number {
    return this.wall0;
  }

  /** The wall-clock time (ms since the epoch) at which a frame due at `monoMs` is stamped. */
  wallAt(monoMs: number): number {
    return this.wall0 + (monoMs - this.t0);
  }

  /** Switches to `clip` at the next keyframe (its first frame is an IDR carrying the new SPS/PPS). */
  switchVideo(clip: VideoClip): void {
    this.pendingVideo = clip === this.video ? undefined : clip;
  }

  /** Everything due up to `nowMs`, in time order. */
  produce(nowMs: number, opts: ProduceOptions): ProduceResult {
    const items: MediaItem[] = [];
    let gap = !opts.emit;
    const fps = this.video.fps;
    const audio = this.audio;
    for (;;) {
      const videoAt = this.t0 + (this.frameIndex * 1000) / fps;
      const audioAt =
        audio === undefined
          ? Infinity
          : this.t0 + (this.audioIndex * audio.samplesPerPacket * 1000) / audio.clockRate;
      const at = Math.min(videoAt, audioAt);
      if (at > nowMs) break;
      const late = at < nowMs - MAX_LAG_MS;
      if (late) gap = true;
      const emit = opts.emit && !late;
      if (videoAt <= audioAt) this.nextVideo(videoAt, emit, opts.withholdKeyframes, items);
      else if (audio !== undefined) this.nextAudio(audio, audioAt, emit, items);
    }
    return { items, gap };
  }

  private nextVideo(at: number, emit: boolean, withholdKeyframes: boolean, items: MediaItem[]): void {
    let frame = this.video.frames[this.clipPos];
    if (frame?.key === true && this.pendingVideo !== undefined) {
      this.video = this.pendingVideo;
      this.pendingVideo = undefined;
      this.clipPos = 0;
      frame = this.video.frames[0];
    }
    if (frame === undefined) throw new Error('video clip has no frames');
    const c = this.tracks[0] as TrackCounters;
    const ts = c.ts0 + Math.round((this.frameIndex * VIDEO_CLOCK) / this.video.fps);
    if (emit && !(withholdKeyframes && frame.key)) {
      const data = stampTemplate(frame.template, 0, c.seq, ts, c.ssrc);
      c.seq = (c.seq + frame.template.offsets.length) & 0xffff;
      c.packets += frame.template.offsets.length;
      c.octets += frame.rtpBytes;
      const item = { track: 0, rtcp: false, key: frame.key, frame: true, data, offsets: frame.template.offsets, timeMs: at };
      if (frame.key && at >= c.nextSrMs) this.pushReport(0, at, items);
      items.push(item);
    }
    this.clipPos = (this.clipPos + 1) % this.video.frames.length;
    this.frameIndex += 1;
  }

  private nextAudio(audio: AudioClip, at: number, emit: boolean, items: MediaItem[]): void {
    const pos = this.audioIndex % audio.packets.length;
    const tpl = audio.packets[pos];
    const c = this.tracks[1] as TrackCounters;
    if (emit && tpl !== undefined) {
      const ts = c.ts0 + this.audioIndex * audio.samplesPerPacket;
      const data = stampTemplate(tpl, 2, c.seq, ts, c.ssrc);
      c.seq = (c.seq + 1) & 0xffff;
      c.packets += 1;
      c.octets += audio.rtpBytes[pos] ?? 0;
      if (at >= c.nextSrMs) this.pushReport(1, at, items);
      items.push({ track: 1, rtcp: false, key: false, frame: false, data, offsets: tpl.offsets, timeMs: at });
    }
    this.audioIndex += 1;
  }

  /** Video reports go out just before a keyframe so a client joining there gets one first thing. */
  private pushReport(track: number, at: number, items: MediaItem[]): void {
    const c = this.tracks[track] as TrackCounters;
    c.nextSrMs = at + SR_INTERVAL_MS;
    items.push({
      track,
      rtcp: true,
      key: false,
      frame: false,
      data: this.senderReport(track, at),
      offsets: SR_OFFSETS,
      timeMs: at,
    });
  }

  /** A sender report mapping monotonic time `atMs` to this track's RTP clock, on channel 2·track+1. */
  senderReport(track: number, atMs: number): Buffer {
    const c = this.tracks[track];
    if (c === undefined) throw new RangeError(`no track ${track}`);
    return buildSenderReport({
      channel: 2 * track + 1,
      ssrc: c.ssrc,
      wallMs: this.wall0 + (atMs - this.t0),
      rtpTimestamp: c.ts0 + Math.round(((atMs - this.t0) * c.clockRate) / 1000),
      packetCount: c.packets,
      octetCount: c.octets,
    });
  }
}

export const REPORT_OFFSETS = SR_OFFSETS;

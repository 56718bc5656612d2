import { REPORT_OFFSETS, CameraTimeline, type MediaItem } from './camera-timeline.js';
import type { ResolvedCameraSpec } from './camera-spec.js';
import type { Clock } from './clock.js';
import { FaultState } from './fault-state.js';
import type { AudioClip, VideoClip } from './media-clip.js';
import { buildSdp, type InterleavedTransport, rechannel } from '@heldar/rtsp';
import type { CameraStats, Fault, FaultKind } from './types.js';

/** Above this much unsent data a client is skipped until the next keyframe (bounds memory per client). */
export const HIGH_WATER_BYTES = 512 * 1024;
/** A client that has fallen behind resumes only once it has drained below this. */
const LOW_WATER_BYTES = 128 * 1024;
/** A client that cannot take any data for this long is disconnected. */
const BLOCKED_LIMIT_MS = 30_000;

/** A playing RTSP session as the camera sees it. */
export interface MediaClient {
  /** Interleaved channels per track index; undefined where the track was not SETUP. */
  readonly transports: ReadonlyArray<InterleavedTransport | undefined>;
  readonly playAtMs: number;
  bufferedBytes(): number;
  send(data: Buffer): void;
  drop(reason: string): void;
}

/** Any RTSP connection that has addressed this camera. */
export interface CameraConnection {
  drop(reason: string): void;
}

interface ClientState {
  readonly client: MediaClient;
  /** Waiting for a keyframe before sending anything (new, or resyncing after a gap). */
  waiting: boolean;
  /** Waiting because it fell behind: what it misses counts as dropped. */
  behind: boolean;
  blockedSince: number | undefined;
  /** Subscribes every track on the default channels, so the camera-wide buffer fits as is. */
  readonly standard: boolean;
}

export interface CameraDeps {
  clock: Clock;
  /** Loads (generating if needed) this camera's clip at another size, for the resolution fault. */
  loadVideo(width: number, height: number): Promise<VideoClip>;
}

export class Camera {
  readonly spec: ResolvedCameraSpec;
  readonly connections = new Set<CameraConnection>();
  private readonly clients = new Map<MediaClient, ClientState>();
  /** Sessions that ever sent PLAY (a reconnect counts again): "how many connections did it take". */
  private sessionsStarted = 0;
  private readonly timeline: CameraTimeline;
  private readonly faults = new FaultState();
  private readonly baseVideo: VideoClip;
  private readonly deps: CameraDeps;
  private readonly sdpSessionId = Math.floor(Math.random() * 1e9);
  private sdpVersion = 1;
  private resolutionToken = 0;
  private bytesSent = 0;
  private framesDropped = 0;
  private framesProduced = 0;

  constructor(spec: ResolvedCameraSpec, video: VideoClip, audio: AudioClip | undefined, deps: CameraDeps) {
    this.spec = spec;
    this.baseVideo = video;
    this.deps = deps;
    this.timeline = new CameraTimeline(video, audio, deps.clock);
  }

  get name(): string {
    return this.spec.name;
  }

  get trackCount(): number {
    return this.timeline.trackCount;
  }

  ssrc(track: number): number {
    return this.timeline.ssrc(track);
  }

  describe(host: string): string {
    const audio = this.timeline.audioClip;
    return buildSdp({
      sessionId: this.sdpSessionId,
      version: this.sdpVersion,
      host,
      title: `camsim ${this.name}`,
      tracks: audio === undefined ? [this.timeline.advertisedVideo.sdpTrack] : [this.timeline.advertisedVideo.sdpTrack, audio.sdpTrack],
    });
  }

  /** The refuse fault in force, if any. */
  refusing(): Extract<Fault, { kind: 'refuse' }> | undefined {
    return this.faults.get('refuse');
  }

  async setFault(fault: Fault): Promise<void> {
    const now = this.deps.clock.now();
    if (fault.kind === 'drop' && fault.afterSeconds === undefined) {
      for (const c of [...this.connections]) c.drop('drop fault');
      return;
    }
    if (fault.kind === 'resolution') {
      const token = ++this.resolutionToken;
      const clip = await this.deps.loadVideo(fault.width, fault.height);
      // A clearFault or newer resolution fault while the clip was loading wins.
      if (token !== this.resolutionToken) return;
      this.switchTo(clip);
    }
    this.faults.set(fault, now);
  }

  clearFault(kind?: FaultKind): void {
    const cleared = this.faults.clear(kind);
    if (kind === 'resolution' || kind === undefined) {
      this.resolutionToken += 1;
      if (cleared.includes('resolution') || this.timeline.advertisedVideo !== this.baseVideo) this.switchTo(this.baseVideo);
    }
  }

  /** See CameraTimeline.keyframeAtOrAfter and wallAt: when a clip switched in now would start. */
  keyframeAtOrAfter(monoMs: number): number {
    return this.timeline.keyframeAtOrAfter(monoMs);
  }

  wallAt(monoMs: number): number {
    return this.timeline.wallAt(monoMs);
  }

  /** What a replay of a past span streams (replay/): the camera's own clips, and since when it has existed. */
  replaySource(): { video: VideoClip; audio: AudioClip | undefined; sinceWallMs: number; nowWallMs: number } {
    return { video: this.baseVideo, audio: this.timeline.audioClip, sinceWallMs: this.timeline.startWallMs, nowWallMs: this.deps.clock.wallNow() };
  }

  /** Shows `clip` from the next keyframe on (the wall-clock overlay's next stretch). */
  showNext(clip: VideoClip): void {
    this.switchTo(clip);
  }

  private switchTo(clip: VideoClip): void {
    this.timeline.switchVideo(clip);
    this.sdpVersion += 1;
  }

  addClient(client: MediaClient): void {
    const standard =
      client.transports.length === this.trackCount &&
      client.transports.every((t, i) => t !== undefined && t.rtpChannel === 2 * i && t.rtcpChannel === 2 * i + 1);
    this.clients.set(client, { client, waiting: true, behind: false, blockedSince: undefined, standard });
    this.sessionsStarted += 1;
  }

  removeClient(client: MediaClient): void {
    this.clients.delete(client);
  }

  /** Called by the shared ticker: produces what is due and hands it to every client. */
  tick(now: number): void {
    this.faults.expire(now);
    const { items, gap } = this.timeline.produce(now, {
      emit: !this.faults.has('stall'),
      withholdKeyframes: this.faults.has('no_keyframe'),
    });
    if (gap) for (const s of this.clients.values()) s.waiting = true;
    const drop = this.faults.get('drop');
    if (drop?.afterSeconds !== undefined) {
      const limit = drop.afterSeconds * 1000;
      for (const s of [...this.clients.values()]) {
        if (now - s.client.playAtMs >= limit) s.client.drop('drop fault');
      }
    }
    for (const item of items) if (item.frame) this.framesProduced += 1;
    if (items.length > 0) this.deliver(items, now);
  }

  private deliver(items: readonly MediaItem[], now: number): void {
    let shared: Buffer | undefined;
    for (const s of [...this.clients.values()]) {
      const buffered = s.client.bufferedBytes();
      let start = 0;
      let prefix: Buffer[] = [];
      if (s.waiting) {
        const key = items.findIndex((i) => i.key);
        if (key < 0 || buffered > LOW_WATER_BYTES) {
          this.stillBehind(s, items, now);
          continue;
        }
        start = key;
        prefix = this.startReports(s.client, items[key]?.timeMs ?? now);
        s.waiting = false;
      } else if (buffered > HIGH_WATER_BYTES) {
        s.waiting = true;
        s.behind = true;
        this.stillBehind(s, items, now);
        continue;
      }
      let data: Buffer;
      if (start === 0 && prefix.length === 0 && s.standard) {
        shared ??= items.length === 1 ? (items[0] as MediaItem).data : Buffer.concat(items.map((i) => i.data));
        data = shared;
      } else {
        const parts = prefix;
        for (let i = start; i < items.length; i++) {
          const part = this.forClient(s.client, items[i] as MediaItem);
          if (part !== undefined) parts.push(part);
        }
        data = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      }
      s.behind = false;
      s.blockedSince = undefined;
      if (data.length === 0) continue;
      this.bytesSent += data.length;
      s.client.send(data);
    }
  }

  private stillBehind(s: ClientState, items: readonly MediaItem[], now: number): void {
    if (!s.behind) return;
    for (const i of items) if (i.frame) this.framesDropped += 1;
    s.blockedSince ??= now;
    if (now - s.blockedSince > BLOCKED_LIMIT_MS) s.client.drop('client too slow');
  }

  /** A client starting at a keyframe first gets a sender report per track, for its wall-clock mapping. */
  private startReports(client: MediaClient, atMs: number): Buffer[] {
    const out: Buffer[] = [];
    client.transports.forEach((t, track) => {
      if (t === undefined || track >= this.trackCount) return;
      const sr = this.timeline.senderReport(track, atMs);
      out.push(t.rtcpChannel === 2 * track + 1 ? sr : rechannel(sr, REPORT_OFFSETS, t.rtcpChannel));
    });
    return out;
  }

  private forClient(client: MediaClient, item: MediaItem): Buffer | undefined {
    const t = client.transports[item.track];
    if (t === undefined) return undefined;
    const channel = item.rtcp ? t.rtcpChannel : t.rtpChannel;
    const standard = item.rtcp ? 2 * item.track + 1 : 2 * item.track;
    return channel === standard ? item.data : rechannel(item.data, item.offsets, channel);
  }

  stats(): CameraStats {
    const v = this.timeline.currentVideo;
    return {
      name: this.name,
      connections: this.connections.size,
      clients: this.clients.size,
      sessionsOpened: this.sessionsStarted,
      bytesSent: this.bytesSent,
      framesDropped: this.framesDropped,
      framesProduced: this.framesProduced,
      width: v.width,
      height: v.height,
      faults: this.faults.kinds(),
      startWallMs: this.timeline.startWallMs,
    };
  }

  /** Drops every connection; the camera produces nothing more once the ticker forgets it. */
  close(): void {
    for (const c of [...this.connections]) c.drop('camera removed');
    this.clients.clear();
  }
}

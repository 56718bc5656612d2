import type { Logger } from 'pino';
import { recordUrl } from '../cameras/camera-url.js';
import { maskText } from '../secrets/credential-mask.js';
import type { Clock } from '../clock.js';
import type { Camera } from '../cameras/camera.js';
import type { EventKind, EventSeverityOf } from '../events/event-kinds.js';
import type { EventLog } from '../events/event-log.js';
import type { EventPayload } from '../events/event.types.js';
import { FfmpegProcess, type ExitInfo } from '../ffmpeg/ffmpeg-process.js';
import { Backoff } from '../backoff.js';
import type { LiveSink } from '../recording/live-sink.js';
import { inputKindOf } from '../ffmpeg/input-kind.js';
import type { FrameHub } from './frame-hub.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { buildSampleArgs, isSamplerNoise } from './sample-args.js';

export type SamplerState = 'starting' | 'sampling' | 'offline' | 'error' | 'stopped';

export interface SamplerStatus {
  camera_id: string;
  state: SamplerState;
  /** `sub_stream` when the camera has a sub_stream_url, else `main_stream`. */
  source: 'sub_stream' | 'main_stream';
  fps: number;
  width: number;
  pid: number | null;
  since: number;
  restarts: number;
  last_error: string | null;
  frames: number;
  last_frame_at: number | null;
  /** Frames per second over the last few seconds of frames; null before two frames. */
  measured_fps: number | null;
  frame_width: number | null;
  frame_height: number | null;
  /** Bytes of stdout that were not part of a whole JPEG (should stay 0). */
  discarded_bytes: number;
}

export interface SamplerDeps {
  ffmpegBin: string;
  /** Started under this command so it cannot outlive Heldar (parentDeathPrefix); default none. */
  processPrefix?: readonly string[];
  /** HELDAR_SAMPLER_WIDTH. */
  width: number;
  /** HELDAR_SAMPLER_STALL_SECONDS in ms: no frame for this long restarts ffmpeg. */
  stallMs: number;
  frames: FrameHub;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  sleep: (ms: number, signal: AbortSignal) => Promise<unknown>;
  /**
   * Where a sampler reading a sub-stream hands that stream's live copy (`sub`/`sampler`, a tap per
   * run); null or absent: no live output (HELDAR_LIVE_ENABLED off, or tests).
   */
  live?: LiveSink | null;
}

/** Connect and first frame get this much longer than the stall limit (RTSP set-up, first keyframe). */
const STARTUP_EXTRA_MS = 10_000;
/** A camera without any usable URL is looked at again after this long (or at its next change). */
const NO_URL_RETRY_MS = 30_000;
const FPS_WINDOW = 16;

/** The URL the sampler opens: the sub-stream when there is one (with the camera's credentials), else the main stream. */
export function sampleUrl(cam: Camera): { url: string | null; source: SamplerStatus['source'] } {
  if (cam.sub_stream_url) return { url: recordUrl({ ...cam, stream_url: cam.sub_stream_url }), source: 'sub_stream' };
  return { url: recordUrl(cam), source: 'main_stream' };
}

/**
 * One camera's frame sampler: a supervised decoder ffmpeg writing JPEG frames at `detect_fps` to its
 * stdout, split into frames and published to the FrameHub as they arrive (nothing is queued: a frame
 * replaces the previous one as the camera's latest). Restarts with the recorder's backoff (1 s
 * doubling to 30 s, reset after a healthy 30 s run); no frame within the stall limit restarts it.
 * Credentials are masked in every argument, log line, stored error and event.
 */
export class CameraSampler {
  private state: SamplerState = 'starting';
  private since: number;
  private pid: number | null = null;
  private restarts = 0;
  private lastError: string | null = null;
  private lastFrameAt: number | null = null;
  private frameWidth: number | null = null;
  private frameHeight: number | null = null;
  private frames = 0;
  private discarded = 0;
  private readonly recentTimes: number[] = [];
  /** Event writes, one after another; each failure is logged, so this chain never rejects. */
  private eventWrites: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  private readonly source: SamplerStatus['source'];

  constructor(
    private readonly cam: Camera,
    readonly generation: number,
    private readonly deps: SamplerDeps,
  ) {
    this.since = deps.clock.now();
    this.source = sampleUrl(cam).source;
    this.log = deps.logger.child({ camera_id: cam.id, generation });
  }

  status(): SamplerStatus {
    const times = this.recentTimes;
    const first = times[0];
    const last = times.at(-1);
    const measured = first !== undefined && last !== undefined && times.length >= 2 && last > first ? ((times.length - 1) * 1000) / (last - first) : null;
    return {
      camera_id: this.cam.id,
      state: this.state,
      source: this.source,
      fps: this.cam.detect_fps ?? 0,
      width: this.deps.width,
      pid: this.pid,
      since: this.since,
      restarts: this.restarts,
      last_error: this.lastError,
      frames: this.frames,
      last_frame_at: this.lastFrameAt,
      measured_fps: measured === null ? null : Math.round(measured * 100) / 100,
      frame_width: this.frameWidth,
      frame_height: this.frameHeight,
      discarded_bytes: this.discarded,
    };
  }

  /** Runs until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff();
    const fps = this.cam.detect_fps;
    while (!signal.aborted && fps !== null) {
      const { url } = sampleUrl(this.cam);
      if (url === null) {
        await this.fail('error', 'no stream URL: set sub_stream_url, stream_url, or address');
        await this.deps.sleep(NO_URL_RETRY_MS, signal);
        continue;
      }
      let args: string[];
      try {
        // A file (demo, tests) is read at its own speed and looped, so it behaves like a camera.
        args = buildSampleArgs({ inputUrl: url, fps, width: this.deps.width, loopFile: inputKindOf(url) === 'file', liveOutput: this.feedsLive() });
      } catch (e: unknown) {
        await this.fail('error', this.mask(e instanceof Error ? e.message : String(e)));
        await this.deps.sleep(NO_URL_RETRY_MS, signal);
        continue;
      }
      const exit = await this.runOnce(url, args, signal);
      if (signal.aborted) break;
      const delay = backoff.next(exit.ranMs);
      this.restarts += 1;
      await this.afterExit(exit, delay);
      await this.deps.sleep(delay, signal);
    }
    this.setState('stopped');
    this.pid = null;
    this.deps.frames.clearLatest(this.cam.id);
  }

  /** Only a sub-stream: the main stream's live copy comes from the recorder (or an on-demand run). */
  private feedsLive(): boolean {
    return this.source === 'sub_stream' && this.deps.live != null;
  }

  private async runOnce(url: string, args: string[], signal: AbortSignal): Promise<ExitInfo> {
    const splitter = new JpegSplitter();
    // A new tap per run: the live hub starts a new generation (new init segment) with each ffmpeg.
    const tap = this.feedsLive() ? (this.deps.live?.open(this.cam.id, 'sub', 'sampler') ?? null) : null;
    let proc: FfmpegProcess | undefined = undefined;
    proc = new FfmpegProcess({
      bin: this.deps.ffmpegBin,
      prefix: this.deps.processPrefix ?? [],
      args,
      name: 'ffmpeg-sampler',
      redact: (text) => this.mask(text),
      logger: this.log,
      signal,
      startupTimeoutMs: this.deps.stallMs + STARTUP_EXTRA_MS,
      stallTimeoutMs: this.deps.stallMs,
      // Nothing to finish on the way out, but `q` lets ffmpeg close its RTSP session politely.
      stopMode: 'graceful',
      quitGraceMs: 1000,
      termGraceMs: 2000,
      dropStderrLine: isSamplerNoise,
      onStdoutData: (chunk) => {
        const before = splitter.discardedBytes;
        for (const frame of splitter.push(chunk)) this.onFrame(frame.data, frame.width, frame.height, proc);
        this.discarded += splitter.discardedBytes - before;
      },
      ...(tap ? { extraOutput: { onData: (chunk: Buffer) => tap.write(chunk) } } : {}),
    });
    proc.start();
    this.pid = proc.pid ?? null;
    // During an outage the state stays offline/error until a frame arrives: one event per outage.
    if (this.state !== 'offline' && this.state !== 'error') this.setState('starting');
    this.log.info({ url: this.mask(url), fps: this.cam.detect_fps, width: this.deps.width, source: this.source }, 'sampler: ffmpeg started');
    const exit = await proc.exited;
    tap?.end();
    this.pid = null;
    return exit;
  }

  private onFrame(jpeg: Buffer, width: number, height: number, proc: FfmpegProcess | undefined): void {
    proc?.touch();
    const now = this.deps.clock.now();
    const wasDown = this.state === 'offline' || this.state === 'error';
    if (this.state !== 'sampling') {
      this.setState('sampling');
      this.lastError = null;
    }
    // Not awaited (a frame is being handed on); the write is chained and can only log a failure.
    if (wasDown) this.eventWrites = this.event('sampler_online', 'info', { fps: this.cam.detect_fps ?? 0 });
    this.frames += 1;
    this.lastFrameAt = now;
    this.frameWidth = width;
    this.frameHeight = height;
    this.recentTimes.push(now);
    if (this.recentTimes.length > FPS_WINDOW) this.recentTimes.shift();
    this.deps.frames.publish(this.cam.id, jpeg, width, height, now);
  }

  private async afterExit(exit: ExitInfo, delayMs: number): Promise<void> {
    const last = exit.stderrTail.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
    const detail =
      exit.reason === 'stalled'
        ? `no frame for ${this.deps.stallMs / 1000} s; restarted`
        : exit.reason === 'timeout'
          ? `no first frame within ${(this.deps.stallMs + STARTUP_EXTRA_MS) / 1000} s${last ? ` (${last})` : ''}`
          : (exit.error?.message ?? (last || `ffmpeg ended (${exit.reason})`));
    this.log.warn({ reason: exit.reason, code: exit.code, ran_ms: exit.ranMs, retry_in_ms: delayMs, detail }, 'sampler: ffmpeg exited');
    if (exit.reason === 'stalled') {
      await this.event('sampler_stalled', 'warning', { stalled_seconds: this.deps.stallMs / 1000, restarts: this.restarts });
    }
    const neverRan = exit.reason === 'failed' && exit.ranMs === 0 && exit.code === null;
    await this.fail(neverRan ? 'error' : 'offline', detail, delayMs);
  }

  /** Enters `offline`/`error`; the event is written once per outage, not once per retry. */
  private async fail(state: 'offline' | 'error', message: string, retryInMs?: number): Promise<void> {
    const wasDown = this.state === 'offline' || this.state === 'error';
    this.lastError = this.mask(message);
    this.setState(state);
    if (!wasDown) {
      await this.event('sampler_offline', 'warning', {
        reason: this.lastError,
        ...(retryInMs === undefined ? {} : { retry_in_seconds: retryInMs / 1000 }),
      });
    }
  }

  /**
   * An event that must not stop sampling when the database refuses it: a failure is logged (the
   * event's facts are in that log line), never thrown into the sampler loop or left unhandled.
   */
  private event<K extends EventKind>(kind: K, severity: EventSeverityOf<K>, payload: EventPayload): Promise<void> {
    this.eventWrites = this.eventWrites
      .then(() => this.deps.events.log(this.cam.id, kind, severity, payload))
      .then(
        () => undefined,
        (e: unknown) => this.log.error({ err: e, event: kind, payload }, 'sampler: could not store an event'),
      );
    return this.eventWrites;
  }

  private setState(state: SamplerState): void {
    if (this.state === state) return;
    this.state = state;
    this.since = this.deps.clock.now();
  }

  private mask(text: string): string {
    return maskText(text, [this.cam.password]);
  }
}

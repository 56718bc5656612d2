import type { Logger } from 'pino';
import { Backoff } from '../../backoff.js';
import { recordUrl } from '../../cameras/camera-url.js';
import type { Camera } from '../../cameras/camera.js';
import { FfmpegProcess, type ExitInfo } from '../../ffmpeg/ffmpeg-process.js';
import { describeExit } from '../../recording/exit-diagnosis.js';
import type { LiveSink } from '../../recording/live-sink.js';
import { maskText } from '../../secrets/credential-mask.js';
import { buildLiveArgs } from './live-args.js';
import { LiveUnavailableError, type LiveStreamName, type OnDemandLauncher } from './live-types.js';

export interface OnDemandSourceDeps {
  ffmpegBin: string;
  /** Started under this command so it cannot outlive Heldar (parentDeathPrefix); default none. */
  processPrefix?: readonly string[];
  cameras: { find(id: string): Promise<Camera | undefined> };
  sink: LiveSink;
  logger: Logger;
  sleep: (ms: number, signal: AbortSignal) => Promise<unknown>;
  /** No live bytes for this long (after the first ones) restarts ffmpeg. Default 15 s. */
  stallMs?: number;
  /** Connecting and the first bytes get this long. Default 20 s. */
  startupMs?: number;
}

const DEFAULT_STALL_MS = 15_000;
const DEFAULT_STARTUP_MS = 20_000;

/**
 * Live-only ffmpeg runs for camera streams nothing else reads now (an idle scheduled camera, recording
 * off, a sub-stream without a sampler). The hubs (media/live/) decide when to start and stop one;
 * this builds the URL the way the recorder does, runs ffmpeg with the live output into a tap per run,
 * and restarts it with the recorder's backoff while it is wanted.
 */
export class OnDemandSource implements OnDemandLauncher {
  constructor(private readonly deps: OnDemandSourceDeps) {}

  async start(cameraId: string, stream: LiveStreamName): Promise<OnDemandRun> {
    const cam = await this.deps.cameras.find(cameraId);
    if (!cam) throw new LiveUnavailableError('unknown_camera', `camera ${cameraId} does not exist`);
    if (stream === 'sub' && !cam.sub_stream_url) {
      throw new LiveUnavailableError('no_sub_stream', `camera ${cameraId} has no sub-stream (set sub_stream_url)`);
    }
    if (!cam.enabled) throw new LiveUnavailableError('camera_disabled', `camera ${cameraId} is disabled`);
    // The recorder's own URL builder (credentials percent-encoded); the sub-stream gets the same credentials.
    const url = stream === 'sub' ? recordUrl({ ...cam, stream_url: cam.sub_stream_url }) : recordUrl(cam);
    if (url === null) throw new LiveUnavailableError('camera_disabled', `camera ${cameraId} has no stream URL (set stream_url, or address and credentials)`);
    // Audio as the recorder would copy it; a camera whose audio MP4 cannot carry falls back to video only.
    const run = new OnDemandRun(cam, stream, url, stream === 'main' && cam.record_audio, this.deps);
    try {
      run.check();
    } catch (e: unknown) {
      throw new LiveUnavailableError('camera_disabled', maskText(`cannot watch camera ${cameraId}: ${e instanceof Error ? e.message : String(e)}`, [cam.password]));
    }
    run.start();
    return run;
  }
}

/** One wanted live-only stream: ffmpeg runs, restarted with backoff, until stop(). */
export class OnDemandRun {
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private proc: FfmpegProcess | null = null;
  private readonly log: Logger;
  /** ffmpeg runs started so far (restarts + 1). */
  runs = 0;
  /** The camera's audio codec left out after ffmpeg refused it for MP4 (viewers are told). */
  private audioLeftOut: string | undefined;

  constructor(
    private readonly cam: Camera,
    readonly stream: LiveStreamName,
    private readonly url: string,
    private audio: boolean,
    private readonly deps: OnDemandSourceDeps,
  ) {
    this.log = deps.logger.child({ camera_id: cam.id, stream, part: 'live-on-demand' });
  }

  /** The running ffmpeg's pid, undefined between runs and after stop(). */
  get pid(): number | undefined {
    return this.proc?.running ? this.proc.pid : undefined;
  }

  /** Throws when the arguments cannot be built (an unsupported URL). */
  check(): void {
    buildLiveArgs({ inputUrl: this.url, audio: this.audio });
  }

  start(): void {
    this.loop = this.runLoop();
  }

  /** Stops ffmpeg gracefully (`q`: it tears its RTSP session down) and ends the tap. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async runLoop(): Promise<void> {
    const backoff = new Backoff();
    const { signal } = this.abort;
    while (!signal.aborted) {
      const exit = await this.runOnce(signal);
      if (signal.aborted) break;
      const diagnosis = this.audio ? describeExit({ ...exit, errorMessage: exit.error?.message }, true) : undefined;
      if (diagnosis?.audioUnsupported) {
        this.log.info('live: the camera\'s audio cannot go in MP4; video only');
        this.audio = false;
        this.audioLeftOut = diagnosis.audioCodec ?? 'unknown';
        continue;
      }
      const delay = backoff.next(exit.ranMs);
      this.log.warn({ reason: exit.reason, code: exit.code, ran_ms: exit.ranMs, retry_in_ms: delay, detail: exit.error?.message }, 'live: on-demand ffmpeg exited');
      await this.deps.sleep(delay, signal);
    }
  }

  private async runOnce(signal: AbortSignal): Promise<ExitInfo> {
    this.runs += 1;
    const tap = this.deps.sink.open(this.cam.id, this.stream, 'on-demand', { audioLeftOut: this.audioLeftOut });
    const proc: FfmpegProcess = new FfmpegProcess({
      bin: this.deps.ffmpegBin,
      prefix: this.deps.processPrefix ?? [],
      args: buildLiveArgs({ inputUrl: this.url, audio: this.audio }),
      name: 'ffmpeg-live',
      redact: (text) => maskText(text, [this.cam.password]),
      logger: this.log,
      signal,
      startupTimeoutMs: this.deps.startupMs ?? DEFAULT_STARTUP_MS,
      stallTimeoutMs: this.deps.stallMs ?? DEFAULT_STALL_MS,
      stopMode: 'graceful',
      quitGraceMs: 1000,
      termGraceMs: 2000,
      extraOutput: {
        onData: (chunk) => {
          proc.touch();
          tap.write(chunk);
        },
      },
    });
    this.proc = proc;
    const exit = await proc.start().exited;
    tap.end();
    return exit;
  }
}

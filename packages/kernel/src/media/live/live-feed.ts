import type { Logger } from 'pino';
import type { LiveRunFacts, LiveSourceKind, LiveTap } from '../../recording/live-sink.js';
import { Fmp4StreamSplitter } from './fmp4-stream-splitter.js';
import { StreamHub } from './live-hub.js';
import { fragmentTiming, streamInfoOf } from './live-stream-info.js';
import type { InitInfo } from '../../mp4/init-segment.js';
import { type LiveStreamName, LiveUnavailableError, type OnDemandLauncher } from './live-types.js';

export interface LiveFeedSettings {
  maxViewerBacklogBytes: number;
  /** An on-demand run stops this long after its last viewer left. */
  idleStopMs: number;
  /**
   * When the last tap ends while viewers watch (the camera stopped recording: schedule, event
   * window over), an on-demand run takes over after this long unless a new run opened a tap
   * meanwhile (a recorder restart reopens within its backoff).
   */
  takeoverMs: number;
}

export interface LiveFeedDeps {
  settings: LiveFeedSettings;
  launcher: OnDemandLauncher;
  logger: Logger;
  now(): number;
}

/** One ffmpeg run's live output as it is being cut up. */
interface TapState {
  readonly source: LiveSourceKind;
  /** Open order: the newest tap with an init feeds the hub. */
  readonly order: number;
  readonly splitter: Fmp4StreamSplitter;
  readonly facts: LiveRunFacts;
  init: { info: InitInfo; data: Buffer } | undefined;
  broken: boolean;
}

interface OnDemandRun {
  /** Resolves with the run's stop, or undefined when it could not start (already reported). */
  readonly started: Promise<{ stop(): Promise<void> } | undefined>;
  stopping: boolean;
  /** Why it did not start. */
  error?: unknown;
}

/**
 * Everything that feeds one camera stream's hub: the taps of the ffmpeg runs that write its live
 * copy (the recorder, the sampler, an on-demand run), which of them the viewers see, and the
 * on-demand run's life (started for the first viewer, stopped when idle or when a recorder or
 * sampler tap opens, so the camera sees one connection).
 */
export class LiveFeed {
  readonly hub: StreamHub;
  private readonly taps = new Set<TapState>();
  private active: TapState | undefined;
  private opened = 0;
  private onDemand: OnDemandRun | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private takeoverTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly log: Logger;

  constructor(
    cameraId: string,
    stream: LiveStreamName,
    private readonly deps: LiveFeedDeps,
  ) {
    this.log = deps.logger.child({ camera: cameraId, stream });
    this.hub = new StreamHub(cameraId, stream, { maxViewerBacklogBytes: deps.settings.maxViewerBacklogBytes }, {
      viewersChanged: (count) => this.viewersChanged(count),
      viewerFailed: (e) => this.log.debug({ err: e }, 'live: a viewer failed and was detached'),
    });
  }

  /** A run starts writing this stream's live copy. */
  openTap(source: LiveSourceKind, facts: LiveRunFacts = {}): LiveTap {
    const tap: TapState = { source, order: ++this.opened, splitter: new Fmp4StreamSplitter(), facts, init: undefined, broken: false };
    this.taps.add(tap);
    clearTimeout(this.takeoverTimer);
    // One camera connection: the recorder's or sampler's own run serves live from now on.
    if (source !== 'on-demand') void this.stopOnDemand('a recorder or sampler run now feeds live view');
    let ended = false;
    return {
      write: (chunk) => {
        if (!ended) this.write(tap, chunk);
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.endTap(tap);
      },
    };
  }

  /** Makes sure something feeds the hub: starts an on-demand run when no tap is open. */
  async ensureFed(): Promise<void> {
    if (this.closed) return;
    if (this.taps.size === 0 && this.onDemand === undefined) this.onDemand = this.startOnDemand();
    const run = this.onDemand;
    if (run === undefined) return;
    const handle = await run.started;
    if (handle === undefined && this.onDemand === run) this.onDemand = undefined;
    // A failed start: the launcher's error goes to the viewer that asked (404 unknown camera…).
    if (handle === undefined) throw run.error instanceof Error ? run.error : new Error('the live-only stream did not start', { cause: run.error });
    this.armIdleStop();
  }

  /** Whether an on-demand run is running or starting (tests, status). */
  onDemandRunning(): boolean {
    return this.onDemand !== undefined && !this.onDemand.stopping;
  }

  /** Camera deleted or shutdown: viewers are told, the on-demand run stops. */
  async close(reason: string): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.takeoverTimer);
    this.hub.end(reason);
    await this.stopOnDemand(reason);
  }

  private write(tap: TapState, chunk: Buffer): void {
    if (tap.broken) return;
    try {
      for (const part of tap.splitter.push(chunk)) {
        if (part.kind === 'init') {
          tap.init = { info: part.info, data: part.data };
          if (this.active === undefined || tap.order >= this.active.order) this.activate(tap);
        } else if (tap === this.active && tap.init !== undefined) {
          // Fields named, not spread: this runs for every frame of every camera.
          const timing = fragmentTiming(tap.init.info, part.moof);
          this.hub.publish({ keyframe: timing.keyframe, decodeTimeMs: timing.decodeTimeMs, durationMs: timing.durationMs, receivedAt: this.deps.now(), data: part.data });
        }
      }
    } catch (e: unknown) {
      // Never thrown at the recorder: its pipe keeps being drained, live view of this run stops.
      tap.broken = true;
      this.log.warn({ err: e, source: tap.source }, 'live: the live output is not a usable fMP4 stream; live view of this run stops');
      if (tap === this.active) this.fallBack();
    }
  }

  private activate(tap: TapState): void {
    this.active = tap;
    const init = tap.init!;
    const info = this.hub.startGeneration(streamInfoOf(init.info, init.data, 0, tap.facts));
    this.log.debug({ generation: info.generation, source: tap.source, codecs: info.codecs }, 'live: new stream generation');
  }

  private endTap(tap: TapState): void {
    this.taps.delete(tap);
    if (tap !== this.active) return;
    this.fallBack();
  }

  /** The active tap is gone: the newest other tap with an init takes over, else viewers wait. */
  private fallBack(): void {
    this.active = undefined;
    let next: TapState | undefined;
    for (const t of this.taps) if (!t.broken && t.init !== undefined && (next === undefined || t.order > next.order)) next = t;
    if (next !== undefined) {
      this.activate(next);
      return;
    }
    if (this.taps.size === 0 && this.onDemand === undefined && this.hub.viewerCount() > 0 && !this.closed) {
      this.takeoverTimer = setTimeout(() => this.takeOver(), this.deps.settings.takeoverMs);
      this.takeoverTimer.unref();
    }
  }

  private takeOver(): void {
    if (this.taps.size > 0 || this.hub.viewerCount() === 0 || this.closed) return;
    this.log.info('live: the camera stopped recording while viewers watch; starting a live-only stream');
    this.ensureFed().catch((e: unknown) => {
      // Disabled or deleted meanwhile: waiting would be for ever, so the viewers are told.
      if (e instanceof LiveUnavailableError) this.hub.end(`live view ended: ${e.message}`);
      else this.log.warn({ err: e }, 'live: could not start a live-only stream for the waiting viewers');
    });
  }

  private startOnDemand(): OnDemandRun {
    const run: OnDemandRun = {
      stopping: false,
      error: undefined,
      started: this.deps.launcher.start(this.hub.cameraId, this.hub.stream).then(
        (handle) => {
          // A recorder tap opened (or the feed closed) while this was starting: stop it at once.
          if (run.stopping) void this.stopHandle(handle);
          return handle;
        },
        (e: unknown) => {
          run.error = e;
          return undefined;
        },
      ),
    };
    this.log.info('live: starting a live-only stream for a viewer');
    return run;
  }

  private stopOnDemand(reason: string): Promise<void> {
    const run = this.onDemand;
    if (run === undefined) return Promise.resolve();
    this.onDemand = undefined;
    run.stopping = true;
    clearTimeout(this.idleTimer);
    this.log.info({ reason }, 'live: stopping the live-only stream');
    return run.started.then((handle) => (handle === undefined ? undefined : this.stopHandle(handle)));
  }

  private async stopHandle(handle: { stop(): Promise<void> }): Promise<void> {
    try {
      await handle.stop();
    } catch (e: unknown) {
      this.log.warn({ err: e }, 'live: stopping the live-only stream failed');
    }
  }

  private viewersChanged(count: number): void {
    if (count > 0) clearTimeout(this.idleTimer);
    else this.armIdleStop();
  }

  private armIdleStop(): void {
    clearTimeout(this.idleTimer);
    if (this.onDemand === undefined || this.hub.viewerCount() > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.hub.viewerCount() === 0) void this.stopOnDemand('no viewer for a while');
    }, this.deps.settings.idleStopMs);
    this.idleTimer.unref();
  }
}

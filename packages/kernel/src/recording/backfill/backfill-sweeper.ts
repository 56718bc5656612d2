import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Camera } from '../../cameras/camera.js';
import type { Clock } from '../../clock.js';
import type { EventLog } from '../../events/event-log.js';
import { maskText } from '../../secrets/credential-mask.js';
import { BACKFILL_STAGING_DIR } from '../../storage/footage-layout.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import { toRfc3339 } from '../../time.js';
import type { SegmentIndexer } from '../segment-indexer.js';
import { inspectSegment } from '../segment-inspector.js';
import { gapsBetween, type BackfillGap, type BackfillState, type CameraBackfill, type Interval } from './backfill-gap.js';
import { eventSpans, expectationOf, expectedParts, scheduledSpans, union, type StoredWindow, type Trigger } from './expected-recording.js';
import type { BackfillRepository } from './backfill.repository.js';
import { OnvifReplayBridge } from './onvif-replay-bridge.js';
import { NoOnvifRecording, streamCredentials, type OnvifReplayFinder } from './onvif-replay-source.js';
import { replayUrl } from './replay-url.js';
import type { ReplayRunner } from './replay-recorder.js';

export interface BackfillSettings {
  recordingsDir: string;
  minGapMs: number;
  maxAgeMs: number;
  maxAttempts: number;
  concurrency: number;
  intervalMs: number;
  /** HELDAR_TZ: the zone schedule windows are read in. */
  timeZone: string;
}

/** Where a camera that is not continuous was supposed to record. */
export interface RecordingExpectation {
  schedules(cameraId: string): Promise<StoredWindow[]>;
  /** The camera's `recording_triggered` events at or after `from` (and the last one before it), up to `to`. */
  triggers(cameraId: string, from: number, to: number): Promise<Trigger[]>;
}

export interface BackfillSweeperDeps {
  settings: BackfillSettings;
  repository: BackfillRepository;
  segments: Pick<SegmentRepository, 'spansStartingIn' | 'inRange'>;
  cameras: {
    require(id: string): Promise<Camera>;
    list(): Promise<Pick<Camera, 'id' | 'enabled' | 'record_enabled' | 'record_mode' | 'pre_roll_seconds'>[]>;
  };
  expectation: RecordingExpectation;
  indexer: Pick<SegmentIndexer, 'promote'>;
  replay: ReplayRunner;
  /** A camera's ONVIF Profile G replay URI (null: its device offers no replay). */
  onvifReplay: OnvifReplayFinder;
  events: Pick<EventLog, 'log'>;
  clock: Clock;
  logger: Logger;
}

export interface SweepReport {
  detected: number;
  filled: number;
  failed: number;
  unavailable: number;
  retry: number;
}

/** How long after a gap's end a replay may still run: the timeout is gap length + this. */
const TIMEOUT_MARGIN_MS = 60_000;
/** The longest post-roll a camera may have (cameras' schema): how far before a gap a trigger's window can start. */
const MAX_POST_ROLL_MS = 3_600_000;
/**
 * The replay is cut this long before the gap's end: the last frame before the cut lasts up to a frame
 * interval past it (250 ms covers 4 fps and faster), and a segment reaching into the footage after the
 * gap would be dropped whole.
 */
const CUT_MARGIN_MS = 250;
/** ffmpeg messages that mean "the camera has no recording for that span", not "try again". */
const UNAVAILABLE_RE = /\b(404|457|Not Found|Invalid Range|No such file)\b/i;
/** The bridge's connection to a Profile G camera gives up after this long. */
const CAMERA_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Gap backfill (ANR). A pass (1) finds the gaps of at least `minGapMs` in each backfill camera's index
 * over the last `maxAgeMs` where the camera was supposed to record — all of it for a continuous
 * camera, its schedule windows for a scheduled one, its trigger windows (pre- and post-roll, from the
 * event log) for an event one, both for scheduled_event — and keeps them as rows, (2) fills up to `concurrency` pending gaps: replays
 * the span from the camera (whole seconds inside the gap: its replay URL template, else its ONVIF
 * Profile G replay when its device offers one, else the Hikvision default), records it with the
 * recorder's own command into `<recordings>/.backfill/`, and indexes each segment at its true time
 * (the replay's start + the segment's offset), marked `source = 'backfill'`. A segment that would
 * overlap footage already indexed is dropped, never written over it. Attempts, age and the run's
 * deadline (gap length + 60 s) bound the work; what could not be filled stays marked.
 */
export class BackfillSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepReport> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly deps: BackfillSweeperDeps) {}

  async start(): Promise<void> {
    await this.deps.repository.resetFilling(this.deps.clock.now());
    // Leftovers of fills a crash interrupted: they are replayed again, never indexed half-known.
    await rm(path.join(this.deps.settings.recordingsDir, BACKFILL_STAGING_DIR), { recursive: true, force: true });
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.sweep()
        .catch((e: unknown) => this.deps.logger.error({ err: e }, 'backfill: sweep failed'))
        .finally(() => {
          if (!this.abort.signal.aborted) this.schedule();
        });
    }, this.deps.settings.intervalMs);
    this.timer.unref();
  }

  /** One pass (a pass already running is joined, not doubled). */
  sweep(): Promise<SweepReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<SweepReport> {
    const { repository, settings, clock } = this.deps;
    const now = clock.now();
    const since = now - settings.maxAgeMs;
    const report: SweepReport = { detected: 0, filled: 0, failed: 0, unavailable: 0, retry: 0 };
    // Every camera that was supposed to record continuously gets its gaps as rows (missing footage);
    // only those with backfill on are filled.
    for (const camera of await this.deps.cameras.list()) {
      if (!camera.enabled || !camera.record_enabled) continue;
      const spans = await this.deps.segments.spansStartingIn(camera.id, since, now);
      const gaps = await this.expectedGaps(camera, gapsBetween(spans, since, settings.minGapMs));
      report.detected += await repository.addGaps(camera.id, gaps, now);
    }
    const cameras = new Map<string, { camera: Camera; backfill: CameraBackfill }>();
    for (const backfill of await repository.enabledCameras()) {
      const camera = await this.deps.cameras.require(backfill.camera_id).catch(() => undefined);
      if (camera === undefined || !camera.enabled || !camera.record_enabled) continue;
      cameras.set(camera.id, { camera, backfill });
    }
    await repository.expire(since, now);
    const due = await repository.due([...cameras.keys()], since, settings.concurrency);
    const outcomes = await Promise.all(
      due.map(async (gap) => {
        const c = cameras.get(gap.camera_id);
        if (c === undefined || !(await repository.claim(gap.id, clock.now()))) return null;
        return this.fill({ ...gap, attempts: gap.attempts + 1 }, c.camera, c.backfill);
      }),
    );
    for (const state of outcomes) {
      if (state === 'filled') report.filled++;
      else if (state === 'failed') report.failed++;
      else if (state === 'unavailable') report.unavailable++;
      else if (state === 'pending') report.retry++;
    }
    if (report.detected + report.filled + report.failed + report.unavailable + report.retry > 0) {
      this.deps.logger.info({ ...report }, 'backfill: sweep done');
    }
    return report;
  }

  /**
   * The parts of the index's gaps where the camera was supposed to record: an event camera's index
   * is mostly gaps between triggers, a scheduled camera's between windows; those are not missing.
   */
  private async expectedGaps(camera: Pick<Camera, 'id' | 'record_mode' | 'pre_roll_seconds'>, gaps: Interval[]): Promise<Interval[]> {
    const mode = expectationOf(camera.record_mode);
    if (mode.always || gaps.length === 0) return gaps;
    const from = gaps[0]!.from;
    const to = gaps.at(-1)!.to;
    const expected: Interval[] = [];
    if (mode.schedule) {
      const windows = await this.deps.expectation.schedules(camera.id);
      for (const g of gaps) expected.push(...scheduledSpans(windows, g.from, g.to, this.deps.settings.timeZone));
    }
    if (mode.events) {
      const triggers = await this.deps.expectation.triggers(camera.id, from - MAX_POST_ROLL_MS, to + camera.pre_roll_seconds * 1000);
      expected.push(...eventSpans(triggers, camera.pre_roll_seconds * 1000, from, to));
    }
    return expectedParts(gaps, union(expected), this.deps.settings.minGapMs);
  }

  /** Fills one claimed gap; returns the state it was left in. */
  private async fill(gap: BackfillGap, camera: Camera, backfill: CameraBackfill): Promise<BackfillState> {
    const { settings } = this.deps;
    // Replay URLs take whole seconds. The start is the first whole second inside the gap (a stream
    // copy starts on a keyframe anyway); the end is the next whole second after the gap, and the
    // recording is cut just before the gap's end (CUT_MARGIN_MS) — a segment may end on any frame.
    const from = Math.ceil(gap.from_ms / 1000) * 1000;
    const to = Math.ceil(gap.to_ms / 1000) * 1000;
    const cutMs = gap.to_ms - from - CUT_MARGIN_MS;
    const secrets = [camera.password, camera.username];
    if (cutMs < 1000) return this.finish(gap, 'unavailable', 0, 0, 'the gap holds no whole second to replay');
    const dir = path.join(settings.recordingsDir, BACKFILL_STAGING_DIR, camera.id, `${gap.id}-${randomBytes(4).toString('hex')}`);
    let filledMs = 0;
    let indexed = 0;
    let skipped = 0;
    let bridge: OnvifReplayBridge | undefined;
    try {
      let url: string | null = null;
      if (backfill.replay_url_template === null && camera.onvif_url) {
        const replayUri = await this.deps.onvifReplay(camera);
        if (replayUri !== null) {
          bridge = await OnvifReplayBridge.start({ replayUri, ...streamCredentials(camera), fromMs: from, toMs: to, connectTimeoutMs: CAMERA_CONNECT_TIMEOUT_MS });
          url = bridge.url;
        }
      }
      url ??= replayUrl(backfill.replay_url_template, camera, from, to);
      if (url === null) return await this.finish(gap, 'unavailable', 0, 0, 'the camera has no address for {host} in the replay URL');
      await mkdir(dir, { recursive: true });
      const result = await this.deps.replay({
        url,
        secrets,
        segmentSeconds: camera.segment_seconds,
        recordAudio: camera.record_audio,
        maxSeconds: cutMs / 1000,
        outputPattern: path.join(dir, 'replay-%06d.mp4'),
        timeoutMs: to - from + TIMEOUT_MARGIN_MS,
        signal: this.abort.signal,
      });
      for (const entry of result.entries) {
        const file = path.join(dir, path.basename(entry.name));
        const info = await inspectSegment(file).catch(() => null);
        if (info === null || info.fragmentCount === 0 || info.durationMs === 0) continue;
        const startMs = from + Math.round(entry.startSec * 1000);
        const endMs = startMs + info.durationMs;
        // Never over footage already indexed (a live segment, or an earlier backfill).
        if (endMs > gap.to_ms || (await this.deps.segments.inRange(camera.id, startMs, endMs)).length > 0) {
          skipped++;
          continue;
        }
        await this.deps.indexer.promote(camera.id, file, info, startMs, 'backfill');
        filledMs += info.durationMs;
        indexed++;
      }
      const exit = result.exit;
      const clean = exit.reason === 'exited' && exit.code === 0;
      if (indexed > 0 && (clean || filledMs >= cutMs - 1000)) {
        return await this.finish(gap, 'filled', filledMs, indexed, skipped > 0 ? `${skipped} replayed segment(s) overlapped recorded footage and were dropped` : null);
      }
      // Through the bridge, ffmpeg sees only a closed connection; the bridge heard the camera's answer.
      const why = maskText(bridge?.problem ?? exit.error?.message ?? lastLine(exit.stderrTail) ?? `ffmpeg ended (${exit.reason}, code ${String(exit.code)})`, secrets);
      const error = indexed > 0 ? `partly filled: ${why}` : why;
      if (indexed === 0 && UNAVAILABLE_RE.test(why)) return await this.finish(gap, 'unavailable', filledMs, indexed, error);
      const state = gap.attempts >= settings.maxAttempts || indexed > 0 ? 'failed' : 'pending';
      return await this.finish(gap, state, filledMs, indexed, error);
    } catch (e: unknown) {
      const error = maskText(e instanceof Error ? e.message : String(e), secrets);
      if (e instanceof NoOnvifRecording) return this.finish(gap, 'unavailable', filledMs, indexed, error);
      return this.finish(gap, gap.attempts >= settings.maxAttempts ? 'failed' : 'pending', filledMs, indexed, error);
    } finally {
      await bridge?.close();
      await rm(dir, { recursive: true, force: true }).catch((e: unknown) => this.deps.logger.warn({ err: e, dir }, 'backfill: could not remove its staging folder'));
      await removeIfEmpty(path.dirname(dir));
    }
  }

  private async finish(gap: BackfillGap, state: BackfillState, filledMs: number, segments: number, error: string | null): Promise<BackfillState> {
    await this.deps.repository.finish(gap.id, state, filledMs, error, this.deps.clock.now());
    if (state === 'pending') {
      this.deps.logger.info({ gap_id: gap.id, camera_id: gap.camera_id, attempt: gap.attempts, error }, 'backfill: attempt failed; will retry');
      return state;
    }
    this.deps.logger.info({ gap_id: gap.id, camera_id: gap.camera_id, state, filled_ms: filledMs, segments, error }, 'backfill: gap done');
    await this.deps.events
      .log(gap.camera_id, 'backfill_finished', state === 'filled' ? 'info' : 'warning', {
        gap_id: gap.id,
        from: toRfc3339(gap.from_ms),
        to: toRfc3339(gap.to_ms),
        state,
        filled_seconds: Math.round(filledMs / 100) / 10,
        segments,
        error,
      })
      .catch((e: unknown) => this.deps.logger.warn({ err: e }, 'backfill: could not log the event'));
    return state;
  }
}

function lastLine(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.at(-1);
}

async function removeIfEmpty(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => null);
  if (names !== null && names.length === 0) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

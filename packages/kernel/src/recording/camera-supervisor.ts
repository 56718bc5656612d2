import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import { recordUrl } from '../cameras/camera-url.js';
import { maskText } from '../secrets/credential-mask.js';
import type { Clock } from '../clock.js';
import type { Camera } from '../cameras/camera.js';
import type { EventLog } from '../events/event-log.js';
import { Backoff } from '../backoff.js';
import type { LaunchedRun, Launcher, RunExit } from './process-launcher.js';
import { PreRollBuffer, type HeldSegment } from './pre-roll-buffer.js';
import { buildRecordArgs } from './record-args.js';
import { isEventCapable, scheduleActiveAt } from '../cameras/schedule.js';
import { SegmentClock } from './segment-clock.js';
import type { SegmentIndexer } from './segment-indexer.js';
import { inspectSegment } from './segment-inspector.js';
import { stagingRunPattern } from '../storage/footage-layout.js';
import { parseSegmentListLine, type SegmentListEntry } from './segment-list-line.js';
import type { StagedFileSalvage } from './staged-file-salvage.js';
import { describeExit } from './exit-diagnosis.js';
import { MirrorFallback } from './mirror-fallback.js';
import type { MirrorVolume } from './mirror-restore.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import { RecorderStatus } from './recorder-status.js';
import { stallTimeoutMs } from './segment-limits.js';
import { hasGrowingFile, volumeFullMessage } from './staging-volume.js';
import { waitUntilAnswering, type StreamProbe } from './stream-probe.js';

export interface SupervisorDeps {
  recordingsRoot: string;
  timeZone: string;
  cameras: CameraRepository;
  status: CameraStatusRepository;
  indexer: SegmentIndexer;
  salvage: StagedFileSalvage;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  launch: Launcher;
  /** How often the wanted state (schedule windows, event windows, pre-roll expiry) is re-evaluated. */
  tickMs: number;
  /** The stall watchdog fires after 2 × segment_seconds + this with no finished segment (30 s). */
  stallGraceMs: number;
  /** HELDAR_MIRROR_DIR: where a mirror_enabled camera keeps recording when the primary volume fails. */
  mirror: MirrorVolume | null;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Whether a camera answers (between retries, so a camera that is back is recorded at once). */
  probe: StreamProbe;
  /** Free space of the volume a folder is on ("recordings volume full" diagnoses). */
  volumeStats: VolumeStatsFn;
}

/** One ffmpeg run's media timeline: its files' name prefix, its clock, the end of its last listed segment. */
interface RunTimeline {
  prefix: string;
  clock: SegmentClock;
  listedEndSec: number | null;
}

/**
 * One camera's recorder: runs ffmpeg while the camera should record, indexes each segment as ffmpeg
 * closes it, and restarts ffmpeg when it exits — at once after a run that recorded, else with
 * exponential backoff cut short the moment the camera answers again. Nothing that goes wrong ends
 * the supervisor: an unexpected error is reported (state `error`, `recorder_error`) and retried. Event-capable cameras keep
 * ffmpeg running into staging all the time so a trigger can promote the seconds before it (pre-roll).
 * A `scheduled` camera runs ffmpeg only inside its windows and is never restarted mid-window.
 */
export class CameraSupervisor {
  private readonly preRoll = new PreRollBuffer();
  private readonly log: Logger;
  private camera: Camera | null = null;
  private readonly status: RecorderStatus;
  private audioUnsupported = false;
  /** The ffmpeg run in progress, if any. */
  private current: LaunchedRun | null = null;
  /** The run in progress has written media (a growing file or a finished segment). */
  private delivered = false;
  /** Set by `unhealthy()`: the run is being stopped because it stopped producing segments. */
  private unhealthyReason: string | null = null;
  /** Set when the running ffmpeg must be replaced (the camera changed resolution): not a failure. */
  private restartRequested = false;
  /** The primary staging folder, or the mirror's while the primary cannot be written. */
  private readonly volumes: MirrorFallback;
  private wakeUp: (() => void) | null = null;
  /** Segment work (inspect, promote, drop) runs one at a time, in the order ffmpeg reported it. */
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly cameraId: string,
    readonly generation: number,
    private readonly deps: SupervisorDeps,
  ) {
    this.log = deps.logger.child({ camera_id: cameraId, generation });
    this.status = new RecorderStatus(cameraId, deps.status, deps.events, deps.clock, this.log);
    this.volumes = new MirrorFallback(cameraId, deps, this.status, this.log);
  }

  /**
   * The health check found this camera `recording` without a new segment for too long: say so
   * (state `error`, `recorder_unhealthy`) and replace ffmpeg, whatever it is doing.
   */
  unhealthy(reason: string): void {
    if (this.unhealthyReason !== null) return;
    this.log.error({ reason }, 'recorder: no new segment; restarting ffmpeg');
    this.status.set('error', { lastError: reason });
    this.status.event('recorder_unhealthy', 'error', { reason });
    const run = this.current;
    if (run === null) return;
    this.unhealthyReason = reason;
    // Not through the segment queue: that queue may be what is stuck.
    run.stop().catch((e: unknown) => this.log.error({ err: e }, 'recorder: could not stop an unhealthy ffmpeg'));
  }

  /** Re-read the camera and its schedule now instead of at the next tick. */
  refresh(): void {
    this.wakeUp?.();
  }

  /**
   * Opens (or extends) the event window: now + post_roll, never shortened. Segments held in staging
   * that overlap [now − pre_roll, window end] are promoted. Returns the window end.
   */
  trigger(reason: string, cam: Camera): number {
    const now = this.deps.clock.now();
    const { windowEnd, release } = this.preRoll.trigger(now, cam.pre_roll_seconds * 1000, cam.post_roll_seconds * 1000);
    this.enqueue(async () => {
      for (const held of release) await this.promote(held);
    });
    this.status.set('recording');
    this.status.event('recording_triggered', 'info', { reason, window_end: new Date(windowEnd).toISOString() });
    this.refresh();
    return windowEnd;
  }

  /** Runs until the signal aborts, or the camera is deleted or no longer meant to record. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff();
    while (!signal.aborted) {
      try {
        if (await this.step(signal, backoff)) break;
      } catch (e: unknown) {
        // Whatever failed (a stored value ffmpeg's command cannot be built from, the database, the
        // disk), the camera is not recording: say so, and try again.
        const message = e instanceof Error ? e.message : String(e);
        this.log.error({ err: e }, 'recorder: failed; retrying');
        this.fail(`recorder failed: ${message}`);
        await this.pause(backoff.next(0), signal);
      }
    }
    try {
      await this.work;
      // Held pre-roll segments nobody triggered are not footage anyone asked for.
      for (const held of this.preRoll.drain()) await rm(held.file, { force: true });
    } catch (e: unknown) {
      this.log.error({ err: e }, 'recorder: could not clean up held pre-roll segments at stop');
    }
    this.status.exited();
    await this.status.settle();
  }

  /** One pass of the loop: true when the supervisor should end (camera deleted or not recording). */
  private async step(signal: AbortSignal, backoff: Backoff): Promise<boolean> {
    const cam = await this.deps.cameras.find(this.cameraId);
    this.camera = cam ?? null;
    if (!cam || !cam.enabled || !cam.record_enabled) {
      if (cam) this.status.set('disabled', { pid: null });
      return true;
    }
    const url = recordUrl(cam);
    if (url === null) {
      this.fail('no stream URL: set stream_url, or address and credentials');
      await this.pause(30_000, signal);
      return false;
    }
    if (!(await this.wantsProcess(cam))) {
      this.status.set('idle', { pid: null });
      await this.pause(this.deps.tickMs, signal);
      return false;
    }
    const { exit, planned, dir } = await this.runOnce(cam, url, signal);
    if (signal.aborted) return true;
    if (planned) {
      backoff.reset();
      return false;
    }
    // A run that recorded ended: the camera was there a moment ago, so try again at once.
    if (this.delivered) backoff.reset();
    const delay = this.delivered ? 0 : backoff.next(exit.ranMs);
    const state = await this.afterUnexpectedExit(cam, exit, delay, dir);
    // Network trouble: retry as soon as the camera answers again. Errors retrying cannot fix
    // (credentials, a wrong path, a full disk) wait out the backoff.
    if (state === 'offline') {
      await waitUntilAnswering(url, delay, { probe: this.deps.probe, now: () => this.deps.clock.now(), pause: (ms) => this.pause(ms, signal), signal });
    }
    else await this.pause(delay, signal);
    return false;
  }

  /** Continuous and event-capable cameras always run ffmpeg; scheduled ones only inside a window. */
  private async wantsProcess(cam: Camera): Promise<boolean> {
    if (cam.record_mode === 'scheduled') return this.scheduleActive(cam);
    return true;
  }

  private async scheduleActive(cam: Camera): Promise<boolean> {
    if (cam.record_mode !== 'scheduled' && cam.record_mode !== 'scheduled_event') return false;
    const windows = await this.deps.cameras.schedules(cam.id);
    const active = windows.filter((w) => w.enabled).map((w) => ({ days: w.days, timeStart: w.time_start, timeEnd: w.time_end }));
    return scheduleActiveAt(active, this.deps.clock.now(), this.deps.timeZone);
  }

  private async runOnce(cam: Camera, url: string, signal: AbortSignal): Promise<{ exit: RunExit; planned: boolean; dir: string | null }> {
    this.delivered = false;
    this.unhealthyReason = null;
    const dir = await this.volumes.choose(cam.mirror_enabled);
    // Back on the primary: what was recorded mirror-only joins the index while ffmpeg records on.
    const restore = dir === null ? null : this.volumes.takeRestore(signal);
    if (restore) this.enqueue(restore);
    if (dir === null) {
      const full = await volumeFullMessage(this.deps.recordingsRoot, this.volumes.primaryStaging, this.deps.volumeStats);
      this.fail(full ?? 'the recordings volume cannot be written');
    }
    if (dir === null) return { exit: { reason: 'failed', code: null, signal: null, stderrTail: '', ranMs: 0, errorMessage: 'the recordings volume cannot be written' }, planned: false, dir };
    const recordAudio = cam.record_audio && !this.audioUnsupported;
    const pattern = stagingRunPattern(this.deps.clock.now(), randomBytes(2).toString('hex'));
    const { args, env } = buildRecordArgs({
      inputUrl: url,
      segmentSeconds: cam.segment_seconds,
      recordAudio,
      outputPattern: path.join(dir, pattern),
    });
    const status = await this.deps.status.get(cam.id);
    const clock = new SegmentClock(status?.last_segment_at ?? null);
    const timeline: RunTimeline = { prefix: pattern.slice(0, pattern.indexOf('%')), clock, listedEndSec: null };
    let run: LaunchedRun | null = null;
    run = this.deps.launch({
      args,
      env,
      stallTimeoutMs: stallTimeoutMs(cam.segment_seconds, this.deps.stallGraceMs),
      secrets: [cam.password ?? ''],
      onStdoutLine: (line) => {
        const entry = parseSegmentListLine(line);
        if (!entry) return;
        const receivedAt = this.deps.clock.now();
        this.enqueue(() => this.onSegmentClosed(cam, dir, entry, receivedAt, timeline, run));
      },
    });
    this.current = run;
    // During an outage the state stays offline/error until the camera delivers: one event per outage.
    if (!this.status.offline) this.status.set('connecting', { pid: run.pid ?? null });
    else this.status.set(this.status.state ?? 'offline', { pid: run.pid ?? null });
    this.log.info({ url: maskText(url, [cam.password]), segment_seconds: cam.segment_seconds, audio: recordAudio }, 'recorder: ffmpeg started');

    let planned = false;
    let exited = false;
    const watched = run.exited.then(() => {
      exited = true;
      this.wakeUp?.();
    });
    while (!exited) {
      if (signal.aborted) {
        planned = true;
        await run.stop();
        break;
      }
      if (await this.volumes.primaryIsBack()) {
        this.log.info('recorder: primary volume writable again; leaving mirror-only recording');
        this.status.event('recording_restored', 'info', { reason: 'the primary recordings volume can be written again' });
        planned = true;
        await run.stop();
        break;
      }
      if (cam.record_mode === 'scheduled' && !(await this.scheduleActive(cam))) {
        this.log.info('recorder: schedule window closed');
        planned = true;
        await run.stop();
        break;
      }
      await this.onTick(cam, dir, timeline.prefix);
      await this.pause(this.deps.tickMs, signal);
    }
    const exit = await run.exited;
    await watched;
    this.current = null;
    this.status.exited();
    await this.work;
    await this.salvageLeftovers(cam, dir, timeline);
    if (this.restartRequested) {
      this.restartRequested = false;
      planned = true;
    }
    return { exit, planned, dir };
  }

  /** Per tick while ffmpeg runs: the connecting → recording/idle transition and pre-roll expiry. */
  private async onTick(cam: Camera, dir: string, prefix: string): Promise<void> {
    const now = this.deps.clock.now();
    if (isEventCapable(cam.record_mode)) {
      const expired = this.preRoll.expire(now, cam.pre_roll_seconds * 1000);
      if (expired.length > 0) this.enqueue(async () => { for (const h of expired) await rm(h.file, { force: true }); });
    }
    if (this.unhealthyReason !== null) return;
    if (!this.delivered) {
      if (!(await hasGrowingFile(dir, prefix))) return;
      this.delivered = true;
      this.status.delivering();
    }
    const recording = !isEventCapable(cam.record_mode) || this.preRoll.activeAt(now) || (await this.scheduleActive(cam));
    const state = recording ? 'recording' : 'idle';
    if (this.status.state !== state) this.status.set(state);
  }

  private async onSegmentClosed(cam: Camera, dir: string, entry: SegmentListEntry, receivedAt: number, timeline: RunTimeline, run: LaunchedRun | null): Promise<void> {
    const file = path.join(dir, path.basename(entry.name));
    run?.touch();
    if (!this.delivered) {
      this.delivered = true;
      this.status.delivering();
    }
    let info;
    try {
      info = await inspectSegment(file);
    } catch (e: unknown) {
      // ffmpeg has closed this file (it listed it) and never reopens a name: repairing it cannot
      // race the writer. What plays is kept like any other segment.
      this.log.error({ err: e, file }, 'recorder: finished segment is unreadable; salvaging it');
      const outcome = await this.volumes.salvageFor(dir).salvage(cam.id, file);
      if (outcome.kind !== 'keep') return;
      info = outcome.info;
    }
    if (info.fragmentCount === 0 || info.durationMs === 0) {
      await rm(file, { force: true });
      return;
    }
    if (info.sizeChanged && !this.restartRequested && run) {
      // Stream copy keeps the old size in every new file's init segment; a fresh ffmpeg run picks up
      // the camera's new parameters so later segments are self-consistent.
      this.restartRequested = true;
      this.log.info({ width: info.width, height: info.height }, 'recorder: camera changed resolution; restarting ffmpeg');
      this.status.event('camera_resolution_changed', 'info', { width: info.width, height: info.height });
      // Not awaited here: the stop waits for ffmpeg to finish its segment, whose line this queue
      // must still handle. The run loop awaits the exit.
      run.stop().catch((e: unknown) => this.log.error({ err: e }, 'recorder: could not stop ffmpeg for a resolution change'));
    }
    const { startMs, endMs } = timeline.clock.place(entry.startSec, entry.startSec + info.durationMs / 1000, receivedAt);
    timeline.listedEndSec = entry.startSec + info.durationMs / 1000;
    const segment: HeldSegment = { file, startMs, endMs, info };
    if (isEventCapable(cam.record_mode) && !this.preRoll.admit(segment, await this.scheduleActive(cam))) return;
    await this.promote(segment);
  }

  private async promote(segment: HeldSegment): Promise<void> {
    // Primary volume down: the segment goes straight to its place on the mirror volume.
    if (await this.volumes.place(segment)) return;
    try {
      await this.deps.indexer.promote(this.cameraId, segment.file, segment.info, segment.startMs);
    } catch (e: unknown) {
      this.log.error({ err: e, file: segment.file }, 'recorder: could not index a segment');
      this.status.event('recorder_error', 'error', { reason: 'could not index a finished segment', detail: String(e) });
    }
  }

  /**
   * Files ffmpeg left in staging without reporting them (it was killed): keep what plays. The one
   * this run was writing continues the run's last listed segment on its media timeline, so it is
   * placed by the run's clock, back to back with that segment; others are placed by their prft.
   */
  private async salvageLeftovers(cam: Camera, dir: string, timeline: RunTimeline): Promise<void> {
    // Held pre-roll segments are finished files: they stay held across an ffmpeg restart, so a
    // trigger just after a reconnect still gets the seconds before it.
    const held = new Set(this.preRoll.heldFiles());
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      if (held.has(file)) continue;
      const outcome = await this.volumes.salvageFor(dir).salvage(cam.id, file);
      if (outcome.kind !== 'keep') continue;
      const from = timeline.listedEndSec;
      const placed =
        from !== null && name.startsWith(timeline.prefix)
          ? timeline.clock.place(from, from + outcome.info.durationMs / 1000, this.deps.clock.now())
          : { startMs: outcome.startMs, endMs: outcome.startMs + outcome.info.durationMs };
      if (from !== null && name.startsWith(timeline.prefix)) timeline.listedEndSec = from + outcome.info.durationMs / 1000;
      const wanted = !isEventCapable(cam.record_mode) || this.preRoll.activeAt(placed.startMs) || (await this.scheduleActive(cam));
      if (wanted) await this.promote({ file, startMs: placed.startMs, endMs: placed.endMs, info: outcome.info });
      else await rm(file, { force: true });
    }
  }

  /** Records the failure and chooses the state (`offline` for what a retry may fix, else `error`). */
  private async afterUnexpectedExit(cam: Camera, exit: RunExit, delay: number, dir: string | null): Promise<'offline' | 'error'> {
    const diagnosis = describeExit(exit, cam.record_audio && !this.audioUnsupported);
    if (diagnosis.audioUnsupported) {
      this.audioUnsupported = true;
      this.status.event('recorder_audio_dropped', 'warning', { reason: diagnosis.message });
      return 'offline';
    }
    let { state, message } = diagnosis;
    const full = dir === null || exit.reason !== 'failed' ? null : await volumeFullMessage(this.volumes.rootOf(dir), dir, this.deps.volumeStats, exit.stderrTail);
    if (full !== null) {
      state = 'error';
      message = full;
    }
    if (this.unhealthyReason !== null) {
      state = 'error';
      message = this.unhealthyReason;
    }
    this.status.bumpReconnect();
    this.status.set(state, { pid: null, lastError: message });
    if (exit.reason === 'stalled') {
      this.status.event('recorder_stalled', 'warning', { stalled_seconds: stallTimeoutMs(cam.segment_seconds, this.deps.stallGraceMs) / 1000, detail: message });
    }
    const attempt = this.status.failedAttempt({
      reason: exit.reason,
      ran_seconds: Math.round(exit.ranMs / 1000),
      retry_in_seconds: delay / 1000,
      detail: message,
    });
    this.log.warn({ reason: exit.reason, code: exit.code, ran_ms: exit.ranMs, retry_in_ms: delay, attempt, detail: message }, 'recorder: ffmpeg exited');
    return state;
  }

  /** `error` with the reason; `recorder_error` once per episode (not once per retry). */
  private fail(message: string): void {
    if (this.status.state !== 'error') this.status.event('recorder_error', 'warning', { reason: message });
    this.status.set('error', { pid: null, lastError: message });
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((e: unknown) => {
      this.log.error({ err: e }, 'recorder: segment work failed');
    });
  }

  /** Waits `ms`, or less when refreshed, triggered or stopped. */
  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || ms <= 0) return;
    const woken = new AbortController();
    this.wakeUp = () => woken.abort();
    const onAbort = () => woken.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.deps.sleep(ms, woken.signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.wakeUp = null;
    }
  }
}

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { recordUrl } from '../cameras/camera-url.js';
import { maskText } from '../secrets/credential-mask.js';
import { isEventCapable } from '../cameras/schedule.js';
import type { Camera } from '../cameras/camera.js';
import { Backoff } from '../backoff.js';
import { LeftoverSalvage } from './leftover-salvage.js';
import { MirrorFallback } from './mirror-fallback.js';
import { PreRollBuffer } from './pre-roll-buffer.js';
import type { LaunchedRun, RunExit } from './process-launcher.js';
import { buildRecordArgs } from './record-args.js';
import { RecorderFailures } from './recorder-failures.js';
import { RecorderStatus } from './recorder-status.js';
import { RunProgress, type RunTimeline } from './run-progress.js';
import { ScheduleCheck } from './schedule-check.js';
import { SegmentClock } from './segment-clock.js';
import { SegmentIntake } from './segment-intake.js';
import { stagingRunPattern } from '../storage/footage-layout.js';
import { stallTimeoutMs } from './segment-limits.js';
import { parseSegmentListLine } from './segment-list-line.js';
import { SegmentWorkQueue } from './segment-work-queue.js';
import { hasGrowingFile, volumeFullMessage } from './staging-volume.js';
import { waitUntilAnswering } from './stream-probe.js';
import type { SupervisorDeps } from './supervisor-deps.js';

/**
 * One camera's recorder loop: runs ffmpeg while the camera should record and restarts it when it
 * exits — at once after a run that recorded, else with exponential backoff cut short the moment the
 * camera answers again. Nothing that goes wrong ends the supervisor: an unexpected error is reported
 * (state `error`, `recorder_error`) and retried. Event-capable cameras keep ffmpeg running into
 * staging all the time so a trigger can promote the seconds before it (pre-roll). A `scheduled`
 * camera runs ffmpeg only inside its windows and is never restarted mid-window.
 *
 * The loop is all this class does; its parts are passed what they use: MirrorFallback (which volume
 * ffmpeg writes to), SegmentIntake (what becomes of a finished segment), PreRollBuffer (segments held
 * for a trigger), LeftoverSalvage (files a run left unreported), RecorderFailures (what the status
 * says when a run fails), RecorderStatus (the writes to the database).
 */
export class CameraSupervisor {
  private readonly preRoll = new PreRollBuffer();
  private readonly log: Logger;
  private readonly status: RecorderStatus;
  private readonly progress: RunProgress;
  /** The primary staging folder, or the mirror's while the primary cannot be written. */
  private readonly volumes: MirrorFallback;
  private readonly schedule: ScheduleCheck;
  private readonly intake: SegmentIntake;
  private readonly leftovers: LeftoverSalvage;
  private readonly failures: RecorderFailures;
  /** Segment work (inspect, promote, drop) runs one at a time, in the order ffmpeg reported it. */
  private readonly work: SegmentWorkQueue;
  /** The ffmpeg run in progress, if any. */
  private current: LaunchedRun | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    readonly cameraId: string,
    readonly generation: number,
    private readonly deps: SupervisorDeps,
  ) {
    const log = deps.logger.child({ camera_id: cameraId, generation });
    this.log = log;
    this.status = new RecorderStatus(cameraId, deps.status, deps.events, deps.clock, log);
    this.progress = new RunProgress(this.status);
    this.volumes = new MirrorFallback(cameraId, deps, this.status, log);
    this.schedule = new ScheduleCheck(deps.cameras, deps.clock, deps.timeZone);
    this.work = new SegmentWorkQueue(log);
    const { preRoll, volumes, schedule, progress, status } = this;
    this.intake = new SegmentIntake({ cameraId, indexer: deps.indexer, volumes, preRoll, progress, schedule, status, log });
    this.leftovers = new LeftoverSalvage({ clock: deps.clock, volumes, preRoll, schedule, intake: this.intake });
    this.failures = new RecorderFailures({ status, volumes, volumeStats: deps.volumeStats, stallGraceMs: deps.stallGraceMs, log });
  }

  /**
   * The health check found this camera `recording` without a new segment for too long: say so
   * (state `error`, `recorder_unhealthy`) and replace ffmpeg, whatever it is doing.
   */
  unhealthy(reason: string): void {
    if (this.progress.unhealthyReason !== null) return;
    this.log.error({ reason }, 'recorder: no new segment; restarting ffmpeg');
    this.status.set('error', { lastError: reason });
    this.status.event('recorder_unhealthy', 'error', { reason });
    const run = this.current;
    if (run === null) return;
    this.progress.unhealthyReason = reason;
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
    this.work.enqueue(async () => {
      for (const held of release) await this.intake.promote(held);
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
        this.failures.fail(`recorder failed: ${message}`);
        await this.pause(backoff.next(0), signal);
      }
    }
    try {
      await this.work.idle();
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
    if (!cam || !cam.enabled || !cam.record_enabled) {
      if (cam) this.status.set('disabled', { pid: null });
      return true;
    }
    const url = recordUrl(cam);
    if (url === null) {
      this.failures.fail('no stream URL: set stream_url, or address and credentials');
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
    const delivered = this.progress.delivered;
    if (delivered) backoff.reset();
    const delay = delivered ? 0 : backoff.next(exit.ranMs);
    const state = await this.failures.afterUnexpectedExit(cam, exit, delay, dir, this.progress.unhealthyReason);
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
    if (cam.record_mode === 'scheduled') return this.schedule.activeNow(cam);
    return true;
  }

  private async runOnce(cam: Camera, url: string, signal: AbortSignal): Promise<{ exit: RunExit; planned: boolean; dir: string | null }> {
    this.progress.startRun();
    const dir = await this.volumes.choose(cam.mirror_enabled);
    // Back on the primary: what was recorded mirror-only joins the index while ffmpeg records on.
    const restore = dir === null ? null : this.volumes.takeRestore(signal);
    if (restore) this.work.enqueue(restore);
    if (dir === null) {
      const full = await volumeFullMessage(this.deps.recordingsRoot, this.volumes.primaryStaging, this.deps.volumeStats);
      this.failures.fail(full ?? 'the recordings volume cannot be written');
    }
    if (dir === null) return { exit: { reason: 'failed', code: null, signal: null, stderrTail: '', ranMs: 0, errorMessage: 'the recordings volume cannot be written' }, planned: false, dir };
    const recordAudio = this.failures.recordsAudio(cam);
    const pattern = stagingRunPattern(this.deps.clock.now(), randomBytes(2).toString('hex'));
    // A new tap per run: the live hub starts a new generation (new init segment) with each ffmpeg.
    // None when live view is off or the node's live copies are all taken (live-copy-budget.ts).
    const tap = this.deps.live?.open(cam.id, 'main', 'recorder', { audioLeftOut: this.failures.audioLeftOut(cam) }) ?? null;
    let run: LaunchedRun | null = null;
    let timeline: RunTimeline;
    try {
      const { args, env, listOriginSeconds } = buildRecordArgs({
        inputUrl: url,
        segmentSeconds: cam.segment_seconds,
        recordAudio,
        outputPattern: path.join(dir, pattern),
        liveOutput: tap !== null,
        shortFirstSegment: true,
      });
      timeline = { prefix: pattern.slice(0, pattern.indexOf('%')), clock: this.runClock(cam.id), listedEndSec: null, originSec: listOriginSeconds };
      run = this.deps.launch({
        args,
        env,
        stallTimeoutMs: stallTimeoutMs(cam.segment_seconds, this.deps.stallGraceMs),
        secrets: [cam.password ?? ''],
        onStdoutLine: (line) => {
          const entry = parseSegmentListLine(line);
          if (!entry) return;
          const receivedAt = this.deps.clock.now();
          this.work.enqueue(() => this.intake.closed(cam, dir, entry, receivedAt, timeline, run));
        },
        ...(tap ? { onLiveData: (chunk: Buffer) => tap.write(chunk) } : {}),
      });
    } catch (e: unknown) {
      // No run will end the tap: end it here, so the live hub does not wait on a stream that never comes.
      tap?.end();
      throw e;
    }
    this.current = run;
    // During an outage the state stays offline/error until the camera delivers: one event per outage.
    if (!this.status.offline) this.status.set('connecting', { pid: run.pid ?? null });
    else this.status.set(this.status.state ?? 'offline', { pid: run.pid ?? null });
    this.log.info({ url: maskText(url, [cam.password]), segment_seconds: cam.segment_seconds, audio: recordAudio, live_copy: tap !== null }, 'recorder: ffmpeg started');

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
      if (cam.record_mode === 'scheduled' && !(await this.schedule.activeNow(cam))) {
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
    tap?.end();
    this.current = null;
    this.status.exited();
    await this.work.idle();
    await this.leftovers.salvage(cam, dir, timeline);
    if (this.progress.takeRestartRequest()) planned = true;
    return { exit, planned, dir };
  }

  /**
   * The new run's segment clock, seeded with the end of the camera's last indexed segment (to close a
   * sub-second seam against it). Not awaited before ffmpeg starts: when a node takes over dozens of
   * cameras at once this read queued behind the busy connection pool for seconds (measured: 1.4–2 s
   * at the median in bench/failover.mjs), each camera's start with it. Should it fail, the run
   * records all the same and its first segment is placed by its own timing alone.
   */
  private runClock(cameraId: string): Promise<SegmentClock> {
    return this.deps.status.get(cameraId).then(
      (status) => new SegmentClock(status?.last_segment_at ?? null),
      (e: unknown) => {
        this.log.warn({ err: e }, 'recorder: could not read the last indexed segment; the first segment of this run is placed without it');
        return new SegmentClock(null);
      },
    );
  }

  /** Per tick while ffmpeg runs: the connecting → recording/idle transition and pre-roll expiry. */
  private async onTick(cam: Camera, dir: string, prefix: string): Promise<void> {
    const now = this.deps.clock.now();
    if (isEventCapable(cam.record_mode)) {
      const expired = this.preRoll.expire(now, cam.pre_roll_seconds * 1000);
      if (expired.length > 0) this.work.enqueue(async () => { for (const h of expired) await rm(h.file, { force: true }); });
    }
    if (this.progress.unhealthyReason !== null) return;
    if (!this.progress.delivered) {
      if (!(await hasGrowingFile(dir, prefix))) return;
      this.progress.markDelivered();
    }
    const recording = !isEventCapable(cam.record_mode) || this.preRoll.activeAt(now) || (await this.schedule.activeNow(cam));
    const state = recording ? 'recording' : 'idle';
    if (this.status.state !== state) this.status.set(state);
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

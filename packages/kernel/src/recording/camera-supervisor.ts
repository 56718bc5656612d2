import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import { maskText, recordUrl } from '../cameras/camera-url.js';
import type { Clock } from '../clock.js';
import type { CameraRow, CameraState } from '../db/schema.js';
import type { EventLog } from '../events/event-log.js';
import { Backoff } from './backoff.js';
import type { LaunchedRun, Launcher, RunExit } from './process-launcher.js';
import { PreRollBuffer, type HeldSegment } from './pre-roll-buffer.js';
import { buildRecordArgs } from './record-args.js';
import { isEventCapable, scheduleActiveAt } from '../cameras/schedule.js';
import { SegmentClock } from './segment-clock.js';
import type { SegmentIndexer } from './segment-indexer.js';
import { inspectSegment } from './segment-inspector.js';
import { segmentRelativePath, stagingDir, stagingRunPattern } from './segment-layout.js';
import { parseSegmentListLine, type SegmentListEntry } from './segment-list-line.js';
import type { StagedFileSalvage } from './staged-file-salvage.js';
import { describeExit } from './exit-diagnosis.js';
import { restoreFromMirror, type MirrorOnlySegment, type MirrorVolume } from './mirror-restore.js';

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
}

/**
 * One camera's recorder: runs ffmpeg while the camera should record, indexes each segment as ffmpeg
 * closes it, and restarts ffmpeg with exponential backoff when it exits. Event-capable cameras keep
 * ffmpeg running into staging all the time so a trigger can promote the seconds before it (pre-roll).
 * A `scheduled` camera runs ffmpeg only inside its windows and is never restarted mid-window.
 */
export class CameraSupervisor {
  private readonly preRoll = new PreRollBuffer();
  private readonly log: Logger;
  private camera: CameraRow | null = null;
  private state: CameraState | null = null;
  private audioUnsupported = false;
  /** Set when the running ffmpeg must be replaced (the camera changed resolution): not a failure. */
  private restartRequested = false;
  /**
   * Set while the primary volume cannot be written and this mirror_enabled camera records straight to
   * the mirror volume instead (segments land there under the usual layout, unindexed).
   */
  private mirrorOnly: { staging: string; root: string } | null = null;
  /** Segments recorded mirror-only, oldest first, brought back to the primary once it can be written. */
  private mirrorOnlySegments: MirrorOnlySegment[] = [];
  private wakeUp: (() => void) | null = null;
  /** Segment work (inspect, promote, drop) runs one at a time, in the order ffmpeg reported it. */
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly cameraId: string,
    readonly generation: number,
    private readonly deps: SupervisorDeps,
  ) {
    this.log = deps.logger.child({ camera_id: cameraId, generation });
  }

  /** Re-read the camera and its schedule now instead of at the next tick. */
  refresh(): void {
    this.wakeUp?.();
  }

  /**
   * Opens (or extends) the event window: now + post_roll, never shortened. Segments held in staging
   * that overlap [now − pre_roll, window end] are promoted. Returns the window end.
   */
  trigger(reason: string, cam: CameraRow): number {
    const now = this.deps.clock.now();
    const { windowEnd, release } = this.preRoll.trigger(now, cam.pre_roll_seconds * 1000, cam.post_roll_seconds * 1000);
    this.enqueue(async () => {
      for (const held of release) await this.promote(held);
    });
    void this.setState('recording');
    void this.deps.events.log(this.cameraId, 'recording_triggered', 'info', { reason, window_end: new Date(windowEnd).toISOString() });
    this.refresh();
    return windowEnd;
  }

  /** Runs until the signal aborts, or the camera is deleted or no longer meant to record. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff();
    while (!signal.aborted) {
      const cam = await this.deps.cameras.find(this.cameraId);
      this.camera = cam ?? null;
      if (!cam || cam.enabled !== 1 || cam.record_enabled !== 1) {
        if (cam) await this.setState('disabled', { pid: null });
        return;
      }
      const url = recordUrl(cam);
      if (url === null) {
        await this.fail('no stream URL: set stream_url, or address and credentials');
        await this.pause(30_000, signal);
        continue;
      }
      if (!(await this.wantsProcess(cam))) {
        await this.setState('idle', { pid: null });
        await this.pause(this.deps.tickMs, signal);
        continue;
      }
      const { exit, planned } = await this.runOnce(cam, url, signal);
      if (signal.aborted) break;
      if (planned) {
        backoff.reset();
        continue;
      }
      const delay = await this.afterUnexpectedExit(cam, exit, backoff);
      await this.pause(delay, signal);
    }
    await this.work;
    // Held pre-roll segments nobody triggered are not footage anyone asked for.
    for (const held of this.preRoll.drain()) await rm(held.file, { force: true });
  }

  /** Continuous and event-capable cameras always run ffmpeg; scheduled ones only inside a window. */
  private async wantsProcess(cam: CameraRow): Promise<boolean> {
    if (cam.record_mode === 'scheduled') return this.scheduleActive(cam);
    return true;
  }

  private async scheduleActive(cam: CameraRow): Promise<boolean> {
    if (cam.record_mode !== 'scheduled' && cam.record_mode !== 'scheduled_event') return false;
    const windows = await this.deps.cameras.schedules(cam.id);
    const active = windows.filter((w) => w.enabled).map((w) => ({ days: w.days, timeStart: w.time_start, timeEnd: w.time_end }));
    return scheduleActiveAt(active, this.deps.clock.now(), this.deps.timeZone);
  }

  private async runOnce(cam: CameraRow, url: string, signal: AbortSignal): Promise<{ exit: RunExit; planned: boolean }> {
    const dir = await this.chooseStaging(cam);
    if (dir !== null && this.mirrorOnly === null && this.mirrorOnlySegments.length > 0) {
      // Back on the primary: what was recorded mirror-only joins the index, in the segment work queue
      // (after the last mirror-only segment, before the first new one) while ffmpeg records on.
      const segments = this.mirrorOnlySegments;
      this.mirrorOnlySegments = [];
      this.enqueue(async () => {
        const left = await restoreFromMirror(this.cameraId, segments, { recordingsRoot: this.deps.recordingsRoot, indexer: this.deps.indexer, events: this.deps.events, logger: this.log }, signal);
        this.mirrorOnlySegments.unshift(...left);
      });
    }
    if (dir === null) return { exit: { reason: 'failed', code: null, signal: null, stderrTail: '', ranMs: 0, errorMessage: 'the recordings volume cannot be written' }, planned: false };
    const recordAudio = cam.record_audio === 1 && !this.audioUnsupported;
    const { args, env } = buildRecordArgs({
      inputUrl: url,
      segmentSeconds: cam.segment_seconds,
      recordAudio,
      outputPattern: path.join(dir, stagingRunPattern(this.deps.clock.now(), randomBytes(2).toString('hex'))),
    });
    const status = await this.deps.status.get(cam.id);
    const clock = new SegmentClock(status?.last_segment_at ?? null);
    let run: LaunchedRun | null = null;
    run = this.deps.launch({
      args,
      env,
      stallTimeoutMs: this.stallTimeoutMs(cam),
      secrets: [cam.password ?? ''],
      onStdoutLine: (line) => {
        const entry = parseSegmentListLine(line);
        if (!entry) return;
        const receivedAt = this.deps.clock.now();
        this.enqueue(() => this.onSegmentClosed(cam, dir, entry, receivedAt, clock, run));
      },
    });
    await this.setState('connecting', { pid: run.pid ?? null });
    this.log.info({ url: maskText(url, [cam.password]), segment_seconds: cam.segment_seconds, audio: recordAudio }, 'recorder: ffmpeg started');

    let planned = false;
    let exited = false;
    void run.exited.then(() => {
      exited = true;
      this.wakeUp?.();
    });
    while (!exited) {
      if (signal.aborted) {
        planned = true;
        await run.stop();
        break;
      }
      if (this.mirrorOnly && (await writable(stagingDir(this.deps.recordingsRoot, cam.id)))) {
        this.log.info('recorder: primary volume writable again; leaving mirror-only recording');
        await this.deps.events.log(cam.id, 'recording_restored', 'info', { reason: 'the primary recordings volume can be written again' });
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
      await this.onTick(cam, dir);
      await this.pause(this.deps.tickMs, signal);
    }
    const exit = await run.exited;
    await this.work;
    await this.salvageLeftovers(cam, dir);
    if (this.restartRequested) {
      this.restartRequested = false;
      planned = true;
    }
    return { exit, planned };
  }

  /** Per tick while ffmpeg runs: the connecting → recording/idle transition and pre-roll expiry. */
  private async onTick(cam: CameraRow, dir: string): Promise<void> {
    const now = this.deps.clock.now();
    if (isEventCapable(cam.record_mode)) {
      const expired = this.preRoll.expire(now, cam.pre_roll_seconds * 1000);
      if (expired.length > 0) this.enqueue(async () => { for (const h of expired) await rm(h.file, { force: true }); });
    }
    if (this.state === 'connecting' && !(await hasGrowingFile(dir))) return;
    const recording = !isEventCapable(cam.record_mode) || this.preRoll.activeAt(now) || (await this.scheduleActive(cam));
    await this.setState(recording ? 'recording' : 'idle');
  }

  private async onSegmentClosed(cam: CameraRow, dir: string, entry: SegmentListEntry, receivedAt: number, clock: SegmentClock, run: LaunchedRun | null): Promise<void> {
    const file = path.join(dir, path.basename(entry.name));
    run?.touch();
    let info;
    try {
      info = await inspectSegment(file);
    } catch (e: unknown) {
      // ffmpeg has closed this file (it listed it) and never reopens a name: repairing it cannot
      // race the writer. What plays is kept like any other segment.
      this.log.error({ err: e, file }, 'recorder: finished segment is unreadable; salvaging it');
      const outcome = await this.salvageFor(dir).salvage(cam.id, file);
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
      await this.deps.events.log(cam.id, 'camera_resolution_changed', 'info', { width: info.width, height: info.height });
      void run.stop();
    }
    const { startMs, endMs } = clock.place(entry.startSec, entry.startSec + info.durationMs / 1000, receivedAt);
    const segment: HeldSegment = { file, startMs, endMs, info };
    if (isEventCapable(cam.record_mode) && !this.preRoll.admit(segment, await this.scheduleActive(cam))) return;
    await this.promote(segment);
  }

  private async promote(segment: HeldSegment): Promise<void> {
    const mirror = this.mirrorOnly;
    if (mirror && path.dirname(segment.file) === mirror.staging) {
      // Primary volume down: the segment goes straight to its place on the mirror volume.
      const relative = segmentRelativePath(this.cameraId, segment.startMs);
      const target = path.join(mirror.root, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(segment.file, target);
      this.mirrorOnlySegments.push({ mirrorFile: target, relative, startMs: segment.startMs, info: segment.info });
      return;
    }
    try {
      await this.deps.indexer.promote(this.cameraId, segment.file, segment.info, segment.startMs);
    } catch (e: unknown) {
      this.log.error({ err: e, file: segment.file }, 'recorder: could not index a segment');
      await this.deps.events.log(this.cameraId, 'recorder_error', 'error', { reason: 'could not index a finished segment', detail: String(e) });
    }
  }

  /** The salvage of the volume `dir` is on: a mirror staging file is quarantined on the mirror. */
  private salvageFor(dir: string): StagedFileSalvage {
    const mirror = this.deps.mirror;
    return mirror !== null && dir === stagingDir(mirror.root, this.cameraId) ? mirror.salvage : this.deps.salvage;
  }

  /** Files ffmpeg left in staging without reporting them (it was killed): keep what plays. */
  private async salvageLeftovers(cam: CameraRow, dir: string): Promise<void> {
    const held = new Set(this.preRoll.drain().map((h) => h.file));
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      if (held.has(file)) {
        await rm(file, { force: true });
        continue;
      }
      const outcome = await this.salvageFor(dir).salvage(cam.id, file);
      if (outcome.kind !== 'keep') continue;
      const wanted = !isEventCapable(cam.record_mode) || this.preRoll.activeAt(outcome.startMs) || (await this.scheduleActive(cam));
      if (wanted) await this.promote({ file, startMs: outcome.startMs, endMs: outcome.startMs + outcome.info.durationMs, info: outcome.info });
      else await rm(file, { force: true });
    }
  }

  /** Records the failure, chooses the state, and returns how long to wait before the next attempt. */
  private async afterUnexpectedExit(cam: CameraRow, exit: RunExit, backoff: Backoff): Promise<number> {
    const diagnosis = describeExit(exit, cam.record_audio === 1 && !this.audioUnsupported);
    if (diagnosis.audioUnsupported) {
      this.audioUnsupported = true;
      await this.deps.events.log(cam.id, 'recorder_audio_dropped', 'warning', { reason: diagnosis.message });
      return 0;
    }
    const delay = backoff.next(exit.ranMs);
    await this.deps.status.bumpReconnect(cam.id);
    await this.setState(diagnosis.state, { pid: null, lastError: diagnosis.message });
    if (exit.reason === 'stalled') {
      await this.deps.events.log(cam.id, 'recorder_stalled', 'warning', { stalled_seconds: this.stallTimeoutMs(cam) / 1000, detail: diagnosis.message });
    }
    await this.deps.events.log(cam.id, 'camera_offline', 'warning', {
      reason: exit.reason,
      ran_seconds: Math.round(exit.ranMs / 1000),
      retry_in_seconds: delay / 1000,
      detail: diagnosis.message,
    });
    this.log.warn({ reason: exit.reason, code: exit.code, ran_ms: exit.ranMs, retry_in_ms: delay, detail: diagnosis.message }, 'recorder: ffmpeg exited');
    return delay;
  }

  /**
   * The staging folder for the next run: the primary one when it can be written; else, for a
   * mirror_enabled camera with a mirror volume, the mirror's (a failing primary must not stop the
   * mirror); else null, and the run is a failure.
   */
  private async chooseStaging(cam: CameraRow): Promise<string | null> {
    const primary = stagingDir(this.deps.recordingsRoot, cam.id);
    if (await writable(primary)) {
      this.mirrorOnly = null;
      return primary;
    }
    const root = this.deps.mirror?.root ?? null;
    const staging = root === null ? null : stagingDir(root, cam.id);
    if (cam.mirror_enabled === 1 && root !== null && staging !== null && (await writable(staging))) {
      if (!this.mirrorOnly) {
        this.log.error('recorder: primary volume cannot be written; recording to the mirror volume only');
        await this.deps.events.log(cam.id, 'recording_degraded', 'error', {
          reason: 'the primary recordings volume cannot be written; recording to the mirror volume only (not indexed)',
        });
      }
      this.mirrorOnly = { staging, root };
      return staging;
    }
    await this.fail('the recordings volume cannot be written');
    return null;
  }

  private stallTimeoutMs(cam: CameraRow): number {
    return 2 * cam.segment_seconds * 1000 + this.deps.stallGraceMs;
  }

  private async fail(message: string): Promise<void> {
    if (this.state !== 'error') await this.deps.events.log(this.cameraId, 'recorder_error', 'warning', { reason: message });
    await this.setState('error', { pid: null, lastError: message });
  }

  private async setState(state: CameraState, fields: { pid?: number | null; lastError?: string | null } = {}): Promise<void> {
    const clearError = state === 'recording' || state === 'idle' || state === 'disabled' ? { lastError: null } : {};
    this.state = state;
    await this.deps.status.setState(this.cameraId, state, this.deps.clock.now(), { ...clearError, ...fields });
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

/** Whether files can be created in `dir` (creating it if needed): a probe file written and removed. */
async function writable(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return true;
  } catch {
    // Any failure (read-only, full, gone, not a folder) means: not usable for recording now.
    return false;
  }
}

/** ffmpeg has opened its first output file and written to it: the camera is delivering. */
async function hasGrowingFile(dir: string): Promise<boolean> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && info.size > 0) return true;
  }
  return false;
}

import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Camera } from '../cameras/camera.js';
import { isEventCapable } from '../cameras/schedule.js';
import type { MirrorFallback } from './mirror-fallback.js';
import type { PreRollBuffer, HeldSegment } from './pre-roll-buffer.js';
import type { LaunchedRun } from './process-launcher.js';
import type { RecorderStatus } from './recorder-status.js';
import type { RunProgress, RunTimeline } from './run-progress.js';
import type { ScheduleCheck } from './schedule-check.js';
import { SegmentFencedError, type SegmentIndexer } from './segment-indexer.js';
import { inspectSegment } from './segment-inspector.js';
import type { SegmentListEntry } from './segment-list-line.js';

export interface SegmentIntakeDeps {
  cameraId: string;
  indexer: Pick<SegmentIndexer, 'promote'>;
  volumes: MirrorFallback;
  preRoll: PreRollBuffer;
  progress: RunProgress;
  schedule: ScheduleCheck;
  status: RecorderStatus;
  log: Logger;
}

/**
 * What happens to a segment ffmpeg reports finished: inspected (repaired when unreadable), dropped
 * when it holds nothing, placed on the run's timeline, then held for pre-roll or promoted into the
 * index (or to its place on the mirror while the primary volume is down).
 */
export class SegmentIntake {
  constructor(private readonly deps: SegmentIntakeDeps) {}

  /** A line of ffmpeg's segment list, received at `receivedAt`, for the run `run` writing into `dir`. */
  async closed(cam: Camera, dir: string, entry: SegmentListEntry, receivedAt: number, timeline: RunTimeline, run: LaunchedRun | null): Promise<void> {
    const { progress, log } = this.deps;
    const file = path.join(dir, path.basename(entry.name));
    run?.touch();
    progress.markDelivered();
    let info;
    try {
      info = await inspectSegment(file);
    } catch (e: unknown) {
      // ffmpeg has closed this file (it listed it) and never reopens a name: repairing it cannot
      // race the writer. What plays is kept like any other segment.
      log.error({ err: e, file }, 'recorder: finished segment is unreadable; salvaging it');
      const outcome = await this.deps.volumes.salvageFor(dir).salvage(cam.id, file);
      if (outcome.kind !== 'keep') return;
      info = outcome.info;
    }
    if (info.fragmentCount === 0 || info.durationMs === 0) {
      await rm(file, { force: true });
      return;
    }
    if (info.sizeChanged && !progress.restartRequested && run) {
      // Stream copy keeps the old size in every new file's init segment; a fresh ffmpeg run picks up
      // the camera's new parameters so later segments are self-consistent.
      progress.restartRequested = true;
      log.info({ width: info.width, height: info.height }, 'recorder: camera changed resolution; restarting ffmpeg');
      this.deps.status.event('camera_resolution_changed', 'info', { width: info.width, height: info.height });
      // Not awaited here: the stop waits for ffmpeg to finish its segment, whose line this queue
      // must still handle. The run loop awaits the exit.
      run.stop().catch((e: unknown) => log.error({ err: e }, 'recorder: could not stop ffmpeg for a resolution change'));
    }
    // The first segment is listed from 0 even when the run's timeline begins later (a short first segment).
    const startSec = Math.max(entry.startSec, timeline.originSec);
    const { startMs, endMs } = (await timeline.clock).place(startSec, startSec + info.durationMs / 1000, receivedAt);
    timeline.listedEndSec = startSec + info.durationMs / 1000;
    const segment: HeldSegment = { file, startMs, endMs, info };
    if (isEventCapable(cam.record_mode) && !this.deps.preRoll.admit(segment, await this.deps.schedule.activeNow(cam))) return;
    await this.promote(segment);
  }

  /** Into the index, or to its place on the mirror while recording mirror-only. An index failure is reported, not thrown. */
  async promote(segment: HeldSegment): Promise<void> {
    // Primary volume down: the segment goes straight to its place on the mirror volume.
    if (await this.deps.volumes.place(segment)) return;
    try {
      await this.deps.indexer.promote(this.deps.cameraId, segment.file, segment.info, segment.startMs);
    } catch (e: unknown) {
      // Another node records the camera now: the fence logged it and the recorder is being stopped.
      if (e instanceof SegmentFencedError) return;
      this.deps.log.error({ err: e, file: segment.file }, 'recorder: could not index a segment');
      this.deps.status.event('recorder_error', 'error', { reason: 'could not index a finished segment', detail: String(e) });
    }
  }
}

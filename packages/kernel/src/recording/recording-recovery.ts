import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/event-log.js';
import type { FootageDeleter } from '../storage/footage-deleter.js';
import { cameraDirs, hourKey, listDirs, resolveUnder, segmentFiles, segmentRelativePath, stagingRoot } from '../storage/footage-layout.js';
import type { SegmentRepository } from '../storage/segment.repository.js';
import { findOrphanRecorders, killAndWait } from './orphan-processes.js';
import { SegmentFencedError, type SegmentIndexer } from './segment-indexer.js';
import { restoreFromMirror, type MirrorOnlySegment, type MirrorVolume } from './mirror-restore.js';
import { inspectSegment } from './segment-inspector.js';
import type { StagedFileSalvage } from './staged-file-salvage.js';

export interface RecoveryReport {
  orphansKilled: number;
  stagedKept: number;
  stagedRemoved: number;
  stagedQuarantined: number;
  unindexedIndexed: number;
  /** Leftover segments of cameras another node holds now: kept under .fenced/, not indexed. */
  stagedFenced: number;
  /** Segments recorded mirror-only before the crash (newer than anything indexed), brought back. */
  mirrorOnlyRestored: number;
  missingRowsRemoved: number;
  /** Retention deletions a crash interrupted (rows marked `deleting_at`), finished now. */
  deletionsFinished: number;
}

/** How far back the index is checked against the disk at start (rows whose file is gone). */
const MISSING_CHECK_MS = 24 * 3_600_000;
/** Final folders scanned for files without a row: from this long before the newest indexed segment. */
const UNINDEXED_SCAN_MARGIN_MS = 3_600_000;

/**
 * Start-up recovery after a crash, before any recorder starts: no ffmpeg of the previous run left
 * writing, every finished segment on disk in the index, no row pointing at a file that is gone.
 * Bounded work: it looks at staging, at the final folders from the newest indexed hour on (where a
 * crash between rename and insert can leave a file), and at the last day's rows — not at years of
 * footage.
 */
export class RecordingRecovery {
  constructor(
    private readonly recordingsRoot: string,
    private readonly segments: SegmentRepository,
    private readonly footage: FootageDeleter,
    private readonly status: CameraStatusRepository,
    private readonly indexer: SegmentIndexer,
    private readonly salvage: StagedFileSalvage,
    private readonly events: EventLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly mirror: MirrorVolume | null = null,
    /** Several nodes (PostgreSQL): this node's id; rows of other nodes' volumes are not checked against this disk. */
    private readonly ownNode: string | null = null,
  ) {}

  async run(): Promise<RecoveryReport> {
    const report: RecoveryReport = {
      orphansKilled: 0,
      stagedKept: 0,
      stagedRemoved: 0,
      stagedQuarantined: 0,
      unindexedIndexed: 0,
      stagedFenced: 0,
      mirrorOnlyRestored: 0,
      missingRowsRemoved: 0,
      deletionsFinished: 0,
    };
    // First: a marked row is a deletion retention decided on; finishing it before the checks below
    // keeps its missing file from being reported as lost footage (segment_missing).
    await this.finishDeletions(report);
    await this.killOrphans(report);
    await this.salvageStaging(report);
    await this.indexUnindexed(report);
    await this.restoreMirrorOnly(report);
    await this.dropMissing(report);
    this.logger.info(report, 'recovery finished');
    return report;
  }

  private async finishDeletions(report: RecoveryReport): Promise<void> {
    const outcome = await this.footage.finishPending();
    report.deletionsFinished = outcome.rows;
    if (outcome.rows > 0 || outcome.failed.length > 0) {
      this.logger.info({ rows: outcome.rows, files_missing: outcome.missing, files_failed: outcome.failed.length }, 'recovery: finished interrupted retention deletions');
    }
  }

  private async killOrphans(report: RecoveryReport): Promise<void> {
    const known = (await this.status.all()).map((s) => s.pid).filter((p): p is number => p !== null);
    const orphans = await findOrphanRecorders(stagingRoot(this.recordingsRoot), known);
    const killed = await killAndWait(orphans);
    report.orphansKilled = killed.length;
    for (const s of await this.status.all()) if (s.pid !== null) await this.status.clearPid(s.camera_id);
    if (killed.length > 0) {
      this.logger.warn({ pids: killed }, 'recovery: killed ffmpeg left over from a previous run');
      await this.events.log(null, 'recorder_orphans_killed', 'warning', { pids: killed });
    }
  }

  private async salvageStaging(report: RecoveryReport): Promise<void> {
    const root = stagingRoot(this.recordingsRoot);
    for (const cameraId of await listDirs(root)) {
      const dir = path.join(root, cameraId);
      for (const name of (await readdir(dir)).sort()) {
        const file = path.join(dir, name);
        const outcome = await this.salvage.salvage(cameraId, file);
        if (outcome.kind === 'keep') {
          // After a crash nobody knows which event windows were open: keep it (never lose footage).
          // A camera another node took meanwhile: the fence keeps the file under .fenced/ instead.
          try {
            await this.indexer.promote(cameraId, file, outcome.info, outcome.startMs);
            report.stagedKept++;
          } catch (e: unknown) {
            if (!(e instanceof SegmentFencedError)) throw e;
            report.stagedFenced++;
          }
        } else if (outcome.kind === 'removed') report.stagedRemoved++;
        else report.stagedQuarantined++;
      }
    }
  }

  private async indexUnindexed(report: RecoveryReport): Promise<void> {
    for (const cameraId of await cameraDirs(this.recordingsRoot)) {
      const newest = await this.segments.newestStart(cameraId);
      const fromHour = newest === null ? '' : hourKey(newest - UNINDEXED_SCAN_MARGIN_MS);
      for await (const { relative, file, startMs } of segmentFiles(this.recordingsRoot, cameraId, fromHour)) {
        if (await this.segments.hasPath(relative)) continue;
        try {
          const info = await inspectSegment(file);
          await this.indexer.indexInPlace(cameraId, relative, info, startMs);
          report.unindexedIndexed++;
        } catch (e: unknown) {
          // Written after this node lost the camera: kept under .fenced/, never indexed.
          if (e instanceof SegmentFencedError) {
            report.stagedFenced++;
            continue;
          }
          this.logger.warn({ err: e, file: relative }, 'recovery: unindexed file is not a readable segment; left alone');
        }
      }
    }
    if (report.unindexedIndexed > 0) {
      await this.events.log(null, 'recovery_indexed', 'info', { segments: report.unindexedIndexed });
    }
  }

  /**
   * Segments a mirror_enabled camera recorded straight to the mirror while the primary volume was down,
   * when Heldar stopped before the primary came back (the recorder brings them back itself otherwise):
   * mirror files newer than the camera's newest indexed segment and without a row. Older ones without
   * a row are copies of footage retention or a purge removed on purpose, and stay where they are.
   */
  private async restoreMirrorOnly(report: RecoveryReport): Promise<void> {
    if (this.mirror === null) return;
    await this.salvageMirrorStaging(this.mirror);
    for (const cameraId of await cameraDirs(this.mirror.root)) {
      const newest = await this.segments.newestStart(cameraId);
      if (newest === null) continue;
      const found: MirrorOnlySegment[] = [];
      for await (const { relative, file, startMs } of segmentFiles(this.mirror.root, cameraId, hourKey(newest))) {
        if (startMs <= newest || (await this.segments.hasPath(relative))) continue;
        try {
          found.push({ mirrorFile: file, relative, startMs, info: await inspectSegment(file) });
        } catch (e: unknown) {
          this.logger.warn({ err: e, file }, 'recovery: mirror-only file is not a readable segment; left alone');
        }
      }
      if (found.length === 0) continue;
      const deps = { recordingsRoot: this.recordingsRoot, indexer: this.indexer, events: this.events, logger: this.logger };
      const left = await restoreFromMirror(cameraId, found, deps, new AbortController().signal);
      report.mirrorOnlyRestored += found.length - left.length;
    }
  }

  /**
   * A segment ffmpeg was writing into the mirror's staging folder when Heldar died: repaired like the
   * primary's (or removed, or quarantined on the mirror) and moved to its final place on the mirror,
   * where restoreMirrorOnly finds it.
   */
  private async salvageMirrorStaging(mirror: MirrorVolume): Promise<void> {
    const root = stagingRoot(mirror.root);
    for (const cameraId of await listDirs(root)) {
      for (const name of (await readdir(path.join(root, cameraId))).sort()) {
        const file = path.join(root, cameraId, name);
        const outcome = await mirror.salvage.salvage(cameraId, file);
        if (outcome.kind !== 'keep') continue;
        const target = resolveUnder(mirror.root, segmentRelativePath(cameraId, outcome.startMs));
        await mkdir(path.dirname(target), { recursive: true });
        await rename(file, target);
      }
    }
  }

  private async dropMissing(report: RecoveryReport): Promise<void> {
    const rows = await this.segments.pathsSince(this.clock.now() - MISSING_CHECK_MS, this.ownNode);
    const missing: typeof rows = [];
    for (const row of rows) {
      const exists = await stat(resolveUnder(this.recordingsRoot, row.path)).then(() => true, () => false);
      if (!exists) missing.push(row);
    }
    if (missing.length === 0) return;
    await this.footage.forgetLostRows(missing.map((m) => m.id));
    report.missingRowsRemoved = missing.length;
    for (const cameraId of new Set(missing.map((m) => m.camera_id))) {
      const paths = missing.filter((m) => m.camera_id === cameraId).map((m) => m.path);
      this.logger.warn({ camera_id: cameraId, paths }, 'recovery: index rows whose file is gone were removed');
      await this.events.log(cameraId, 'segment_missing', 'warning', { segments: paths.length, paths: paths.slice(0, 20) });
    }
  }
}

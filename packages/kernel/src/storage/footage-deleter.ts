import fs from 'node:fs/promises';
import { cameraFolders, hourKey, resolveUnder } from './footage-layout.js';
import type { RetentionRepository } from './retention.repository.js';
import { pruneEmptyFolders, type FileRemoval, type SegmentFileRemover } from './segment-files.js';
import type { PendingDeletion, SegmentRepository } from './segment.repository.js';

export interface DeletionOutcome {
  /** Rows removed (their files are gone). */
  rows: number;
  bytes: number;
  /** Files that were already gone when we came to delete them. */
  missing: number;
  /** Files that could not be deleted; their rows stay marked and are retried. */
  failed: { path: string; error: string }[];
  /** Relative paths whose file is gone (for folder pruning). */
  paths: string[];
}

/** One mark → unlink → delete batch: the rows its statement marked, and what became of them. */
export interface BatchDeletion {
  /** Everything the marking statement chose (also the rows whose file could not be deleted). */
  marked: PendingDeletion[];
  outcome: DeletionOutcome;
}

export function emptyOutcome(): DeletionOutcome {
  return { rows: 0, bytes: 0, missing: 0, failed: [], paths: [] };
}

/** Adds `pass` to `total` (failures are appended as they come: callers that repeat a batch dedupe). */
export function addOutcome(total: DeletionOutcome, pass: DeletionOutcome): void {
  total.rows += pass.rows;
  total.bytes += pass.bytes;
  total.missing += pass.missing;
  total.failed.push(...pass.failed);
  total.paths.push(...pass.paths);
}

export interface FootageDeleterDeps {
  recordingsRoot: string;
  /** The mirror volume's root (HELDAR_MIRROR_DIR), or null without one. */
  mirrorRoot: string | null;
  segments: SegmentRepository;
  /** The marking statements (each one atomic, with the "not held, not leased" condition inside it). */
  marks: RetentionRepository;
  removeFiles: SegmentFileRemover;
}

/**
 * The one service that deletes footage: retention's rules, a deleted camera's purge, start-up
 * recovery and the mirror's budget all come here, and no other folder removes a recording file or a
 * segment row. (The recorder's own staging files, pre-roll files and the mirror copier's `*.tmp`
 * files are not indexed recordings: the recorder removes those itself.)
 *
 * Every deletion of indexed footage is three steps:
 * 1. **mark** — ONE statement chooses segments that are neither leased nor inside an open incident
 *    and sets `deleting_at` (RetentionRepository's `mark…`); marked rows are invisible to playback,
 *    export and new leases;
 * 2. **unlink** their files (a file already gone counts as deleted);
 * 3. **delete** the rows whose file is gone; a file that could not be deleted keeps its row marked.
 * A crash between any two steps leaves marked rows, which `finishPending` completes at the next
 * start (recovery) or sweep. A row playback could hand out never loses its file.
 */
export class FootageDeleter {
  constructor(private readonly deps: FootageDeleterDeps) {}

  /** Age: up to `limit` of a camera's oldest unheld segments that ended at or before `cutoff`. */
  async deleteOlderThan(cameraId: string, cutoff: number, now: number, limit: number): Promise<BatchDeletion> {
    return this.markAndDelete(await this.deps.marks.markOlderThan(cameraId, cutoff, now, limit));
  }

  /** Budgets: the oldest unheld segments (of a camera, or of all when null) that add up to `bytes`. */
  async deleteOldestBytes(cameraId: string | null, bytes: number, now: number, limit: number): Promise<BatchDeletion> {
    return this.markAndDelete(await this.deps.marks.markOldestBytes(cameraId, bytes, now, limit));
  }

  /** Purge: up to `limit` of a camera's unheld segments, whatever their age. */
  async deleteCameraBatch(cameraId: string, now: number, limit: number): Promise<BatchDeletion> {
    return this.markAndDelete(await this.deps.marks.markCamera(cameraId, now, limit));
  }

  /**
   * Finishes deletions that were started and not completed (a crash, or a file that could not be
   * deleted last time). Each pass takes the oldest marks; it stops when nothing is left or a pass made
   * no progress (files that still cannot be deleted wait for the next sweep).
   */
  async finishPending(batchSize = 1000): Promise<DeletionOutcome> {
    const total = emptyOutcome();
    const failed = new Map<string, { path: string; error: string }>();
    for (;;) {
      const rows = await this.deps.segments.pendingDeletions(batchSize);
      const pass = await this.unlinkThenDelete(rows);
      addOutcome(total, { ...pass, failed: [] });
      // A file that keeps failing comes back in every pass: count it once.
      for (const f of pass.failed) failed.set(f.path, f);
      if (rows.length < batchSize || pass.rows === 0) {
        total.failed = [...failed.values()];
        return total;
      }
    }
  }

  /**
   * Forgets index rows whose file is already gone (found missing at start-up: lost footage, which the
   * caller reports). There is nothing to unlink, so there is no mark either.
   */
  async forgetLostRows(ids: readonly number[]): Promise<void> {
    await this.deps.segments.deleteIds(ids);
  }

  /**
   * Removes a purged camera's folders (final and staging: anything never indexed). Only once none of
   * its segments is held and no deletion of it failed — the caller checks; the recorder is stopped.
   */
  async removeCameraFolders(cameraId: string): Promise<void> {
    for (const folder of cameraFolders(cameraId)) {
      await fs.rm(resolveUnder(this.deps.recordingsRoot, folder), { recursive: true, force: true });
    }
  }

  /**
   * Deletes copies on the mirror volume. The mirror is not indexed (no rows, no marks): its retention
   * decides from the folders and checks incident holds itself; copies already gone count as deleted.
   */
  removeMirrorCopies(relativePaths: readonly string[]): Promise<FileRemoval> {
    if (this.deps.mirrorRoot === null) throw new Error('no mirror volume is configured');
    return this.deps.removeFiles(this.deps.mirrorRoot, relativePaths);
  }

  /**
   * Removes hour and day folders left empty by deleted files, on the recordings or the mirror volume.
   * Only hours that ended two hours before `now`: the recorder creates the current hour's folder just
   * before it renames a segment into it.
   */
  pruneEmptyFolders(volume: 'recordings' | 'mirror', relativePaths: Iterable<string>, now: number): Promise<number> {
    const root = volume === 'recordings' ? this.deps.recordingsRoot : this.deps.mirrorRoot;
    if (root === null) throw new Error('no mirror volume is configured');
    return pruneEmptyFolders(root, relativePaths, hourKey(now - 2 * 3_600_000));
  }

  private async markAndDelete(marked: PendingDeletion[]): Promise<BatchDeletion> {
    return { marked, outcome: await this.unlinkThenDelete(marked) };
  }

  /**
   * Steps two and three: the files, then the rows. In this order a crash at any point leaves either
   * a marked row with its file (finished later) or a marked row without one (removed later).
   */
  private async unlinkThenDelete(rows: readonly PendingDeletion[]): Promise<DeletionOutcome> {
    const outcome = emptyOutcome();
    if (rows.length === 0) return outcome;
    const files = await this.deps.removeFiles(
      this.deps.recordingsRoot,
      rows.map((r) => r.path),
    );
    const gone = rows.filter((r) => files.gone.has(r.path));
    outcome.rows = await this.deps.segments.deleteTombstoned(gone.map((r) => r.id));
    outcome.bytes = gone.reduce((sum, r) => sum + r.size_bytes, 0);
    outcome.missing = files.missing;
    outcome.failed = files.failed;
    outcome.paths = gone.map((r) => r.path);
    return outcome;
  }
}

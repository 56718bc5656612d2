import type { SegmentFileRemover } from './segment-files.js';
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

export function emptyOutcome(): DeletionOutcome {
  return { rows: 0, bytes: 0, missing: 0, failed: [], paths: [] };
}

/**
 * The second and third steps of every deletion: the files, then the rows. The first step — marking
 * the rows (`deleting_at`) — is the caller's (retention's selection query). In this order a crash at
 * any point leaves either a marked row with its file (finished later) or a marked row without one
 * (removed later); a row that playback could hand out never loses its file, because marked rows are
 * not handed out.
 */
export async function deleteMarked(
  segments: SegmentRepository,
  root: string,
  removeFiles: SegmentFileRemover,
  rows: readonly PendingDeletion[],
): Promise<DeletionOutcome> {
  const outcome = emptyOutcome();
  if (rows.length === 0) return outcome;
  const files = await removeFiles(
    root,
    rows.map((r) => r.path),
  );
  const gone = rows.filter((r) => files.gone.has(r.path));
  outcome.rows = await segments.deleteTombstoned(gone.map((r) => r.id));
  outcome.bytes = gone.reduce((sum, r) => sum + r.size_bytes, 0);
  outcome.missing = files.missing;
  outcome.failed = files.failed;
  outcome.paths = gone.map((r) => r.path);
  return outcome;
}

/**
 * Finishes deletions that were started and not completed (a crash, or a file that could not be
 * deleted last time). Each pass takes the oldest marks; it stops when nothing is left or a pass made
 * no progress (files that still cannot be deleted wait for the next sweep).
 */
export async function finishPendingDeletions(
  segments: SegmentRepository,
  root: string,
  removeFiles: SegmentFileRemover,
  batchSize = 1000,
): Promise<DeletionOutcome> {
  const total = emptyOutcome();
  const failed = new Map<string, { path: string; error: string }>();
  for (;;) {
    const rows = await segments.pendingDeletions(batchSize);
    const pass = await deleteMarked(segments, root, removeFiles, rows);
    total.rows += pass.rows;
    total.bytes += pass.bytes;
    total.missing += pass.missing;
    total.paths.push(...pass.paths);
    // A file that keeps failing comes back in every pass: count it once.
    for (const f of pass.failed) failed.set(f.path, f);
    if (rows.length < batchSize || pass.rows === 0) {
      total.failed = [...failed.values()];
      return total;
    }
  }
}

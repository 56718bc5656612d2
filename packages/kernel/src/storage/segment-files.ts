import { rmdir, unlink } from 'node:fs/promises';
import { resolveUnder } from './footage-layout.js';

/** What became of the files of one deletion batch. */
export interface FileRemoval {
  /** Relative paths whose file is gone now: deleted by us, or already missing. */
  gone: Set<string>;
  /** Of those, how many were already missing (a crash earlier, or someone else). */
  missing: number;
  /** Files that could not be deleted (permissions, I/O); their rows stay marked for a retry. */
  failed: { path: string; error: string }[];
}

/**
 * The file-system half of FootageDeleter (the only caller: nothing else deletes recordings).
 * Deletes segment files under `root`, a few at a time. A batch-level adapter so tests can stand in
 * for it (e.g. a crash after the files and before the rows); an error thrown from it aborts the sweep.
 */
export type SegmentFileRemover = (root: string, relativePaths: readonly string[]) => Promise<FileRemoval>;

/** Unlinks at most this many files at once: enough to keep the disk busy, not the thread pool. */
const PARALLEL_UNLINKS = 8;

/** Deletes files that may already be gone; never throws for a single file. */
export const removeSegmentFiles: SegmentFileRemover = async (root, relativePaths) => {
  const result: FileRemoval = { gone: new Set(), missing: 0, failed: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < relativePaths.length) {
      const relative = relativePaths[next++]!;
      try {
        await unlink(resolveUnder(root, relative));
        result.gone.add(relative);
      } catch (e: unknown) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          result.gone.add(relative);
          result.missing++;
        } else {
          result.failed.push({ path: relative, error: e instanceof Error ? e.message : String(e) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UNLINKS, relativePaths.length) }, worker));
  return result;
};

/**
 * Removes the hour folders (`<camera>/<day>/<hour>`) of deleted segments once they are empty, then
 * their day folders — but only hours older than `beforeHourKey` (`YYYY-MM-DD/HH`): the recorder
 * creates the current hour's folder just before it renames a segment into it, and removing it in
 * between would make that rename fail.
 */
export async function pruneEmptyFolders(root: string, relativePaths: Iterable<string>, beforeHourKey: string): Promise<number> {
  const hours = new Set<string>();
  for (const relative of relativePaths) {
    const parts = relative.split('/');
    if (parts.length !== 4) continue;
    const [camera, day, hour] = parts as [string, string, string, string];
    if (`${day}/${hour}` < beforeHourKey) hours.add(`${camera}/${day}/${hour}`);
  }
  let removed = 0;
  const days = new Set<string>();
  for (const hour of [...hours].sort()) {
    if (await removeIfEmpty(root, hour)) removed++;
    days.add(hour.slice(0, hour.lastIndexOf('/')));
  }
  for (const day of days) if (await removeIfEmpty(root, day)) removed++;
  return removed;
}

async function removeIfEmpty(root: string, relative: string): Promise<boolean> {
  try {
    await rmdir(resolveUnder(root, relative));
    return true;
  } catch (e: unknown) {
    // Not empty (footage left in it) or already gone: both are fine, the folder is not ours to force.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return false;
    throw e;
  }
}

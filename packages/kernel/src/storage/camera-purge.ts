import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { resolveUnder } from './media-path.js';
import { deleteMarked, emptyOutcome, type DeletionOutcome } from './pending-deletions.js';
import type { RetentionRepository } from './retention.repository.js';
import type { SegmentFileRemover } from './segment-files.js';
import type { SegmentRepository } from './segment.repository.js';

/** What a purge removed, and what it had to leave. */
export interface PurgeOutcome {
  segments: number;
  bytes: number;
  /** Segments held (a lease, an open incident) when they were to be marked: kept, rows and files. */
  held: number;
  /** Files that could not be deleted: their rows stay marked and retention retries them. */
  failed: number;
}

export interface CameraPurgeDeps {
  recordingsRoot: string;
  retention: RetentionRepository;
  segments: SegmentRepository;
  removeFiles: SegmentFileRemover;
  clock: Clock;
  logger: Logger;
  batchSize: number;
}

/**
 * Deletes a deleted camera's recordings through retention's protocol: one statement marks a batch of
 * its segments that are neither leased nor under an open incident (the same atomic condition
 * retention uses, so a lease taken a moment before is respected), then their files go, then their
 * rows; a crash in between is finished by start-up recovery. The caller has stopped the camera's
 * recorder first, so nothing adds a segment meanwhile. When nothing is held, the camera's folders
 * (final, staging: anything never indexed) go too.
 */
export async function purgeCamera(deps: CameraPurgeDeps, cameraId: string): Promise<PurgeOutcome> {
  const total: DeletionOutcome = emptyOutcome();
  for (;;) {
    const rows = await deps.retention.markCamera(cameraId, deps.clock.now(), deps.batchSize);
    const pass = await deleteMarked(deps.segments, deps.recordingsRoot, deps.removeFiles, rows);
    total.rows += pass.rows;
    total.bytes += pass.bytes;
    total.failed.push(...pass.failed);
    if (rows.length < deps.batchSize) break;
  }
  const held = await deps.retention.countHeld(cameraId, deps.clock.now());
  if (held === 0 && total.failed.length === 0) {
    for (const folder of [cameraId, `.staging/${cameraId}`]) {
      await fs.rm(resolveUnder(deps.recordingsRoot, folder), { recursive: true, force: true });
    }
  }
  const outcome: PurgeOutcome = { segments: total.rows, bytes: total.bytes, held, failed: total.failed.length };
  deps.logger.info({ camera_id: cameraId, ...outcome }, 'purge: camera recordings removed');
  return outcome;
}

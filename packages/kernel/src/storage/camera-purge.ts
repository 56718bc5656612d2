import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { addOutcome, emptyOutcome, type DeletionOutcome, type FootageDeleter } from './footage-deleter.js';
import type { RetentionRepository } from './retention.repository.js';

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
  /** For counting what is held (read-only). */
  retention: RetentionRepository;
  footage: FootageDeleter;
  clock: Clock;
  logger: Logger;
  batchSize: number;
}

/**
 * Deletes a deleted camera's recordings through FootageDeleter (retention's protocol): one statement
 * marks a batch of its segments that are neither leased nor under an open incident (the same atomic condition
 * retention uses, so a lease taken a moment before is respected), then their files go, then their
 * rows; a crash in between is finished by start-up recovery. The caller has stopped the camera's
 * recorder first, so nothing adds a segment meanwhile. When nothing is held, the camera's folders
 * (final, staging: anything never indexed) go too.
 */
export async function purgeCamera(deps: CameraPurgeDeps, cameraId: string): Promise<PurgeOutcome> {
  const total: DeletionOutcome = emptyOutcome();
  for (;;) {
    const batch = await deps.footage.deleteCameraBatch(cameraId, deps.clock.now(), deps.batchSize);
    addOutcome(total, batch.outcome);
    if (batch.marked.length < deps.batchSize) break;
  }
  const held = await deps.retention.countHeld(cameraId, deps.clock.now());
  if (held === 0 && total.failed.length === 0) await deps.footage.removeCameraFolders(cameraId);
  const outcome: PurgeOutcome = { segments: total.rows, bytes: total.bytes, held, failed: total.failed.length };
  deps.logger.info({ camera_id: cameraId, ...outcome }, 'purge: camera recordings removed');
  return outcome;
}

/**
 * A deleted camera's footage, as the camera registry sees it: how much of it is held, and the purge.
 * Built by the composition root before the camera service (which calls it on DELETE ?purge=true), from
 * the same deleter the storage module uses.
 */
export class CameraFootage {
  constructor(private readonly deps: CameraPurgeDeps) {}

  /** Segments of the camera held by a lease or an open incident now. */
  held(cameraId: string): Promise<number> {
    return this.deps.retention.countHeld(cameraId, this.deps.clock.now());
  }

  purge(cameraId: string): Promise<PurgeOutcome> {
    return purgeCamera(this.deps, cameraId);
  }
}

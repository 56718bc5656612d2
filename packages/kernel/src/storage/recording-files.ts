import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { resolveUnder } from './media-path.js';

/**
 * Deletes a purged camera's recordings: the indexed files, then its whole folder (which also holds
 * anything never indexed). Files already gone are fine — the goal is that they are gone.
 */
export async function removeCameraRecordings(
  recordingsRoot: string,
  cameraId: string,
  relativePaths: readonly string[],
  logger: Logger,
): Promise<void> {
  let failed = 0;
  for (const relative of relativePaths) {
    try {
      await fs.rm(resolveUnder(recordingsRoot, relative), { force: true });
    } catch (e: unknown) {
      failed++;
      logger.warn({ err: e, camera_id: cameraId }, 'purge: could not delete a segment file');
    }
  }
  await fs.rm(resolveUnder(recordingsRoot, cameraId), { recursive: true, force: true });
  logger.info({ camera_id: cameraId, files: relativePaths.length, failed }, 'purge: camera recordings removed');
}

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { resolveUnder } from '../storage/footage-layout.js';
import type { Logger } from 'pino';
import type { EventLog } from '../events/event-log.js';
import type { InspectedSegment } from './segment-inspector.js';
import type { SegmentIndexer } from './segment-indexer.js';
import type { StagedFileSalvage } from './staged-file-salvage.js';
import { copySynced } from './synced-copy.js';

/** HELDAR_MIRROR_DIR and the salvage for its staging folder (unreadable files quarantined on the mirror itself). */
export interface MirrorVolume {
  root: string;
  salvage: StagedFileSalvage;
}

/** A segment recorded straight to the mirror volume while the primary one could not be written. */
export interface MirrorOnlySegment {
  /** Absolute path on the mirror volume. */
  mirrorFile: string;
  /** Its place under either root (segmentRelativePath). */
  relative: string;
  startMs: number;
  info: InspectedSegment;
}

export interface MirrorRestoreDeps {
  recordingsRoot: string;
  indexer: Pick<SegmentIndexer, 'promote'>;
  events: Pick<EventLog, 'log'>;
  logger: Logger;
}

/**
 * Brings segments recorded mirror-only back once the primary volume can be written again: each is
 * copied next to its final place on the primary volume (`<name>.restoring`, fsync'd) and promoted by
 * the indexer like any new segment — renamed into place, then indexed — so playback, export, retention
 * and hashing see it as if the primary had never failed. The mirror keeps its copy. Oldest first;
 * stops early when `signal` aborts (the rest stays on the mirror only, as before).
 * @returns the segments that could not be brought back (still mirror-only).
 */
export async function restoreFromMirror(cameraId: string, segments: readonly MirrorOnlySegment[], deps: MirrorRestoreDeps, signal: AbortSignal): Promise<MirrorOnlySegment[]> {
  const left: MirrorOnlySegment[] = [];
  let restored = 0;
  for (const [i, segment] of segments.entries()) {
    if (signal.aborted) {
      left.push(...segments.slice(i));
      break;
    }
    // Next to the final file: the indexer's rename stays in one folder of one volume.
    const staged = `${resolveUnder(deps.recordingsRoot, segment.relative)}.restoring`;
    try {
      await mkdir(path.dirname(staged), { recursive: true });
      await copySynced(segment.mirrorFile, staged);
      await deps.indexer.promote(cameraId, staged, segment.info, segment.startMs);
      restored++;
    } catch (e: unknown) {
      await rm(staged, { force: true }).catch(() => undefined);
      deps.logger.error({ err: e, camera_id: cameraId, file: segment.mirrorFile }, 'recorder: could not bring a mirror-only segment back to the primary volume');
      left.push(segment);
    }
  }
  if (restored > 0 || left.length > 0) {
    await deps.events.log(cameraId, 'mirror_segments_restored', left.length > 0 ? 'warning' : 'info', { restored, left_on_mirror_only: left.length });
  }
  return left;
}

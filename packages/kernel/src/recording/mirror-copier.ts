import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { resolveUnder } from '../storage/footage-layout.js';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { EventLog } from '../events/event-log.js';
import type { IndexedSegment } from './segment-indexer.js';
import { copySynced } from './synced-copy.js';

/**
 * Mirror recording: every indexed segment of a `mirror_enabled` camera is copied, byte for byte, to
 * `HELDAR_MIRROR_DIR/<same relative path>` once ffmpeg has closed it.
 *
 * Why a copy on close rather than a second ffmpeg output (tee muxer) or a second camera connection:
 * cameras limit RTSP sessions, so one connection it is; a copy of the finished file is byte-identical
 * by construction (two muxers fed the same packets may still name or cut files differently); and the
 * copy runs outside the recording path, so a slow, full or failing mirror volume can never stall or
 * stop ffmpeg. The cost is that the mirror lags by one segment. Copies are written to `*.tmp`,
 * fsync'd, then renamed, so the mirror never holds a half-written segment under its real name.
 */
export class MirrorCopier {
  private queue: Promise<void> = Promise.resolve();
  private readonly failing = new Set<string>();
  private pending = 0;

  constructor(
    private readonly mirrorRoot: string,
    private readonly cameras: CameraRepository,
    private readonly events: EventLog,
    private readonly logger: Logger,
  ) {}

  /** Queues a copy; returns at once (the recorder never waits for the mirror). */
  enqueue(segment: IndexedSegment, source: string): void {
    this.pending++;
    this.queue = this.queue
      .then(() => this.copy(segment, source))
      .finally(() => {
        this.pending--;
      });
  }

  /** Resolves when every queued copy has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  private async copy(segment: IndexedSegment, source: string): Promise<void> {
    const cam = await this.cameras.find(segment.cameraId);
    if (!cam || !cam.mirror_enabled) return;
    const target = resolveUnder(this.mirrorRoot, segment.path);
    const tmp = `${target}.tmp`;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await copySynced(source, tmp);
      await rename(tmp, target);
      if (this.failing.delete(segment.cameraId)) {
        await this.events.log(segment.cameraId, 'mirror_recovered', 'info', { path: segment.path });
      }
    } catch (e: unknown) {
      await rm(tmp, { force: true }).catch(() => undefined);
      this.logger.error({ err: e, camera_id: segment.cameraId, segment: segment.path }, 'mirror: copy failed');
      // One event per failing episode, not one per segment.
      if (!this.failing.has(segment.cameraId)) {
        this.failing.add(segment.cameraId);
        await this.events.log(segment.cameraId, 'mirror_error', 'error', {
          reason: e instanceof Error ? e.message : String(e),
          path: segment.path,
        });
      }
    }
  }
}

import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { Clock } from '../clock.js';
import type { NewSegmentRow } from '../db/schema.js';
import type { SegmentRepository } from '../storage/segment.repository.js';
import type { InspectedSegment } from './segment-inspector.js';
import { FENCED_DIR, numberedSegmentPath, resolveUnder, segmentRelativePath } from '../storage/footage-layout.js';
import { UNFENCED, type SegmentFencing } from '../cluster/segment-fencing.js';

/** Where a segment's footage came from: null, recorded live; 'backfill', replayed from the camera's own storage. */
export type SegmentSource = 'backfill' | null;

export interface IndexedSegment {
  id: number;
  cameraId: string;
  /** Relative to the recordings root. */
  path: string;
  startMs: number;
  endMs: number;
  sizeBytes: number;
}

/**
 * The index refused a segment: another node holds its camera now (a higher epoch). Its file was moved
 * to `<root>/.fenced/<path>` and kept; the recorder stops.
 */
export class SegmentFencedError extends Error {
  override name = 'SegmentFencedError';
  constructor(
    readonly cameraId: string,
    readonly keptAt: string,
  ) {
    super(`camera ${cameraId} is recorded by another node now: the segment was not indexed and is kept at ${keptAt}`);
  }
}

/**
 * Told about every segment the recorder adds to the index (the mirror copies it, the clips module
 * hashes it); not about rows start-up recovery adds (indexInPlace).
 */
export type SegmentListener = (segment: IndexedSegment, absolutePath: string) => void;

/**
 * Moves a finished segment from staging into its final place and indexes it, in that order: the file
 * is renamed first (atomic, same volume), then the row is inserted. A crash between the two leaves a
 * finished file without a row, which start-up recovery indexes; the opposite order could leave a row
 * pointing at no file, which playback would hand out.
 */
export class SegmentIndexer {
  private readonly listeners = new Set<SegmentListener>();

  constructor(
    private readonly recordingsRoot: string,
    private readonly segments: SegmentRepository,
    private readonly status: CameraStatusRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly fencing: SegmentFencing = UNFENCED,
  ) {}

  onIndexed(listener: SegmentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Indexes a file that is already in its final place but has no row (a crash between rename and
   * insert, or files restored from a backup). Used by start-up recovery.
   */
  async indexInPlace(cameraId: string, relative: string, info: InspectedSegment, startMs: number): Promise<number> {
    const endMs = startMs + info.durationMs;
    const id = await this.insert(cameraId, relative, this.row(cameraId, relative, info, startMs));
    await this.noteLastSegment(cameraId, endMs);
    return id;
  }

  /** Through the fence when there is one: a refused row's file goes to `.fenced/`, kept, and SegmentFencedError is thrown. */
  private async insert(cameraId: string, relative: string, row: NewSegmentRow): Promise<number> {
    if (!this.fencing.enforced) return this.segments.insert(row);
    const fence = this.fencing.fenceOf(cameraId);
    const id = fence === null ? null : await this.segments.insertFenced({ ...row, node_id: fence.nodeId, epoch: fence.epoch });
    if (id !== null) return id;
    const kept = `${FENCED_DIR}/${relative}`;
    const target = resolveUnder(this.recordingsRoot, kept);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(resolveUnder(this.recordingsRoot, relative), target);
    await this.fencing.refused(cameraId, fence, kept);
    throw new SegmentFencedError(cameraId, kept);
  }

  /**
   * The status's newest-segment time: the segment is indexed either way, so a failed write is logged,
   * not thrown (the next segment writes it again).
   */
  private async noteLastSegment(cameraId: string, endMs: number): Promise<void> {
    try {
      await this.status.setLastSegment(cameraId, endMs);
    } catch (e: unknown) {
      this.logger.warn({ err: e, camera_id: cameraId }, 'could not store the newest segment time; the segment is indexed');
    }
  }

  private row(cameraId: string, relative: string, info: InspectedSegment, startMs: number, source: SegmentSource = null) {
    return {
      camera_id: cameraId,
      path: relative,
      start_ms: startMs,
      end_ms: startMs + info.durationMs,
      duration_ms: info.durationMs,
      codec: info.codec,
      codecs: info.codecs,
      width: info.width,
      height: info.height,
      size_bytes: info.sizeBytes,
      container: 'fmp4',
      init_size: info.initSize,
      fragments: info.fragments,
      created_at: this.clock.now(),
      source,
    };
  }

  /** @param source null for live recording; 'backfill' for footage fetched later from the camera (recording/backfill/). */
  async promote(cameraId: string, stagedFile: string, info: InspectedSegment, startMs: number, source: SegmentSource = null): Promise<IndexedSegment> {
    let relative = segmentRelativePath(cameraId, startMs);
    let target = resolveUnder(this.recordingsRoot, relative);
    await mkdir(path.dirname(target), { recursive: true });
    const endMs = startMs + info.durationMs;
    let id: number;
    for (let attempt = 1; ; attempt++) {
      await rename(stagedFile, target);
      try {
        id = await this.insert(cameraId, relative, this.row(cameraId, relative, info, startMs, source));
        break;
      } catch (e: unknown) {
        // The path is unique: only a second segment starting in the same millisecond can collide
        // (SQLite says UNIQUE, PostgreSQL "duplicate key").
        if (attempt > 3 || e instanceof SegmentFencedError || !/UNIQUE|duplicate key/i.test(String(e))) throw e;
        await rename(target, stagedFile);
        relative = numberedSegmentPath(relative, attempt);
        target = resolveUnder(this.recordingsRoot, relative);
      }
    }
    // Backfilled footage is old: the newest-segment time (health checks, status) stays the live recorder's.
    if (source === null) await this.noteLastSegment(cameraId, endMs);
    const segment: IndexedSegment = { id, cameraId, path: relative, startMs, endMs, sizeBytes: info.sizeBytes };
    this.logger.debug({ camera_id: cameraId, segment: relative, duration_ms: info.durationMs }, 'segment indexed');
    for (const listener of this.listeners) {
      try {
        listener(segment, target);
      } catch (e: unknown) {
        this.logger.error({ err: e, camera_id: cameraId }, 'segment listener failed');
      }
    }
    return segment;
  }
}

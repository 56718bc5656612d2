import { open } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { CameraService } from '../../cameras/camera.service.js';
import { NotFound } from '../../errors.js';
import { decodeFragmentIndex, indexFragmentsAt, parseInitSegment } from '../../mp4/index.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import { toRfc3339 } from '../../time.js';
import type { PlaylistSource } from '../playback/hls-playlist.js';
import { MAX_SEGMENT_MS } from '../timeline.js';
import type { FootageFiles } from '../peer-footage/footage-files.js';
import type { SnapshotDecoder } from './snapshot-decoder.js';
import { locateMoment, type SnapshotPart } from './snapshot-locate.js';

export interface SnapshotServiceDeps {
  segments: Pick<SegmentRepository, 'withFragments'>;
  cameras: Pick<CameraService, 'require'>;
  leases: Pick<SegmentLeases, 'withLease'>;
  decoder: SnapshotDecoder;
  /** The segment's file: on this node's volume, or a copy fetched from the node that holds it. */
  files: Pick<FootageFiles, 'localFile'>;
  logger: Logger;
}

export interface Snapshot {
  jpeg: Buffer;
  /** Wall-clock time of the frame shown: `at` or the frame just before it. */
  frameMs: number;
}

/** How far around `at` the index is read for a "nearest recording" hint: a few rows, not the day. */
const NEAREST_WINDOW_MS = 10 * 60_000;
/** Longer than any decode (the decoder's own deadline is shorter); released as soon as it ends. */
const LEASE_MS = 60_000;

/**
 * Recorded frames of any moment as JPEG. The stored fragment index names the keyframe-led byte range
 * (the HLS part) that holds the moment; only the init segment and that range are read, under a lease
 * so retention cannot delete the file meanwhile, and ffmpeg decodes them from the keyframe up to the
 * frame at or just before the moment.
 */
export class SnapshotService {
  constructor(private readonly deps: SnapshotServiceDeps) {}

  /** @throws NotFound for an unknown camera or a moment no recording covers (naming the nearest recorded time). */
  async at(cameraId: string, at: number): Promise<Snapshot> {
    await this.deps.cameras.require(cameraId);
    const rows = await this.deps.segments.withFragments(cameraId, at - NEAREST_WINDOW_MS, at + NEAREST_WINDOW_MS, MAX_SEGMENT_MS);
    const located = locateMoment(this.sources(rows), at);
    if (located.found === null) {
      const hint = located.nearestMs === null ? '' : `; the nearest recorded moment is ${toRfc3339(Math.round(located.nearestMs))}`;
      throw new NotFound(`camera ${cameraId} has no recording at ${toRfc3339(at)}${hint}`);
    }
    const found = located.found;
    const row = rows.find((r) => r.id === found.segmentId);
    if (row === undefined) throw new NotFound(`camera ${cameraId} has no recording at ${toRfc3339(at)}`);
    return this.deps.leases.withLease(`snap:${cameraId}`, [found.segmentId], LEASE_MS, async (lease) => {
      // Retention took it between the query and the lease.
      if (lease.segmentIds.length === 0) throw new NotFound(`camera ${cameraId} has no recording at ${toRfc3339(at)}`);
      const file = await this.deps.files.localFile(row);
      return this.decode(file, found, at);
    });
  }

  private async decode(file: string, found: SnapshotPart, at: number): Promise<Snapshot> {
    const { part, timescale, initSize } = found;
    const handle = await open(file, 'r');
    let init: Buffer;
    let media: Buffer;
    try {
      init = (await handle.read(Buffer.alloc(initSize), 0, initSize, 0)).buffer;
      media = (await handle.read(Buffer.alloc(part.size), 0, part.size, part.offset)).buffer;
    } finally {
      await handle.close();
    }
    // The index stores durations per fragment, not per frame: the moofs (already in memory) give the
    // frame count, and at a constant frame rate the frame at or before `at` is a whole number of frames in.
    const info = parseInitSegment(init);
    let frames = 0;
    for (const fragment of indexFragmentsAt(info, media, part.offset)) {
      frames += fragment.tracks.find((t) => t.trackId === info.referenceTrackId)?.sampleCount ?? 0;
    }
    const frameTicks = part.ticks / Math.max(1, frames);
    const intoPart = ((at - part.startMs) * timescale) / 1000;
    const frame = Math.min(Math.max(0, frames - 1), Math.floor(intoPart / frameTicks));
    const jpeg = await this.deps.decoder.decode(Buffer.concat([init, media]), frame);
    return { jpeg, frameMs: part.startMs + (frame * frameTicks * 1000) / timescale };
  }

  /** Segments with a readable fragment index; others are logged and skipped (as playback does). */
  private sources(rows: Awaited<ReturnType<SnapshotServiceDeps['segments']['withFragments']>>): PlaylistSource[] {
    const out: PlaylistSource[] = [];
    for (const row of rows) {
      if (row.fragments === null) continue;
      try {
        out.push({ segmentId: row.id, startMs: row.start_ms, index: decodeFragmentIndex(row.fragments), encoding: '' });
      } catch (e: unknown) {
        this.deps.logger.warn({ err: e, segment_id: row.id }, 'snapshot: unreadable fragment index; segment left out');
      }
    }
    return out;
  }
}

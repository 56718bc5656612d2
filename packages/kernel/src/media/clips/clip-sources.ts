import type { Logger } from 'pino';
import type { Camera } from '../../cameras/camera.js';
import { BadRequest, NotFound } from '../../errors.js';
import type { Lease } from '../../storage/segment-leases.js';
import type { SegmentRepository, SegmentWithFragments } from '../../storage/segment.repository.js';
import { decodeFragmentIndex, type FragmentIndexRecord } from '../../mp4/index.js';
import { MAX_SEGMENT_MS } from '../timeline.js';
import type { SourceSegment } from './clip-plan.js';
import type { FootageFiles } from '../peer-footage/footage-files.js';

/** The reference's range checks for a clip (export or download), with its messages. */
function checkClipRange(from: number, to: number, maxSeconds: number): void {
  if (to <= from) throw new BadRequest('`to` must be after `from`');
  const requestedSeconds = (to - from) / 1000;
  if (requestedSeconds > maxSeconds) throw new BadRequest(`clip too long (${Math.round(requestedSeconds)}s); max ${maxSeconds}s`);
}

export interface ClipSourcesDeps {
  /** Each segment's file: on this node's volume, or a copy fetched from the node that holds it. */
  files: Pick<FootageFiles, 'localFile'>;
  maxClipSeconds: number;
  segments: Pick<SegmentRepository, 'withFragments'>;
  cameras: { require(id: string): Promise<Camera> };
  logger: Logger;
}

/**
 * The footage of a clip's range, for an export or a download: the range checked, the overlapping
 * segment rows, and — once leased — each one's real file (which must stay inside the recordings folder
 * with symlinks followed, as for playback; NotFound otherwise) and stored fragment index.
 */
export class ClipSources {
  constructor(private readonly deps: ClipSourcesDeps) {}

  /**
   * The reference's checks and messages, then the camera and the rows overlapping [from, to) with their
   * stored fragment index (the query playback uses).
   */
  async range(cameraId: string, from: number, to: number): Promise<{ camera: Camera; rows: SegmentWithFragments[] }> {
    checkClipRange(from, to, this.deps.maxClipSeconds);
    const camera = await this.deps.cameras.require(cameraId);
    const rows = await this.deps.segments.withFragments(cameraId, from, to, MAX_SEGMENT_MS);
    if (rows.length === 0) throw new NotFound('no recorded footage in the requested range');
    return { camera, rows };
  }

  /** The rows the lease holds (retention may have taken the others since they were listed), as sources. */
  leased(rows: readonly SegmentWithFragments[], lease: Pick<Lease, 'refused'>): Promise<SourceSegment[]> {
    const refused = new Set(lease.refused);
    const held = rows.filter((r) => !refused.has(r.id));
    if (held.length === 0) throw new NotFound('no recorded footage in the requested range');
    return Promise.all(
      held.map(async (r) => {
        const file = await this.deps.files.localFile(r);
        const source = { id: r.id, path: r.path, file, start_ms: r.start_ms, end_ms: r.end_ms };
        const index = this.decode(r.id, r.fragments);
        return index === undefined ? source : { ...source, stored: index };
      }),
    );
  }

  /** A row's stored fragment index, decoded; undefined (the file is parsed instead) when it has none or it is unreadable. */
  private decode(segmentId: number, blob: Buffer | null): FragmentIndexRecord | undefined {
    if (blob === null) return undefined;
    try {
      return decodeFragmentIndex(blob);
    } catch (e: unknown) {
      this.deps.logger.warn({ err: e, segment_id: segmentId }, 'clips: unreadable stored fragment index; parsing the file instead');
      return undefined;
    }
  }
}

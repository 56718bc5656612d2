import type { Logger } from 'pino';
import { BadRequest } from '../../errors.js';
import { resolveRecordedFile } from '../../storage/media-path.js';
import type { SegmentRepository, SegmentSummary } from '../../storage/segment.repository.js';
import { decodeFragmentIndex, type FragmentIndexRecord } from '../fmp4/index.js';
import type { SourceSegment } from './clip-plan.js';

/** The reference's range checks for a clip (export or download), with its messages. */
export function checkClipRange(from: number, to: number, maxSeconds: number): void {
  if (to <= from) throw new BadRequest('`to` must be after `from`');
  const requestedSeconds = (to - from) / 1000;
  if (requestedSeconds > maxSeconds) throw new BadRequest(`clip too long (${Math.round(requestedSeconds)}s); max ${maxSeconds}s`);
}

export interface ClipSourcesDeps {
  recordingsDir: string;
  segments: Pick<SegmentRepository, 'fragmentIndexes'>;
  logger: Logger;
}

/**
 * Turns leased segment rows into export sources: the real path of each file — which must stay inside
 * the recordings folder with symlinks followed, as for playback (NotFound otherwise) — and its stored index.
 */
export class ClipSources {
  constructor(private readonly deps: ClipSourcesDeps) {}

  async of(rows: readonly SegmentSummary[]): Promise<SourceSegment[]> {
    const stored = await this.deps.segments.fragmentIndexes(rows.map((r) => r.id));
    return Promise.all(
      rows.map(async (r) => {
        const file = await resolveRecordedFile(this.deps.recordingsDir, r.path, this.deps.logger);
        const source = { id: r.id, path: r.path, file, start_ms: r.start_ms, end_ms: r.end_ms };
        const index = this.decode(r.id, stored.get(r.id));
        return index === undefined ? source : { ...source, stored: index };
      }),
    );
  }

  /** A row's stored fragment index, decoded; undefined (the file is parsed instead) when it has none or it is unreadable. */
  private decode(segmentId: number, blob: Buffer | undefined): FragmentIndexRecord | undefined {
    if (blob === undefined) return undefined;
    try {
      return decodeFragmentIndex(blob);
    } catch (e: unknown) {
      this.deps.logger.warn({ err: e, segment_id: segmentId }, 'clips: unreadable stored fragment index; parsing the file instead');
      return undefined;
    }
  }
}

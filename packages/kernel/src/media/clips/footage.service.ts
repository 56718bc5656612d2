import type { Logger } from 'pino';
import { Conflict, NotFound } from '../../errors.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import { toRfc3339 } from '../../time.js';
import { planClip, type SourceSegment } from './clip-plan.js';
import type { ClipSources } from './clip-sources.js';
import { layoutPart, type FootageLayout } from './footage-layout.js';
import { indexSources, isUnusableMp4 } from './indexed-sources.js';
import type { SourceFiles } from './source-files.js';

export interface FootageServiceDeps {
  settings: { timeoutMs: number };
  /** The range checks, its segment rows and, once leased, their files (shared with export). */
  sources: ClipSources;
  leases: SegmentLeases;
  files: SourceFiles;
  logger: Logger;
}

// A download holds its footage at most this long: a client that stalls for hours must not pin
// footage past retention forever (the lease is released as soon as the response ends anyway).
const DOWNLOAD_LEASE_MS = 2 * 60 * 60 * 1000;

/**
 * Any range of a camera's recordings as one MP4 served straight from the recorded files — the clip
 * exporter's output for that range, byte for byte, without writing it: the layout (init segment,
 * rewritten moofs, mdat ranges) is built from the index and the moofs, so its size and ETag are known
 * before any media is read and Range requests work. No SHA-256 or manifest: that is what an export adds.
 */
export class FootageService {
  constructor(private readonly deps: FootageServiceDeps) {}

  /**
   * Validates the range like an export, leases its segments, lays out the MP4 and runs `use` with it;
   * the lease is released when `use` settles (after the response has been sent).
   */
  async withFootage<T>(cameraId: string, from: number, to: number, use: (layout: FootageLayout) => Promise<T>): Promise<T> {
    const { rows } = await this.deps.sources.range(cameraId, from, to);
    return this.deps.leases.withLease(`dl:${cameraId}`, rows.map((r) => r.id), DOWNLOAD_LEASE_MS, async (lease) => {
      const layout = await this.layout(await this.deps.sources.leased(rows, lease), from, to);
      return use(layout);
    });
  }

  private async layout(sources: SourceSegment[], from: number, to: number): Promise<FootageLayout> {
    const unusable = 'a recorded file in the range is not a fragmented MP4 Heldar can serve directly; export a clip instead (POST /api/clips falls back to ffmpeg)';
    try {
      const parts = planClip(await indexSources(sources, this.deps.files, AbortSignal.timeout(this.deps.settings.timeoutMs)), from, to);
      const [first, second] = parts;
      if (first === undefined) throw new NotFound('no recorded footage in the requested range');
      if (second !== undefined) {
        throw new Conflict(
          `the camera's codec configuration changes at ${toRfc3339(second.fromMs)}: download up to that time and from it separately, or export a clip (one file per configuration)`,
        );
      }
      return await layoutPart(first, this.deps.files);
    } catch (e: unknown) {
      if (isUnusableMp4(e)) {
        this.deps.logger.info({ err: e }, 'footage download refused: a source cannot be served in-process');
        throw new Conflict(unusable, { cause: e });
      }
      throw e;
    }
  }
}

import type { Logger } from 'pino';
import type { FootageFiles } from '../peer-footage/footage-files.js';
import type { CameraService } from '../../cameras/camera.service.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { EventLog } from '../../events/event-log.js';
import type { SegmentIndexer } from '../../recording/segment-indexer.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import type { FeatureModule } from '../../feature-module.js';
import { kernelVersion } from '../../version.js';
import { ClipRepository } from './clip.repository.js';
import { clipRoutes } from './clip.routes.js';
import { ClipService } from './clip.service.js';
import { ClipSources } from './clip-sources.js';
import { FootageService } from './footage.service.js';
import { HashThread } from '../../hash-thread.js';
import { SegmentHashRecorder } from './segment-hash-recorder.js';
import { loadOrCreateServerKey, type ServerKey } from './server-key.js';
import { nodeSourceFiles } from './source-files.js';

/** clip export, signed manifests, /media/clips (issue: playback and export). */
export interface ClipsModule extends FeatureModule {
  readonly service: ClipService;
  /** Any range as one MP4 served from the recorded files (GET /api/cameras/:id/footage.mp4). */
  readonly footage: FootageService;
  /** Hashes recorded segments as they are indexed (the sources' SHA-256 in clip manifests). */
  readonly segmentHashes: SegmentHashRecorder;
}

/** What the clips module uses from the kernel. */
export interface ClipsModuleDeps {
  config: Pick<Config, 'clipTimeoutSeconds' | 'clipsDir' | 'dataDir' | 'ffmpegBin' | 'maxClipSeconds' | 'recordingsDir'>;
  /** Its own tables (clips, segment hashes). */
  db: Db;
  logger: Logger;
  clock: Clock;
  cameras: CameraService;
  events: EventLog;
  segments: SegmentRepository;
  leases: SegmentLeases;
  /** Where segment files are read (this node's volume or a peer's). */
  files: FootageFiles;
  /** Segments are hashed as they are indexed. */
  indexer: Pick<SegmentIndexer, 'onIndexed'>;
}

export function createClipsModule(ctx: ClipsModuleDeps): ClipsModule {
  const logger = ctx.logger.child({ module: 'clips' });
  let key: Promise<ServerKey> | undefined;
  const hasher = new HashThread();
  const repository = new ClipRepository(ctx.db);
  const segmentHashes = new SegmentHashRecorder({ hasher, save: (hashes) => repository.saveSegmentHashes(hashes, ctx.clock.now()), logger });
  let unsubscribe = (): void => undefined;
  // One way to a range's footage, for export and download alike.
  const sources = new ClipSources({ files: ctx.files, maxClipSeconds: ctx.config.maxClipSeconds, segments: ctx.segments, cameras: ctx.cameras, logger });
  const service = new ClipService({
    settings: {
      clipsDir: ctx.config.clipsDir,
      ffmpegBin: ctx.config.ffmpegBin,
      timeoutMs: ctx.config.clipTimeoutSeconds * 1000,
      kernelVersion: kernelVersion(),
    },
    clips: repository,
    sources,
    leases: ctx.leases,
    events: ctx.events,
    // Generated on first use, not at start: a kernel that never exports never writes a key.
    key: () => {
      key ??= loadOrCreateServerKey(ctx.config.dataDir, logger).catch((e: unknown) => {
        key = undefined;
        throw e;
      });
      return key;
    },
    files: nodeSourceFiles,
    hasher,
    clock: ctx.clock,
    logger,
  });
  const footage = new FootageService({
    settings: { timeoutMs: ctx.config.clipTimeoutSeconds * 1000 },
    sources,
    leases: ctx.leases,
    files: nodeSourceFiles,
    logger,
  });
  return {
    service,
    footage,
    segmentHashes,
    routes: async (app) => {
      await app.register(clipRoutes, { service, footage, files: nodeSourceFiles });
    },
    async start() {
      await service.sweepOrphans();
      unsubscribe = ctx.indexer.onIndexed((segment, file) => segmentHashes.enqueue(segment.id, file));
    },
    async stop() {
      unsubscribe();
      await segmentHashes.stop();
      await service.stop();
      await hasher.close();
    },
  };
}

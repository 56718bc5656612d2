import path from 'node:path';
import type { Logger } from 'pino';
import type { CameraService } from '../../cameras/camera.service.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { EventLog } from '../../events/event-log.js';
import type { FeatureModule } from '../../feature-module.js';
import { IncidentRepository } from '../../storage/incident.repository.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import { kernelVersion } from '../../version.js';
import { ClipExporter } from '../clips/clip-exporter.js';
import { ClipRepository } from '../clips/clip.repository.js';
import { ClipSources } from '../clips/clip-sources.js';
import { HashThread } from '../../hash-thread.js';
import { loadOrCreateServerKey, type ServerKey } from '../clips/server-key.js';
import { nodeSourceFiles } from '../clips/source-files.js';
import { ArchiveRepository } from './archive.repository.js';
import type { FootageFiles } from '../peer-footage/footage-files.js';
import { archiveRoutes } from './archive.routes.js';
import { ArchiveService } from './archive.service.js';

/** What the archives module uses from the kernel. */
export interface ArchivesModuleDeps {
  config: Pick<Config, 'archiveMaxMegabytes' | 'clipTimeoutSeconds' | 'dataDir' | 'ffmpegBin' | 'maxClipSeconds' | 'recordingsDir'>;
  /** Its own table (archives); segment hashes and incidents are read through their repositories. */
  db: Db;
  logger: Logger;
  clock: Clock;
  cameras: CameraService;
  events: EventLog;
  segments: SegmentRepository;
  leases: SegmentLeases;
  /** Where segment files are read (this node's volume or a peer's). */
  files: FootageFiles;
}

/** Most cameras in one archive. */
const MAX_CAMERAS = 32;

/** Evidence archives (issue 21): POST /api/archives and its job, the zip download. */
export interface ArchivesModule extends FeatureModule {
  readonly service: ArchiveService;
}

export function createArchivesModule(ctx: ArchivesModuleDeps): ArchivesModule {
  const logger = ctx.logger.child({ module: 'archives' });
  const { config } = ctx;
  const hasher = new HashThread();
  const clips = new ClipRepository(ctx.db);
  let key: Promise<ServerKey> | undefined;
  const service = new ArchiveService({
    settings: {
      archivesDir: path.join(config.dataDir, 'archives'),
      maxBytes: config.archiveMaxMegabytes * 1024 * 1024,
      // Each camera's export has the clip deadline; the zip at most as long again.
      timeoutMs: config.clipTimeoutSeconds * 1000 * (MAX_CAMERAS + 1),
      maxCameras: MAX_CAMERAS,
      kernelVersion: kernelVersion(),
    },
    archives: new ArchiveRepository(ctx.db),
    sources: new ClipSources({ files: ctx.files, maxClipSeconds: config.maxClipSeconds, segments: ctx.segments, cameras: ctx.cameras, logger }),
    segments: ctx.segments,
    incidents: new IncidentRepository(ctx.db),
    leases: ctx.leases,
    exporter: (dir) =>
      new ClipExporter({
        clipsDir: dir,
        ffmpegBin: config.ffmpegBin,
        files: nodeSourceFiles,
        hasher,
        hashes: { get: (ids) => clips.segmentHashes(ids), save: (hashes) => clips.saveSegmentHashes(hashes, ctx.clock.now()) },
        logger,
      }),
    // The clips' signing key: one server identity for clips and archives.
    key: () => {
      key ??= loadOrCreateServerKey(config.dataDir, logger).catch((e: unknown) => {
        key = undefined;
        throw e;
      });
      return key;
    },
    events: ctx.events,
    clock: ctx.clock,
    logger,
  });
  return {
    service,
    routes: async (app) => {
      await app.register(archiveRoutes, { service });
    },
    start: () => service.sweep(),
    async stop() {
      await service.stop();
      await hasher.close();
    },
  };
}

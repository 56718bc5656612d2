import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CameraRepository } from './cameras/camera.repository.js';
import { CameraService } from './cameras/camera.service.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { migrateToLatest, openDatabase, pingDatabase, type Db } from './db/database.js';
import { EventBus } from './events/event-bus.js';
import { EventLog } from './events/event-log.js';
import { EventRepository } from './events/event.repository.js';
import { buildApp, type RouteEntry } from './http/app.js';
import { removeCameraRecordings } from './storage/recording-files.js';
import { SegmentRepository } from './storage/segment.repository.js';
import { kernelVersion } from './version.js';

export interface Kernel {
  readonly config: Config;
  readonly db: Db;
  readonly app: FastifyInstance;
  readonly routes: readonly RouteEntry[];
  readonly cameras: CameraService;
  readonly events: EventLog;
  readonly bus: EventBus;
  /** Listens on the configured host and port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops everything in order and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface KernelOptions {
  clock?: Clock;
}

/**
 * The composition root: builds every service with its collaborators, in dependency order. Tests call
 * it with a temporary data folder; `heldar serve` calls it with the configuration from the environment.
 */
export async function createKernel(config: Config, logger: Logger, options: KernelOptions = {}): Promise<Kernel> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const db = openDatabase(config.db);
  await migrateToLatest(db);

  const bus = new EventBus((e) => logger.error({ err: e }, 'event listener failed'));
  const events = new EventLog(new EventRepository(db), bus, clock, logger.child({ module: 'events' }));
  const segments = new SegmentRepository(db);
  const cameras = new CameraService(new CameraRepository(db), segments, events, clock, (id, paths) =>
    removeCameraRecordings(config.recordingsDir, id, paths, logger),
  );

  const version = kernelVersion();
  const { app, routes } = await buildApp(
    {
      cameras,
      events,
      health: {
        version,
        ffmpeg: () => ({ available: true, version: null, error: null }),
        pingDb: () => pingDatabase(db),
        uptimeSeconds: () => (clock.now() - startedAt) / 1000,
      },
    },
    logger,
  );

  let closing: Promise<void> | undefined;
  return {
    config,
    db,
    app,
    routes,
    cameras,
    events,
    bus,
    async listen() {
      return app.listen({ port: config.httpPort, host: config.httpHost });
    },
    close() {
      closing ??= (async () => {
        await app.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}

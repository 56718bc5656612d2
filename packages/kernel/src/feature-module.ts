import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { CameraRepository } from './cameras/camera.repository.js';
import type { CameraService } from './cameras/camera.service.js';
import type { CameraStatusRepository } from './cameras/camera-status.repository.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/event-bus.js';
import type { EventLog } from './events/event-log.js';
import type { RecorderManager } from './recording/recorder-manager.js';
import type { SegmentIndexer } from './recording/segment-indexer.js';
import type { FootageDeleter } from './storage/footage-deleter.js';
import type { SegmentLeases } from './storage/segment-leases.js';
import type { SegmentRepository } from './storage/segment.repository.js';

/** What the composition root hands each feature module: the core services, built once. */
export interface KernelContext {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  events: EventLog;
  bus: EventBus;
  cameras: CameraService;
  cameraRepository: CameraRepository;
  status: CameraStatusRepository;
  segments: SegmentRepository;
  leases: SegmentLeases;
  /** The one way footage is deleted (mark → unlink → delete). */
  footage: FootageDeleter;
  indexer: SegmentIndexer;
  recorder: RecorderManager;
  /** Long-running ffmpegs are started under it so they stop when Heldar dies (ffmpeg/parent-death.ts). */
  processPrefix: readonly string[];
}

/**
 * A feature (auth, storage, playback, clips, perception) as the kernel assembles it: hooks installed
 * before any route, its routes, and background work started after recording starts and stopped
 * (in reverse order) before the database closes.
 */
export interface FeatureModule {
  install?(app: FastifyInstance): void | Promise<void>;
  routes?: FastifyPluginAsync;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

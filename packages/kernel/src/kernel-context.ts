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
import type { SegmentLeases } from './storage/segment-leases.js';
import type { SegmentRepository } from './storage/segment.repository.js';

/**
 * The core services, built once by the composition root (kernel.ts). Only the storage module still
 * takes all of it (an exception named in .dependency-cruiser.mjs); the other modules declare what
 * they use (`AuthModuleDeps`, `ClipsModuleDeps`, …), so none is handed the raw database of another.
 */
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
  indexer: SegmentIndexer;
  recorder: RecorderManager;
  /** Long-running ffmpegs are started under it so they stop when Heldar dies (ffmpeg/parent-death.ts). */
  processPrefix: readonly string[];
}

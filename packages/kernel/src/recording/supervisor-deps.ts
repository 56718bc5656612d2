import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/event-log.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import type { RecorderLiveSink } from './live-copy-budget.js';
import type { MirrorVolume } from './mirror-restore.js';
import type { Launcher } from './process-launcher.js';
import type { SegmentIndexer } from './segment-indexer.js';
import type { StagedFileSalvage } from './staged-file-salvage.js';
import type { StreamProbe } from './stream-probe.js';

/** What a CameraSupervisor is given (the same for every camera; built once in kernel.ts). */
export interface SupervisorDeps {
  recordingsRoot: string;
  timeZone: string;
  cameras: CameraRepository;
  status: CameraStatusRepository;
  indexer: SegmentIndexer;
  salvage: StagedFileSalvage;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  launch: Launcher;
  /** How often the wanted state (schedule windows, event windows, pre-roll expiry) is re-evaluated. */
  tickMs: number;
  /** The stall watchdog fires after 2 × segment_seconds + this with no finished segment (30 s). */
  stallGraceMs: number;
  /** HELDAR_MIRROR_DIR: where a mirror_enabled camera keeps recording when the primary volume fails. */
  mirror: MirrorVolume | null;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Whether a camera answers (between retries, so a camera that is back is recorded at once). */
  probe: StreamProbe;
  /** Free space of the volume a folder is on ("recordings volume full" diagnoses). */
  volumeStats: VolumeStatsFn;
  /**
   * Where each run's live copy goes (opened per run as `main`/`recorder`, ended when it exits); a
   * run whose open gives null writes no live output (the node's live copies are all taken), nor
   * does any run when this is null (HELDAR_LIVE_ENABLED is off).
   */
  live: RecorderLiveSink | null;
}

import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import { recordUrl } from '../cameras/camera-url.js';
import type { Clock } from '../clock.js';
import type { CameraRow } from '../db/schema.js';
import { Conflict, NotFound } from '../errors.js';
import { CameraSupervisor, type SupervisorDeps } from './camera-supervisor.js';
import { isEventCapable } from '../cameras/schedule.js';

interface Running {
  supervisor: CameraSupervisor;
  abort: AbortController;
  done: Promise<void>;
  /** The recording-relevant configuration it was started with; a change restarts ffmpeg. */
  key: string;
}

/** How long a stop waits for a supervisor (ffmpeg gets `q`, then SIGTERM, then SIGKILL within 8 s). */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Owns one supervisor per camera that should record. `reconcile(id)` after every camera or schedule
 * change starts, stops or restarts only what changed: a rename or a schedule edit does not interrupt
 * a recording. A generation number per supervisor makes sure a stale supervisor that finishes late
 * never removes its successor.
 */
export class RecorderManager {
  private readonly running = new Map<string, Running>();
  private nextGeneration = 1;
  /** Reconciles before startAll (recovery must run first) and after shutdown are ignored. */
  private started = false;
  private stopped = false;

  constructor(
    private readonly enabled: boolean,
    private readonly cameras: CameraRepository,
    private readonly status: CameraStatusRepository,
    private readonly supervisorDeps: SupervisorDeps,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Starts a supervisor for every camera that should record. */
  async startAll(): Promise<void> {
    if (!this.enabled) {
      this.logger.warn('recorder disabled (HELDAR_RECORDER_ENABLED=false): no camera records');
      return;
    }
    this.started = true;
    const cameras = await this.cameras.list();
    for (const cam of cameras) await this.reconcileRow(cam.id, cam);
    this.logger.info({ cameras: this.running.size }, 'recorder started');
  }

  async reconcile(cameraId: string): Promise<void> {
    if (!this.started || this.stopped) return;
    await this.reconcileRow(cameraId, await this.cameras.find(cameraId));
  }

  private async reconcileRow(cameraId: string, cam: CameraRow | undefined): Promise<void> {
    const current = this.running.get(cameraId);
    const wanted = this.enabled && cam !== undefined && cam.enabled === 1 && cam.record_enabled === 1;
    const key = cam ? configKey(cam) : '';
    if (current && (!wanted || current.key !== key)) await this.stop(cameraId);
    if (!wanted) {
      if (cam) await this.status.setState(cameraId, 'disabled', this.clock.now(), { pid: null, lastError: null });
      return;
    }
    const still = this.running.get(cameraId);
    if (still) {
      still.supervisor.refresh();
      return;
    }
    this.start(cameraId, key);
  }

  private start(cameraId: string, key: string): void {
    const generation = this.nextGeneration++;
    const supervisor = new CameraSupervisor(cameraId, generation, this.supervisorDeps);
    const abort = new AbortController();
    const done = supervisor
      .run(abort.signal)
      .catch((e: unknown) => this.logger.error({ err: e, camera_id: cameraId }, 'recorder: supervisor crashed'))
      .finally(() => {
        // Only the current generation may remove itself: a restart may already have replaced it.
        if (this.running.get(cameraId)?.supervisor.generation === generation) this.running.delete(cameraId);
      });
    this.running.set(cameraId, { supervisor, abort, done, key });
  }

  /** Stops a camera's supervisor; returns once it is gone (ffmpeg asked to finish its segment first). */
  async stop(cameraId: string): Promise<void> {
    const entry = this.running.get(cameraId);
    if (!entry) return;
    this.running.delete(cameraId);
    entry.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      entry.done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.logger.warn({ camera_id: cameraId }, 'recorder: supervisor did not stop in time');
  }

  /** Stops every supervisor, in parallel. Later reconciles are ignored. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    const ids = [...this.running.keys()];
    if (ids.length > 0) this.logger.info({ cameras: ids.length }, 'recorder: stopping');
    await Promise.all(ids.map((id) => this.stop(id)));
  }

  activeIds(): string[] {
    return [...this.running.keys()];
  }

  /**
   * An event trigger: extends the camera's window to now + post_roll (never shortens it) and promotes
   * the pre-roll. 404 for an unknown camera; 409 when it is not an event camera or not recording.
   */
  async trigger(cameraId: string, reason: string): Promise<number> {
    const cam = await this.cameras.find(cameraId);
    if (!cam) throw new NotFound(`camera ${cameraId} not found`);
    if (!isEventCapable(cam.record_mode)) {
      throw new Conflict(`camera ${cameraId} records in ${cam.record_mode} mode; triggers need event or scheduled_event`);
    }
    const entry = this.running.get(cameraId);
    if (!entry || cam.enabled !== 1 || cam.record_enabled !== 1) {
      throw new Conflict(`camera ${cameraId} is not recording (disabled, or the recorder is off)`);
    }
    return entry.supervisor.trigger(reason, cam);
  }
}

/** Everything that changes the ffmpeg command or the supervisor's kind. */
function configKey(cam: CameraRow): string {
  return JSON.stringify([recordUrl(cam), cam.segment_seconds, cam.record_audio, cam.record_mode, cam.mirror_enabled]);
}

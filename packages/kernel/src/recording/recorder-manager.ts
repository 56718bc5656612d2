import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import { recordUrl } from '../cameras/camera-url.js';
import type { Clock } from '../clock.js';
import type { Camera } from '../cameras/camera.js';
import { Conflict, NotFound } from '../errors.js';
import type { ForwardTrigger } from './trigger-forwarding.js';
import { CameraTasks } from '../cameras/camera-tasks.js';
import { CameraSupervisor } from './camera-supervisor.js';
import type { SupervisorDeps } from './supervisor-deps.js';
import { isEventCapable } from '../cameras/schedule.js';
import { findUnhealthy, ProgressWatch } from './recording-health.js';
import { OWNS_EVERY_CAMERA, type RecorderOwnership } from '../cluster/segment-fencing.js';

/** The health check: how often it runs, and the floor of its limit max(3 × segment, floor). */
export interface HealthCheckSettings {
  intervalMs: number;
  floorMs: number;
}

export const DEFAULT_HEALTH_CHECK: Readonly<HealthCheckSettings> = Object.freeze({ intervalMs: 5000, floorMs: 30_000 });

/** How long a stop waits for a supervisor (ffmpeg gets `q`, then SIGTERM, then SIGKILL within 8 s). */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Owns one supervisor per camera that should record. `reconcile(id)` after every camera or schedule
 * change starts, stops or restarts only what changed: a rename or a schedule edit does not interrupt
 * a recording (CameraTasks keeps one supervisor per camera, with a generation guard).
 */
export class RecorderManager {
  private readonly running: CameraTasks<CameraSupervisor>;
  /** Reconciles before startAll (recovery must run first) and after shutdown are ignored. */
  private started = false;
  private stopped = false;
  private healthTimer: NodeJS.Timeout | null = null;
  private healthCheck: Promise<void> = Promise.resolve();
  private readonly progress = new ProgressWatch();

  constructor(
    private readonly enabled: boolean,
    private readonly cameras: CameraRepository,
    private readonly status: CameraStatusRepository,
    private readonly supervisorDeps: SupervisorDeps,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly health: Readonly<HealthCheckSettings> = DEFAULT_HEALTH_CHECK,
    /** Which cameras this node records (cluster/): a supervisor runs only for those. */
    private readonly ownership: RecorderOwnership = OWNS_EVERY_CAMERA,
    /** Triggers for a camera another node records go there (several nodes); null: answered 409. */
    private readonly forwardTrigger: ForwardTrigger | null = null,
  ) {
    this.running = new CameraTasks('recorder supervisor', STOP_TIMEOUT_MS, logger);
  }

  /** Starts a supervisor for every camera that should record. */
  async startAll(): Promise<void> {
    if (!this.enabled) {
      this.logger.warn('recorder disabled (HELDAR_RECORDER_ENABLED=false): no camera records');
      return;
    }
    this.started = true;
    const cameras = await this.cameras.list();
    for (const cam of cameras) await this.reconcileRow(cam.id, cam);
    this.scheduleHealthCheck();
    this.logger.info({ cameras: this.running.size }, 'recorder started');
  }

  /**
   * Runs the health check now: every camera `recording` without a new segment for max(3 × segment,
   * floor) goes to `error` with a `recorder_unhealthy` event, and its ffmpeg is replaced. A camera
   * whose supervisor is gone altogether is restarted.
   */
  async checkHealth(): Promise<void> {
    const [allStatuses, cameras] = await Promise.all([this.status.all(), this.cameras.list()]);
    // Other nodes' cameras are their health checks' business.
    const statuses = allStatuses.filter((s) => this.ownership.owns(s.camera_id));
    for (const { cameraId, reason } of findUnhealthy(statuses, cameras, this.clock.now(), this.health.floorMs, this.progress)) {
      const supervisor = this.running.get(cameraId);
      if (supervisor) {
        supervisor.unhealthy(reason);
        continue;
      }
      this.logger.error({ camera_id: cameraId, reason }, 'recorder: camera says recording but has no recorder; restarting it');
      await this.status.setState(cameraId, 'error', this.clock.now(), { pid: null, lastError: reason });
      await this.supervisorDeps.events.log(cameraId, 'recorder_unhealthy', 'error', { reason });
      await this.reconcile(cameraId);
    }
  }

  private scheduleHealthCheck(): void {
    if (this.stopped) return;
    this.healthTimer = setTimeout(() => {
      this.healthCheck = this.checkHealth()
        .catch((e: unknown) => this.logger.error({ err: e }, 'recorder: health check failed; trying again at the next interval'))
        .finally(() => this.scheduleHealthCheck());
    }, this.health.intervalMs);
    this.healthTimer.unref();
  }

  async reconcile(cameraId: string): Promise<void> {
    if (!this.started || this.stopped) return;
    await this.reconcileRow(cameraId, await this.cameras.find(cameraId));
  }

  private async reconcileRow(cameraId: string, cam: Camera | undefined): Promise<void> {
    const currentKey = this.running.keyOf(cameraId);
    const configured = this.enabled && cam !== undefined && cam.enabled && cam.record_enabled;
    // A camera another node records: no supervisor here, and its status is that node's to write.
    const wanted = configured && (await this.ownership.ensure(cameraId));
    const key = cam ? configKey(cam) : '';
    if (currentKey !== undefined && (!wanted || currentKey !== key)) await this.stop(cameraId);
    if (!configured) {
      if (cam) await this.status.setState(cameraId, 'disabled', this.clock.now(), { pid: null, lastError: null });
      return;
    }
    if (!wanted) return;
    const still = this.running.get(cameraId);
    if (still) {
      still.refresh();
      return;
    }
    this.running.start(cameraId, key, (generation) => new CameraSupervisor(cameraId, generation, this.supervisorDeps));
  }

  /** Stops a camera's supervisor; returns once it is gone (ffmpeg asked to finish its segment first). */
  async stop(cameraId: string): Promise<void> {
    await this.running.stop(cameraId);
  }

  /** Stops every supervisor, in parallel. Later reconciles are ignored. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.healthTimer) clearTimeout(this.healthTimer);
    await this.healthCheck;
    if (this.running.size > 0) this.logger.info({ cameras: this.running.size }, 'recorder: stopping');
    await this.running.stopAll();
  }

  activeIds(): string[] {
    return this.running.ids();
  }

  /**
   * An event trigger: extends the camera's window to now + post_roll (never shortens it) and promotes
   * the pre-roll. 404 for an unknown camera; 409 when it is not an event camera or not recording.
   * A camera another node records: the trigger is sent to that node (unless it came from a node).
   */
  async trigger(cameraId: string, reason: string, options: { fromPeer?: boolean } = {}): Promise<number> {
    const cam = await this.cameras.find(cameraId);
    if (!cam) throw new NotFound(`camera ${cameraId} not found`);
    if (!isEventCapable(cam.record_mode)) {
      throw new Conflict(`camera ${cameraId} records in ${cam.record_mode} mode; triggers need event or scheduled_event`);
    }
    const supervisor = this.running.get(cameraId);
    if (!supervisor && cam.enabled && cam.record_enabled && !this.ownership.owns(cameraId)) {
      // Event windows and pre-roll live in the owner's supervisor: the trigger belongs there.
      const owner = await this.ownership.ownerOf(cameraId);
      if (owner !== null && owner.url !== null && this.forwardTrigger !== null && options.fromPeer !== true) {
        return this.forwardTrigger(owner.nodeId, cameraId, reason);
      }
      if (owner !== null) {
        throw new Conflict(`camera ${cameraId} is recorded by node ${owner.nodeId}${owner.url === null ? '' : ` (${owner.url})`}; send the trigger to that node`);
      }
      throw new Conflict(`camera ${cameraId} has no recording node right now (failing over); try again in a few seconds`);
    }
    if (!supervisor || !cam.enabled || !cam.record_enabled) {
      throw new Conflict(`camera ${cameraId} is not recording (disabled, or the recorder is off)`);
    }
    return supervisor.trigger(reason, cam);
  }
}

/** Everything that changes the ffmpeg command or the supervisor's kind. */
function configKey(cam: Camera): string {
  return JSON.stringify([recordUrl(cam), cam.segment_seconds, cam.record_audio, cam.record_mode, cam.mirror_enabled]);
}

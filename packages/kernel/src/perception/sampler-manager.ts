import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { Camera } from '../cameras/camera.js';
import { CameraTasks } from '../cameras/camera-tasks.js';
import { CameraSampler, sampleUrl, type SamplerDeps, type SamplerStatus } from './camera-sampler.js';

/** ffmpeg gets `q`, then SIGTERM after 1 s, SIGKILL after 3 s: a stop never waits longer than this. */
const STOP_TIMEOUT_MS = 6000;

/**
 * One sampler per enabled camera with `detect_fps` set. `reconcile(id)` after a camera change starts,
 * stops or restarts only that camera's sampler (a rename does not restart it; a new URL, fps or
 * credentials do). Independent of the recorder: a camera can be sampled without being recorded.
 */
export class SamplerManager {
  private readonly running: CameraTasks<CameraSampler>;
  private started = false;
  private stopped = false;
  private readonly listeners = new Set<(cameraId: string, sampled: boolean) => void>();

  constructor(
    private readonly cameras: CameraRepository,
    private readonly deps: SamplerDeps,
    private readonly logger: Logger,
  ) {
    this.running = new CameraTasks('sampler', STOP_TIMEOUT_MS, logger);
  }

  /** Told when a camera starts or stops being sampled (the worker hub reassigns cameras). */
  onChange(listener: (cameraId: string, sampled: boolean) => void): void {
    this.listeners.add(listener);
  }

  async startAll(): Promise<void> {
    this.started = true;
    for (const cam of await this.cameras.list()) await this.reconcileRow(cam.id, cam);
    this.logger.info({ cameras: this.running.size }, 'samplers started');
  }

  async reconcile(cameraId: string): Promise<void> {
    if (!this.started || this.stopped) return;
    await this.reconcileRow(cameraId, await this.cameras.find(cameraId));
  }

  sampledIds(): string[] {
    return this.running.ids();
  }

  isSampled(cameraId: string): boolean {
    return this.running.get(cameraId) !== undefined;
  }

  status(cameraId: string): SamplerStatus | null {
    return this.running.get(cameraId)?.status() ?? null;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.running.stopAll();
  }

  private async reconcileRow(cameraId: string, cam: Camera | undefined): Promise<void> {
    const wanted = cam !== undefined && cam.enabled && cam.detect_fps !== null && cam.detect_fps > 0;
    const key = cam ? samplerKey(cam, this.deps.width) : '';
    const currentKey = this.running.keyOf(cameraId);
    const current = currentKey !== undefined;
    if (current && (!wanted || currentKey !== key)) await this.running.stop(cameraId);
    if (!wanted || !cam || this.running.get(cameraId) !== undefined) {
      if (!wanted) {
        if (!cam) this.deps.frames.forget(cameraId);
        if (current) this.notify(cameraId, false);
      }
      return;
    }
    this.running.start(cam.id, key, (generation) => new CameraSampler(cam, generation, this.deps));
    if (!current) this.notify(cameraId, true);
  }

  private notify(cameraId: string, sampled: boolean): void {
    for (const listener of this.listeners) listener(cameraId, sampled);
  }
}

/** Everything that changes the sampler's ffmpeg command. */
function samplerKey(cam: Camera, width: number): string {
  return JSON.stringify([sampleUrl(cam).url, cam.detect_fps, width]);
}

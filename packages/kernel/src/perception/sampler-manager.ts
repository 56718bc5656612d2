import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraRow } from '../db/schema.js';
import { CameraSampler, sampleUrl, type SamplerDeps, type SamplerStatus } from './camera-sampler.js';

interface Running {
  sampler: CameraSampler;
  abort: AbortController;
  done: Promise<void>;
  key: string;
}

/** ffmpeg gets `q`, then SIGTERM after 1 s, SIGKILL after 3 s: a stop never waits longer than this. */
const STOP_TIMEOUT_MS = 6000;

/**
 * One sampler per enabled camera with `detect_fps` set. `reconcile(id)` after a camera change starts,
 * stops or restarts only that camera's sampler (a rename does not restart it; a new URL, fps or
 * credentials do). Independent of the recorder: a camera can be sampled without being recorded.
 */
export class SamplerManager {
  private readonly running = new Map<string, Running>();
  private nextGeneration = 1;
  private started = false;
  private stopped = false;
  private readonly listeners = new Set<(cameraId: string, sampled: boolean) => void>();

  constructor(
    private readonly cameras: CameraRepository,
    private readonly deps: SamplerDeps,
    private readonly logger: Logger,
  ) {}

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
    return [...this.running.keys()];
  }

  isSampled(cameraId: string): boolean {
    return this.running.has(cameraId);
  }

  status(cameraId: string): SamplerStatus | null {
    return this.running.get(cameraId)?.sampler.status() ?? null;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  private async reconcileRow(cameraId: string, cam: CameraRow | undefined): Promise<void> {
    const wanted = cam !== undefined && cam.enabled === 1 && cam.detect_fps !== null && cam.detect_fps > 0;
    const key = cam ? samplerKey(cam, this.deps.width) : '';
    const current = this.running.get(cameraId);
    if (current && (!wanted || current.key !== key)) await this.stop(cameraId);
    if (!wanted || !cam || this.running.has(cameraId)) {
      if (!wanted) {
        if (!cam) this.deps.frames.forget(cameraId);
        if (current) this.notify(cameraId, false);
      }
      return;
    }
    this.start(cam, key);
    if (!current) this.notify(cameraId, true);
  }

  private start(cam: CameraRow, key: string): void {
    const generation = this.nextGeneration++;
    const sampler = new CameraSampler(cam, generation, this.deps);
    const abort = new AbortController();
    const done = sampler
      .run(abort.signal)
      .catch((e: unknown) => this.logger.error({ err: e, camera_id: cam.id }, 'sampler crashed'))
      .finally(() => {
        if (this.running.get(cam.id)?.sampler.generation === generation) this.running.delete(cam.id);
      });
    this.running.set(cam.id, { sampler, abort, done, key });
  }

  private async stop(cameraId: string): Promise<void> {
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
    if (timedOut) this.logger.warn({ camera_id: cameraId }, 'sampler did not stop in time');
  }

  private notify(cameraId: string, sampled: boolean): void {
    for (const listener of this.listeners) listener(cameraId, sampled);
  }
}

/** Everything that changes the sampler's ffmpeg command. */
function samplerKey(cam: CameraRow, width: number): string {
  return JSON.stringify([sampleUrl(cam).url, cam.detect_fps, width]);
}

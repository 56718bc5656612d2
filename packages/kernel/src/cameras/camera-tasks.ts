import type { Logger } from 'pino';

/** A long-running per-camera job (a recorder supervisor, a frame sampler). */
export interface CameraTask {
  run(signal: AbortSignal): Promise<void>;
}

interface Entry<T> {
  task: T;
  generation: number;
  abort: AbortController;
  done: Promise<void>;
  /** The configuration it was started with; a different key means restart. */
  key: string;
}

/**
 * At most one running task per camera. A generation number per start makes sure a stale task that
 * finishes late never removes its successor; `stop` aborts the task and waits for it, up to a limit.
 * A task started while its predecessor is still stopping runs only once that one has ended: two
 * recorders of one camera share its staging folder, and the old one's clean-up would take the new
 * one's open file.
 */
export class CameraTasks<T extends CameraTask> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Tasks aborted and not yet ended, by camera: what a new start waits for. */
  private readonly ending = new Map<string, Promise<void>>();
  private nextGeneration = 1;

  constructor(
    private readonly what: string,
    private readonly stopTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  get(cameraId: string): T | undefined {
    return this.entries.get(cameraId)?.task;
  }

  keyOf(cameraId: string): string | undefined {
    return this.entries.get(cameraId)?.key;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** Starts a task built for the next generation; it leaves the set by itself when it ends. */
  start(cameraId: string, key: string, create: (generation: number) => T): T {
    const generation = this.nextGeneration++;
    const task = create(generation);
    const abort = new AbortController();
    const previous = this.ending.get(cameraId) ?? Promise.resolve();
    const done = previous
      .then(() => (abort.signal.aborted ? undefined : task.run(abort.signal)))
      .catch((e: unknown) => this.logger.error({ err: e, camera_id: cameraId }, `${this.what} crashed`))
      .finally(() => {
        if (this.entries.get(cameraId)?.generation === generation) this.entries.delete(cameraId);
      });
    this.entries.set(cameraId, { task, generation, abort, done, key });
    return task;
  }

  /** Aborts the camera's task and waits until it has finished (or the stop timeout passed). */
  async stop(cameraId: string): Promise<void> {
    const entry = this.entries.get(cameraId);
    if (!entry) return;
    this.entries.delete(cameraId);
    entry.abort.abort();
    const ended = entry.done.finally(() => {
      if (this.ending.get(cameraId) === ended) this.ending.delete(cameraId);
    });
    this.ending.set(cameraId, ended);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      entry.done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.stopTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.logger.warn({ camera_id: cameraId }, `${this.what} did not stop in time`);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.ids().map((id) => this.stop(id)));
  }
}

import type { DetectionIngest } from './detection-ingest.js';
import type { FrameHub } from './frame-hub.js';
import type { SamplerManager } from './sampler-manager.js';
import type { WorkerHub } from './worker-hub.js';

/** One camera's sampler: frames since start (across restarts) and the rate it delivers now. */
export interface SamplerFigures {
  cameraId: string;
  /** Frames per second over the last frames while sampling; 0 while starting, offline or in error. */
  fps: number;
  frames: number;
  /** Frames of this camera replaced or aged out before a worker took them, since start. */
  dropped: number;
}

/** Frames on their way to one online worker, since it registered. */
export interface WorkerDeliveryFigures {
  workerId: string;
  sent: number;
  dropped: number;
  /** Left out to keep to the worker's own fps (not drops). */
  skipped: number;
}

/**
 * What perception counts, read when Prometheus scrapes (metrics/ gets this through its deps and never
 * reaches into perception's services). Keyed by camera id and worker id only: bounded labels.
 */
export interface PerceptionFigures {
  samplers(): SamplerFigures[];
  workers(): WorkerDeliveryFigures[];
  /** Detections accepted per camera since start. */
  detections(): ReadonlyMap<string, number>;
}

export function perceptionFigures(parts: { samplers: SamplerManager; frames: FrameHub; workers: WorkerHub; ingest: DetectionIngest }): PerceptionFigures {
  const { samplers, frames, workers, ingest } = parts;
  return {
    samplers: () =>
      samplers.sampledIds().map((cameraId) => {
        const status = samplers.status(cameraId);
        return {
          cameraId,
          fps: status?.state === 'sampling' ? (status.measured_fps ?? 0) : 0,
          frames: frames.framesOf(cameraId),
          dropped: workers.droppedFor(cameraId),
        };
      }),
    workers: () => workers.deliveryFigures(),
    detections: () => ingest.detectionsByCamera,
  };
}

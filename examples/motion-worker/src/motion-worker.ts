import { createWorker, type Detection, type HeldarWorker, type WorkerOptions } from '@heldar/sdk';
import { decodeGrey, MotionDetector, type MotionOptions } from './motion.js';

export const WORKER_NAME = 'motion';
export const WORKER_VERSION = '0.1.0';

export interface MotionWorkerOptions {
  url: string;
  apiKey?: string;
  /** Camera ids; default every sampled camera. */
  cameras?: string[];
  /** Frames per second per camera to look at; default 2 (motion needs no more). */
  fps?: number;
  motion?: Partial<MotionOptions>;
  /** Called with each frame's result (logging, tests). */
  onResult?: (cameraId: string, detections: Detection[]) => void;
  onError?: WorkerOptions['onError'];
  transport?: WorkerOptions['transport'];
}

/**
 * A Heldar perception worker that reports `motion` boxes: frame differencing on the decoded JPEGs
 * the kernel sends (see motion.ts). Needs a kernel with cameras that have `detect_fps` set and an
 * API key with the `worker` scope.
 */
export function createMotionWorker(options: MotionWorkerOptions): HeldarWorker {
  const detector = new MotionDetector(options.motion);
  return createWorker({
    url: options.url,
    apiKey: options.apiKey,
    name: WORKER_NAME,
    version: WORKER_VERSION,
    labels: ['motion'],
    cameras: options.cameras,
    fps: options.fps ?? 2,
    transport: options.transport,
    onError: options.onError,
    onFrame: (frame) => {
      const boxes = detector.detect(frame.cameraId, decodeGrey(frame.jpeg));
      const detections: Detection[] = boxes.map((b) => ({ label: 'motion', confidence: b.confidence, box: b.box }));
      options.onResult?.(frame.cameraId, detections);
      return detections;
    },
  });
}

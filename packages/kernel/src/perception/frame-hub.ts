import { randomBytes } from 'node:crypto';

/** A sampled frame as the kernel holds it. */
export interface Frame {
  /** Unique within this kernel run: `<run>.<n>`, so ids from an earlier run are never mistaken for new ones. */
  id: string;
  cameraId: string;
  /** Per camera, increasing by one per frame. */
  seq: number;
  /** When the kernel received the whole frame (UTC ms). */
  capturedAt: number;
  width: number;
  height: number;
  jpeg: Buffer;
}

/** What ingest needs to know about a recent frame (its bytes are not kept). */
export interface FrameMeta {
  id: string;
  cameraId: string;
  seq: number;
  capturedAt: number;
  width: number;
  height: number;
  /** Workers whose detections for this frame were accepted (each may answer a frame once). */
  answeredBy?: Set<string>;
}

export type FrameListener = (frame: Frame) => void;

export interface FrameHubLimits {
  /** Recent frame ids kept per camera for validating detections. */
  recentFrames: number;
  /** …and for at most this long after capture. */
  recentMs: number;
}

export const DEFAULT_FRAME_LIMITS: Readonly<FrameHubLimits> = Object.freeze({ recentFrames: 512, recentMs: 60_000 });

interface CameraFrames {
  latest: Frame | null;
  seq: number;
  /** Insertion-ordered: the oldest first. */
  recent: Map<string, FrameMeta>;
  frames: number;
}

/**
 * The meeting point of samplers and workers: the latest frame per camera (only the latest — older
 * frames are not buffered), the ids of recent frames so a detection can be checked against the frame
 * it claims to describe, and live fan-out to listeners (the worker hub).
 */
export class FrameHub {
  private readonly run = randomBytes(3).toString('hex');
  private counter = 0;
  private readonly cameras = new Map<string, CameraFrames>();
  private readonly listeners = new Set<FrameListener>();

  constructor(
    private readonly onListenerError: (error: unknown) => void,
    private readonly limits: Readonly<FrameHubLimits> = DEFAULT_FRAME_LIMITS,
  ) {}

  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores a new frame as its camera's latest and hands it to every listener. */
  publish(cameraId: string, jpeg: Buffer, width: number, height: number, capturedAt: number): Frame {
    const cam = this.camera(cameraId);
    cam.seq += 1;
    cam.frames += 1;
    this.counter += 1;
    const frame: Frame = { id: `${this.run}.${this.counter}`, cameraId, seq: cam.seq, capturedAt, width, height, jpeg };
    cam.latest = frame;
    cam.recent.set(frame.id, { id: frame.id, cameraId, seq: frame.seq, capturedAt, width, height });
    this.trim(cam, capturedAt);
    for (const listener of this.listeners) {
      try {
        listener(frame);
      } catch (e: unknown) {
        this.onListenerError(e);
      }
    }
    return frame;
  }

  latest(cameraId: string): Frame | null {
    return this.cameras.get(cameraId)?.latest ?? null;
  }

  /** A recent frame of this camera, or undefined when it is unknown or too old. */
  lookup(cameraId: string, frameId: string): FrameMeta | undefined {
    return this.cameras.get(cameraId)?.recent.get(frameId);
  }

  framesOf(cameraId: string): number {
    return this.cameras.get(cameraId)?.frames ?? 0;
  }

  /** A camera stopped being sampled: its latest frame is no longer current. Recent ids stay valid. */
  clearLatest(cameraId: string): void {
    const cam = this.cameras.get(cameraId);
    if (cam) cam.latest = null;
  }

  /** The camera is gone: forget everything about it. */
  forget(cameraId: string): void {
    this.cameras.delete(cameraId);
  }

  get limitsInEffect(): Readonly<FrameHubLimits> {
    return this.limits;
  }

  private camera(cameraId: string): CameraFrames {
    let cam = this.cameras.get(cameraId);
    if (!cam) {
      cam = { latest: null, seq: 0, recent: new Map(), frames: 0 };
      this.cameras.set(cameraId, cam);
    }
    return cam;
  }

  private trim(cam: CameraFrames, now: number): void {
    for (const [id, meta] of cam.recent) {
      if (cam.recent.size <= this.limits.recentFrames && now - meta.capturedAt <= this.limits.recentMs) break;
      cam.recent.delete(id);
    }
  }
}

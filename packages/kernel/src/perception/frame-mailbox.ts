import type { Frame } from './frame-hub.js';
import { encodeFrameMessage } from './frame-message.js';

/** The part of a WebSocket the delivery uses (ws's WebSocket fits; tests and benchmarks can fake it). */
export interface FrameSocket {
  send(data: Buffer | string): void;
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface DeliveryStats {
  frames_sent: number;
  /** Frames for an assigned camera that never reached the worker: replaced by a newer one while it had no credit. */
  frames_dropped: number;
  /** Frames skipped to keep to the worker's fps (not drops). */
  frames_skipped: number;
}

export interface MailboxLimits {
  maxCredits: number;
  /** Frames are not sent while the socket has this much unsent data queued. */
  maxBufferedBytes: number;
  /** A frame older than this (ms, capture time) is dropped rather than delivered. */
  maxAgeMs: number;
}

interface Waiter {
  resolve: (frame: Frame | null) => void;
  timer: NodeJS.Timeout;
}

/** Each frame is encoded once, whatever the number of workers it goes to. */
const encoded = new WeakMap<Frame, Buffer>();

function messageOf(frame: Frame): Buffer {
  let data = encoded.get(frame);
  if (!data) {
    data = encodeFrameMessage(frame);
    encoded.set(frame, data);
  }
  return data;
}

/**
 * The frames on their way to one worker. It holds at most one frame per camera: a newer frame
 * replaces an undelivered one and the replacement counts as a drop, so a slow worker always gets the
 * newest frame when it is ready and memory never grows with its slowness. Frames leave the mailbox
 * by push (one credit each, granted by the worker as it finishes frames) or by pull (waiting requests).
 */
export class FrameMailbox {
  readonly stats: DeliveryStats = { frames_sent: 0, frames_dropped: 0, frames_skipped: 0 };
  private credits = 0;
  private socket: FrameSocket | null = null;
  private readonly frames = new Map<string, Frame>();
  /** Capture time of the last frame let in per camera (the fps limit). */
  private readonly lastAccepted = new Map<string, number>();
  private waiters: Waiter[] = [];
  pulledRecently = false;

  constructor(
    private readonly fps: number | null,
    private readonly limits: MailboxLimits,
    private readonly now: () => number,
    private readonly onDrop: (cameraId: string) => void,
  ) {}

  get creditsLeft(): number {
    return this.credits;
  }

  get connection(): FrameSocket | null {
    return this.socket;
  }

  /** A new connection: credits start at 0 (the worker grants them); returns the one it replaces. */
  connect(socket: FrameSocket): FrameSocket | null {
    const previous = this.socket === socket ? null : this.socket;
    this.socket = socket;
    this.credits = 0;
    return previous;
  }

  disconnect(socket: FrameSocket): boolean {
    if (this.socket !== socket) return false;
    this.socket = null;
    this.credits = 0;
    return true;
  }

  grant(frames: number): void {
    this.credits = Math.min(this.limits.maxCredits, this.credits + frames);
    this.pump();
  }

  /** A new frame of an assigned camera. */
  offer(frame: Frame): void {
    if (this.fps !== null) {
      const last = this.lastAccepted.get(frame.cameraId);
      // 10 % slack: frames from a sampler at exactly the wanted rate jitter a little.
      if (last !== undefined && frame.capturedAt - last < (1000 / this.fps) * 0.9) {
        this.stats.frames_skipped += 1;
        return;
      }
    }
    this.lastAccepted.set(frame.cameraId, frame.capturedAt);
    if (this.frames.has(frame.cameraId)) this.drop(frame.cameraId);
    this.frames.set(frame.cameraId, frame);
    this.pump();
  }

  /** The camera is no longer this worker's: its waiting frame goes (not a drop). */
  forget(cameraId: string): void {
    this.frames.delete(cameraId);
  }

  /** A pull: a frame at once when one is waiting, else the first to arrive within `waitMs`, else null. */
  async pull(waitMs: number, cancelled: AbortSignal): Promise<Frame | null> {
    this.pulledRecently = true;
    const ready = this.take();
    if (ready) {
      this.stats.frames_sent += 1;
      return ready;
    }
    if (waitMs <= 0) return null;
    return new Promise<Frame | null>((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(null);
        }, waitMs),
      };
      this.waiters.push(waiter);
      cancelled.addEventListener(
        'abort',
        () => {
          clearTimeout(waiter.timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(null);
        },
        { once: true },
      );
    });
  }

  /** Answers every waiting pull with no frame (shutdown, worker gone). */
  releasePulls(): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
  }

  /** Delivers waiting frames while the worker can take them: waiting pulls first, then credits. */
  private pump(): void {
    while (this.waiters.length > 0 && this.frames.size > 0) {
      const frame = this.take();
      const waiter = this.waiters.shift();
      if (!frame || !waiter) break;
      clearTimeout(waiter.timer);
      this.stats.frames_sent += 1;
      waiter.resolve(frame);
    }
    const socket = this.socket;
    if (!socket) return;
    while (this.credits > 0 && this.frames.size > 0 && socket.bufferedAmount < this.limits.maxBufferedBytes) {
      const frame = this.take();
      if (!frame) break;
      this.credits -= 1;
      socket.send(messageOf(frame));
      this.stats.frames_sent += 1;
    }
  }

  /**
   * The waiting frame captured first (fair between cameras), removed. A frame so old that its
   * detections could soon no longer be accepted (its camera stopped) is dropped instead.
   */
  private take(): Frame | null {
    const tooOld = this.now() - this.limits.maxAgeMs;
    for (;;) {
      let oldest: Frame | null = null;
      for (const frame of this.frames.values()) if (!oldest || frame.capturedAt < oldest.capturedAt) oldest = frame;
      if (!oldest) return null;
      this.frames.delete(oldest.cameraId);
      if (oldest.capturedAt >= tooOld) return oldest;
      this.drop(oldest.cameraId);
    }
  }

  private drop(cameraId: string): void {
    this.stats.frames_dropped += 1;
    this.onDrop(cameraId);
  }
}

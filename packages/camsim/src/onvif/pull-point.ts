import { randomBytes } from 'node:crypto';

/** One event as a PullPoint hands it out. */
export interface OnvifEventMessage {
  /** Without the `tns1:` prefix, e.g. `RuleEngine/CellMotionDetector/Motion`. */
  topic: string;
  utcMs: number;
  /** The camera (video source) it is about. */
  camera: string;
  source: Record<string, string>;
  data: Record<string, string>;
}

interface Waiter {
  resolve: () => void;
  timer: NodeJS.Timeout;
}

/** A client may wait at most this long in one PullMessages, whatever Timeout it asks for. */
const MAX_PULL_WAIT_MS = 60_000;
/** Messages kept for a subscriber that does not pull; older ones are dropped, like a camera's queue. */
const MAX_QUEUE = 100;

/** A PullPoint subscription: a queue, a termination time (device clock) and long-polling pullers. */
export class PullPointSubscription {
  readonly id = randomBytes(8).toString('hex');
  private readonly queue: OnvifEventMessage[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(
    /** Events of this camera only; undefined: every camera of the device. */
    readonly camera: string | undefined,
    public terminationMs: number,
  ) {}

  push(message: OnvifEventMessage): void {
    if (this.camera !== undefined && message.camera !== this.camera) return;
    this.queue.push(message);
    if (this.queue.length > MAX_QUEUE) this.queue.shift();
    this.wake();
  }

  /** Waits until a message is queued or `timeoutMs` passed, then takes up to `limit` messages. */
  async pull(timeoutMs: number, limit: number): Promise<OnvifEventMessage[]> {
    if (this.queue.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = {
          resolve: () => {
            clearTimeout(waiter.timer);
            this.waiters.delete(waiter);
            resolve();
          },
          timer: setTimeout(() => waiter.resolve(), Math.min(timeoutMs, MAX_PULL_WAIT_MS)),
        };
        this.waiters.add(waiter);
      });
    }
    return this.queue.splice(0, Math.max(1, limit));
  }

  /** Releases every waiting puller (unsubscribe, expiry, shutdown). */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter.resolve();
  }
}

/** `PT60S`, `PT1M30S`, `PT0.5S`, `P1D` → ms; undefined when it is no duration. */
export function parseDuration(value: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (m === null || value.trim() === 'P' || value.trim() === 'PT') return undefined;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return Math.round(((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000);
}

/**
 * A termination time as ONVIF clients send it: a duration from now (`PT60S`) or an absolute
 * dateTime; undefined when it is neither.
 */
export function terminationFrom(value: string | undefined, deviceNowMs: number, fallbackMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return deviceNowMs + fallbackMs;
  const duration = parseDuration(value);
  if (duration !== undefined) return deviceNowMs + duration;
  const absolute = Date.parse(value);
  return Number.isFinite(absolute) ? absolute : undefined;
}

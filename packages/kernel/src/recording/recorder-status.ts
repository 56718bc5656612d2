import type { Logger } from 'pino';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { Clock } from '../clock.js';
import type { CameraState } from '../db/schema.js';
import type { EventKind, EventSeverityOf } from '../events/event-kinds.js';
import type { EventLog } from '../events/event-log.js';
import type { EventPayload } from '../events/event.types.js';
import { RetryingWrites } from './retrying-writes.js';

/**
 * What one camera's recorder tells the database — its state, ffmpeg's pid, the last error, events —
 * held in memory and written through RetryingWrites: no write is awaited by anything that records,
 * none can reject, and a failed one is retried with the newest values (a retried status never brings
 * back a pid that has exited since).
 *
 * It also keeps the outage episode: `camera_offline` is logged once when a camera stops delivering,
 * and `camera_online` (with how long it was away) once it delivers again, so every offline event is
 * closed by an online one.
 */
export class RecorderStatus {
  private readonly writes: RetryingWrites;
  private current: CameraState | null = null;
  private pid: number | null = null;
  private lastError: string | null = null;
  private offlineSince: number | null = null;
  private failedAttempts = 0;
  /** Reconnects counted but not yet stored (a failed status write keeps them for its retry). */
  private unsavedReconnects = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly cameraId: string,
    private readonly repository: CameraStatusRepository,
    private readonly events: EventLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.writes = new RetryingWrites(log);
  }

  get state(): CameraState | null {
    return this.current;
  }

  /** Whether an outage episode is open (camera_offline logged, camera_online not yet). */
  get offline(): boolean {
    return this.offlineSince !== null;
  }

  /**
   * Moves to `state`. `recording`, `idle` and `disabled` clear the last error; `pid` and `lastError`
   * change only when given; `reconnect` counts one more reconnect in the same write, so nobody reads
   * the count raised while the state still says the run is going. Written in the background, in order
   * (see `idle`).
   */
  set(state: CameraState, fields: { pid?: number | null; lastError?: string | null; reconnect?: boolean } = {}): void {
    this.current = state;
    if (fields.reconnect === true) this.unsavedReconnects++;
    if (fields.pid !== undefined) this.pid = fields.pid;
    if (state === 'recording' || state === 'idle' || state === 'disabled') this.lastError = null;
    if (fields.lastError !== undefined) this.lastError = fields.lastError;
    this.writeStatus(`status ${state}`);
  }

  /** ffmpeg has exited: the status names no pid from now on, whatever the state. */
  exited(): void {
    if (this.pid === null) return;
    this.pid = null;
    this.writeStatus('status pid');
  }

  event<K extends EventKind>(kind: K, severity: EventSeverityOf<K>, payload: EventPayload = {}): void {
    this.enqueue(`event ${kind}`, () => this.events.log(this.cameraId, kind, severity, payload));
  }

  /** A segment was recorded outside the index (mirror-only): the health check still sees progress. */
  segmentAt(endMs: number): void {
    this.enqueue('last segment', () => this.repository.setLastSegment(this.cameraId, endMs), 'last segment');
  }

  /** An unexpected exit: logs camera_offline if this starts an outage. Returns the attempt number. */
  failedAttempt(payload: EventPayload): number {
    this.failedAttempts++;
    if (this.offlineSince === null) {
      this.offlineSince = this.clock.now();
      this.event('camera_offline', 'warning', payload);
    }
    return this.failedAttempts;
  }

  /** The camera delivers again: closes an open outage with camera_online. */
  delivering(): void {
    if (this.offlineSince === null) return;
    const offlineSeconds = Math.round((this.clock.now() - this.offlineSince) / 100) / 10;
    const attempts = this.failedAttempts;
    this.offlineSince = null;
    this.failedAttempts = 0;
    this.event('camera_online', 'info', { offline_seconds: offlineSeconds, failed_attempts: attempts });
  }

  /** Resolves once every write asked for so far has had its first attempt (never rejects). */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** On stop: waits for the writes in progress, then gives pending retries one last try. */
  async settle(): Promise<void> {
    await this.chain;
    await this.writes.drain();
  }

  private writeStatus(label: string): void {
    // Reads the fields when it runs: a write (or its retry) stores what is true then, and the
    // reconnects it adds are taken off the unsaved count only once it went through.
    this.enqueue(
      label,
      async () => {
        const reconnects = this.unsavedReconnects;
        await this.repository.setState(this.cameraId, this.current ?? 'offline', this.clock.now(), { pid: this.pid, lastError: this.lastError, reconnects });
        this.unsavedReconnects -= reconnects;
      },
      'status',
    );
  }

  /** One write at a time, in the order asked: events keep their order, the status its last value. */
  private enqueue(label: string, op: () => Promise<unknown>, key?: string): void {
    this.chain = this.chain.then(() => this.writes.write(label, op, key));
  }
}

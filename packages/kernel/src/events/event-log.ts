import type { Logger } from 'pino';
import { maskText } from '../secrets/credential-mask.js';
import type { Clock } from '../clock.js';
import type { EventBus } from './event-bus.js';
import type { EventKind, EventSeverityOf } from './event-kinds.js';
import type { EventRepository } from './event.repository.js';
import type { EventPayload, EventQuery, HeldarEvent, JsonValue } from './event.types.js';

/**
 * The one way to record that something happened: `log(camera, kind, severity, payload)` stores the
 * event, writes a log line and hands it to live consumers. Every string in the payload passes the
 * credential mask first, so a URL with a password in it can never reach the event log or a consumer.
 */
export class EventLog {
  constructor(
    private readonly repository: EventRepository,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Called with each event logged here, after the local bus (the cluster relay announces it to the other nodes). */
    private readonly onLogged?: (event: HeldarEvent) => void,
  ) {}

  /** @param at when it happened, if not now: an event logged in the background after the fact keeps its own time. */
  async log<K extends EventKind>(cameraId: string | null, kind: K, severity: EventSeverityOf<K>, payload: EventPayload = {}, at?: number): Promise<HeldarEvent> {
    const event = await this.repository.insert({
      camera_id: cameraId,
      kind,
      severity,
      payload: maskPayload(payload) as EventPayload,
      at: at ?? this.clock.now(),
    });
    const level = severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'info';
    this.logger[level]({ event: event.kind, camera_id: cameraId, event_id: event.id }, 'event');
    this.bus.publish(event);
    this.onLogged?.(event);
    return event;
  }

  find(query: EventQuery): Promise<HeldarEvent[]> {
    return this.repository.find(query);
  }

  /** A camera's events of these kinds in [from, to), oldest first, led by the last one before `from`. */
  history(cameraId: string, kinds: readonly EventKind[], from: number, to: number): Promise<HeldarEvent[]> {
    return this.repository.history(cameraId, kinds, from, to);
  }

  /** Oldest first: up to `limit` events with an id above `afterId` (resuming a stream). */
  after(afterId: number, limit: number): Promise<HeldarEvent[]> {
    return this.repository.after(afterId, limit);
  }
}

function maskPayload(value: JsonValue): JsonValue {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskPayload);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPayload(v)]));
  }
  return value;
}

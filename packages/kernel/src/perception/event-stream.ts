import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { EventLog } from '../events/event-log.js';
import type { HeldarEvent } from '../events/event.types.js';
import { toRfc3339 } from '../time.js';

export interface StreamFilter {
  /** Only these cameras (empty: all, including events without a camera). */
  cameraIds: readonly string[];
  /** Only these kinds; `zone_*` matches every kind starting with `zone_` (empty: all). */
  kinds: readonly string[];
}

export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  keepAliveMs: number;
  /** A client this far behind (bytes not yet sent) is disconnected; it resumes with Last-Event-ID. */
  maxBufferedBytes: number;
  /** Events fetched per page when replaying from an id. */
  replayPage: number;
}

/** Ids a stream remembers having sent (a relayed repeat is that recent or not at all). */
const SEEN_IDS_KEPT = 10_000;

export const DEFAULT_EVENT_STREAM_OPTIONS: Readonly<EventStreamOptions> = Object.freeze({
  keepAliveMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  replayPage: 500,
});

interface OpenStream {
  res: ServerResponse;
  close: () => void;
}

export function matches(filter: StreamFilter, event: HeldarEvent): boolean {
  if (filter.cameraIds.length > 0 && (event.camera_id === null || !filter.cameraIds.includes(event.camera_id))) return false;
  if (filter.kinds.length === 0) return true;
  return filter.kinds.some((k) => (k.endsWith('*') ? event.kind.startsWith(k.slice(0, -1)) : event.kind === k));
}

/** One event in the server-sent-events format: its id (for Last-Event-ID) and the event as JSON. */
export function formatEvent(event: HeldarEvent): string {
  const data = JSON.stringify({ ...event, at: toRfc3339(event.at) });
  return `id: ${event.id}\ndata: ${data}\n\n`;
}

/**
 * `GET /api/events/stream`: the event log as server-sent events, live, optionally from an event id on
 * (`Last-Event-ID` or `after_id`), so a consumer that reconnects misses nothing. The bus is
 * subscribed to before the replay, and live events that arrive during it are held and sent after it
 * without duplicates, so there is no gap between history and live. A client that cannot keep up is
 * disconnected rather than buffered without limit.
 */
export class EventStreams {
  private readonly open = new Set<OpenStream>();
  private readonly options: EventStreamOptions;

  constructor(
    private readonly events: EventLog,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: Partial<EventStreamOptions> = {},
  ) {
    this.options = { ...DEFAULT_EVENT_STREAM_OPTIONS, ...options };
  }

  get count(): number {
    return this.open.size;
  }

  /** Takes over `res` (headers not yet sent) until the client leaves or the kernel stops. */
  async serve(res: ServerResponse, filter: StreamFilter, afterId: number | null): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and similar proxies would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    let lastSent = afterId ?? 0;
    let live = false;
    const held: HeldarEvent[] = [];
    let closed = false;
    // Live events are told apart by id, not by "above the last id sent": with several nodes on one
    // database another node's event can arrive (relayed) after a later id logged here.
    const seen = new Set<number>();
    const send = (event: HeldarEvent): void => {
      if (closed || (live ? seen.has(event.id) : event.id <= lastSent) || !matches(filter, event)) {
        if (event.id > lastSent) lastSent = event.id;
        return;
      }
      lastSent = Math.max(lastSent, event.id);
      seen.add(event.id);
      if (seen.size > SEEN_IDS_KEPT) seen.delete(seen.values().next().value as number);
      res.write(formatEvent(event));
      if (res.writableLength > this.options.maxBufferedBytes) {
        this.logger.warn({ buffered: res.writableLength }, 'event stream client too slow; disconnected (it can resume with Last-Event-ID)');
        stream.close();
      }
    };
    const unsubscribe = this.bus.subscribe((event) => {
      if (live) send(event);
      else held.push(event);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), this.options.keepAliveMs);
    keepAlive.unref();
    const stream: OpenStream = {
      res,
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(keepAlive);
        unsubscribe();
        this.open.delete(stream);
        res.end();
      },
    };
    this.open.add(stream);
    res.on('close', () => stream.close());
    // Reconnect after 3 s when the connection drops (EventSource's default is browser-dependent).
    res.write('retry: 3000\n: connected\n\n');

    if (afterId !== null) {
      for (;;) {
        const page = await this.events.after(lastSent, this.options.replayPage);
        for (const event of page) send(event);
        if (closed || page.length < this.options.replayPage) break;
      }
    }
    // Held while the replay ran: those the replay already sent (ids up to where it got) are dropped.
    const replayedUpTo = lastSent;
    live = true;
    for (const event of held.splice(0)) if (event.id > replayedUpTo || afterId === null) send(event);
  }

  /** Ends every stream (before the HTTP server closes, which would otherwise wait for them). */
  closeAll(): void {
    for (const stream of [...this.open]) stream.close();
  }
}

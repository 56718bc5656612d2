import type pg from 'pg';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import { Backoff } from '../backoff.js';
import type { Db } from '../db/database.js';
import { openDedicatedConnection } from '../db/dedicated-connection.js';
import { sleep } from '../sleep.js';
import type { EventBus } from './event-bus.js';
import type { EventRepository } from './event.repository.js';
import type { HeldarEvent } from './event.types.js';

/** The PostgreSQL channel every node announces its events on. */
export const EVENTS_CHANNEL = 'heldar_events';
/** Events caught up after a reconnect, at most (older ones are in GET /api/events). */
const CATCH_UP_LIMIT = 1000;
/**
 * Ids already on this node's bus (logged here or relayed), remembered so neither a repeated
 * notification nor a catch-up publishes one twice. A set, not a high-water mark: two nodes' inserts
 * may commit (and announce) out of id order.
 */
const DELIVERED_IDS_KEPT = 10_000;

export interface EventRelayDeps {
  db: Db;
  /** The database URL for the dedicated LISTEN connection. */
  url: string;
  nodeId: string;
  repository: Pick<EventRepository, 'after'>;
  bus: EventBus;
  logger: Logger;
}

/**
 * Every node's events on every node's bus (the SSE stream, perception, recording triggers), on
 * PostgreSQL: each event this node logs is announced with NOTIFY (`<schema> <node> <id>`, after its insert has
 * committed), and one dedicated connection LISTENs, reads each announced row of another node and
 * publishes it on the local bus — so an event reaches each bus once: its own node's from EventLog.log,
 * the others' from here. A lost connection is reopened with backoff and the events logged meanwhile
 * are caught up from the table (all ids above the last one seen, minus this node's own).
 */
export class EventRelay {
  private client: pg.Client | undefined;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private lastSeen = 0;
  /** The schema this cluster's tables are in (announcements of other schemas are ignored). */
  private schema = '';
  private readonly delivered = new Set<number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: EventRelayDeps) {}

  /** Called by EventLog.log for each event logged here: tell the other nodes. Never throws. */
  announce(event: HeldarEvent): void {
    this.remember(event.id);
    // Channels are per database, not per schema: the schema in the payload keeps two clusters in two
    // schemas of one database (the test suite) apart.
    sql`select pg_notify(${EVENTS_CHANNEL}, current_schema() || ' ' || ${`${this.deps.nodeId} ${event.id}`})`
      .execute(this.deps.db)
      .catch((e: unknown) => this.deps.logger.warn({ err: e, event_id: event.id }, 'events: announcing an event to the other nodes failed'));
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.client?.end().catch(() => undefined); // already closed by the server or an error
    await this.running;
    await this.chain;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 15_000, healthyRunMs: 30_000 });
    const signal = this.stopping.signal;
    // The ids before the start are history, not news.
    this.lastSeen = Math.max(this.lastSeen, await this.newestId().catch(() => 0));
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await this.listenUntilLost(signal);
      } catch (e: unknown) {
        if (signal.aborted) break;
        this.deps.logger.warn({ err: e }, 'events: the LISTEN connection to the database failed; reconnecting');
      }
      await sleep(backoff.next(Date.now() - started), signal);
    }
  }

  private async listenUntilLost(signal: AbortSignal): Promise<void> {
    let lost!: (e: Error) => void;
    const ended = new Promise<never>((_, reject) => (lost = reject));
    // Rejected also when nobody waits for it any more (stop() before LISTEN): not an unhandled rejection.
    ended.catch(() => undefined);
    const client = await openDedicatedConnection(this.deps.url, 'event relay', (e) => lost(e));
    this.client = client;
    client.on('end', () => lost(new Error('the database closed the LISTEN connection')));
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) this.enqueue(() => this.received(message.payload ?? ''));
    });
    try {
      if (signal.aborted) return;
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      this.schema = rows[0]?.schema ?? '';
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      // Announced while no connection listened: read from the table.
      this.enqueue(() => this.catchUp());
      await ended;
    } finally {
      this.client = undefined;
      await client.end().catch(() => undefined); // already ended
    }
  }

  /** One at a time, in order, so the bus sees events in the order they were announced. */
  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((e: unknown) => this.deps.logger.warn({ err: e }, 'events: relaying another node’s event failed'));
  }

  private async received(payload: string): Promise<void> {
    const [schema, node, idText] = payload.split(' ');
    const id = Number(idText);
    if (schema !== this.schema || node === this.deps.nodeId || !Number.isSafeInteger(id) || this.delivered.has(id)) return;
    const [event] = await this.deps.repository.after(id - 1, 1);
    if (event?.id !== id) return;
    this.remember(id);
    this.deps.bus.publish(event);
  }

  private async catchUp(): Promise<void> {
    const events = await this.deps.repository.after(this.lastSeen, CATCH_UP_LIMIT);
    for (const event of events) {
      if (this.delivered.has(event.id)) continue;
      this.remember(event.id);
      this.deps.bus.publish(event);
    }
  }

  private remember(id: number): void {
    this.delivered.add(id);
    if (this.delivered.size > DELIVERED_IDS_KEPT) this.delivered.delete(this.delivered.values().next().value as number);
    this.lastSeen = Math.max(this.lastSeen, id);
  }

  private async newestId(): Promise<number> {
    const row = await this.deps.db.selectFrom('events').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  }
}

import type { Db } from '../db/database.js';
import type { EventKind } from './event-kinds.js';
import { eventFromRow, newEventRow, type EventQuery, type HeldarEvent } from './event.types.js';

/** The only place that reads or writes the `events` table. Events are append-only. */
export class EventRepository {
  constructor(private readonly db: Db) {}

  async insert(event: Omit<HeldarEvent, 'id'>): Promise<HeldarEvent> {
    const row = await this.db
      .insertInto('events')
      .values(newEventRow(event))
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...event };
  }

  /** Oldest first: the events logged after `afterId` (replay for the event stream). */
  async after(afterId: number, limit: number): Promise<HeldarEvent[]> {
    const rows = await this.db.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map(eventFromRow);
  }

  /**
   * Oldest first: a camera's events of these kinds in [from, to), led by the last one before `from`
   * (the state the range starts in). For state histories such as camera_offline/camera_online.
   */
  async history(cameraId: string, kinds: readonly EventKind[], from: number, to: number, limit = 10_000): Promise<HeldarEvent[]> {
    const base = this.db.selectFrom('events').selectAll().where('camera_id', '=', cameraId).where('kind', 'in', [...kinds]);
    const before = await base.where('at', '<', from).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).execute();
    const inside = await base.where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('id').limit(limit).execute();
    return [...before, ...inside].map(eventFromRow);
  }

  /** Newest first. */
  async find(query: EventQuery): Promise<HeldarEvent[]> {
    let q = this.db.selectFrom('events').selectAll();
    if (query.camera_id !== undefined) q = q.where('camera_id', '=', query.camera_id);
    if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
    if (query.from !== undefined) q = q.where('at', '>=', query.from);
    if (query.to !== undefined) q = q.where('at', '<', query.to);
    if (query.before_id !== undefined) q = q.where('id', '<', query.before_id);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(eventFromRow);
  }
}

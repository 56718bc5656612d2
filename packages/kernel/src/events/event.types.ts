import type { Insertable } from 'kysely';
import type { EventRow, EventSeverity, EventsTable } from '../db/schema.js';
import type { EventKind } from './event-kinds.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventPayload = { [key: string]: JsonValue };

/**
 * An event as the rest of the kernel sees it (times in UTC ms), its payload parsed. The event
 * repository is the only place that sees the stored JSON text (through the two mappings below).
 */
export interface HeldarEvent {
  id: number;
  camera_id: string | null;
  kind: EventKind;
  severity: EventSeverity;
  payload: EventPayload;
  at: number;
}

export interface EventQuery {
  camera_id?: string;
  kind?: EventKind;
  from?: number;
  to?: number;
  limit: number;
  /** Only events with a smaller id: the cursor for the next page. */
  before_id?: number;
}

export function eventFromRow(row: EventRow): HeldarEvent {
  return {
    id: row.id,
    camera_id: row.camera_id,
    // Rows are written only through EventLog.log, whose kind the registry types.
    kind: row.kind as EventKind,
    severity: row.severity,
    payload: JSON.parse(row.payload) as EventPayload,
    at: row.at,
  };
}

export function newEventRow(event: Omit<HeldarEvent, 'id'>): Insertable<EventsTable> {
  return { camera_id: event.camera_id, kind: event.kind, severity: event.severity, payload: JSON.stringify(event.payload), at: event.at };
}

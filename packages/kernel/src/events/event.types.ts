import type { EventSeverity } from '../db/schema.js';
import type { EventKind } from './event-kinds.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventPayload = { [key: string]: JsonValue };

/** An event as the rest of the kernel sees it (times in UTC ms). */
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

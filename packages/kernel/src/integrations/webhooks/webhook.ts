import type { EventSeverity, WebhookDeliveryRow, WebhookRow, WebhooksTable } from '../../db/schema.js';

/**
 * A webhook subscription as the kernel works with it: lists parsed, flags as booleans. The webhook
 * repository is the only place that sees the stored form (through the mappings below).
 */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  /** null: every kind. */
  kinds: string[] | null;
  min_severity: EventSeverity;
  /** null: every camera. */
  cameras: string[] | null;
  secret: string;
  enabled: boolean;
  paused_at: number | null;
  pause_reason: string | null;
  consecutive_failures: number;
  cursor: number;
  /** Deliveries in flight at once (pipelining); 1 delivers in strict order. */
  max_in_flight: number;
  module: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDelivery {
  id: number;
  webhook_id: string;
  delivery_id: string;
  event_id: number | null;
  event_kind: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error: string | null;
  latency_ms: number;
  at: number;
}

export function webhookFromRow(row: WebhookRow): Webhook {
  return {
    ...row,
    kinds: row.kinds === null ? null : (JSON.parse(row.kinds) as string[]),
    cameras: row.cameras === null ? null : (JSON.parse(row.cameras) as string[]),
    enabled: row.enabled === 1,
  };
}

export function webhookRow(webhook: Webhook): WebhooksTable {
  return {
    ...webhook,
    kinds: webhook.kinds === null ? null : JSON.stringify(webhook.kinds),
    cameras: webhook.cameras === null ? null : JSON.stringify(webhook.cameras),
    enabled: webhook.enabled ? 1 : 0,
  };
}

export function deliveryFromRow(row: WebhookDeliveryRow): WebhookDelivery {
  return { ...row, ok: row.ok === 1 };
}

import type { EventSeverity } from '../../db/schema.js';
import type { HeldarEvent } from '../../events/event.types.js';
import type { Webhook } from './webhook.js';

const SEVERITY_RANK: Readonly<Record<EventSeverity, number>> = { info: 0, warning: 1, error: 2 };

/** Whether a subscription wants an event: its kinds (or all), at least its severity, its cameras (or all). */
export function webhookWants(webhook: Pick<Webhook, 'kinds' | 'min_severity' | 'cameras'>, event: HeldarEvent): boolean {
  if (webhook.kinds !== null && !webhook.kinds.includes(event.kind)) return false;
  if (SEVERITY_RANK[event.severity] < SEVERITY_RANK[webhook.min_severity]) return false;
  // A camera list admits only events of those cameras; system events (no camera) go to "all cameras" only.
  if (webhook.cameras !== null && (event.camera_id === null || !webhook.cameras.includes(event.camera_id))) return false;
  return true;
}

import type { EventSeverity } from '../../db/schema.js';
import type { HeldarEvent } from '../../events/event.types.js';
import { toRfc3339 } from '../../time.js';

/** Events listed one by one in a digest; the rest are counted. */
export const MAX_LISTED_EVENTS = 200;

const RANK: Record<EventSeverity, number> = { info: 0, warning: 1, error: 2 };

export function atLeast(severity: EventSeverity, minimum: EventSeverity): boolean {
  return RANK[severity] >= RANK[minimum];
}

export interface MailContent {
  subject: string;
  text: string;
}

/**
 * One mail for a burst of events: the subject counts them and names the worst severity, the body
 * lists them oldest first (payloads are already masked by the event log).
 */
export function digestMail(events: readonly HeldarEvent[], dropped: number): MailContent {
  const worst = events.reduce<EventSeverity>((w, e) => (RANK[e.severity] > RANK[w] ? e.severity : w), 'info');
  const total = events.length + dropped;
  const cameras = [...new Set(events.map((e) => e.camera_id).filter((c): c is string => c !== null))];
  const only = events.length === 1 && dropped === 0 ? events[0] : undefined;
  const subject = only
    ? `[Heldar] ${only.severity}: ${only.kind}${only.camera_id === null ? '' : ` on ${only.camera_id}`}`
    : `[Heldar] ${total} events (worst: ${worst})${cameras.length > 0 ? ` on ${cameras.slice(0, 5).join(', ')}${cameras.length > 5 ? ', …' : ''}` : ''}`;
  const lines = events.slice(0, MAX_LISTED_EVENTS).map(
    (e) => `${toRfc3339(e.at)}  ${e.severity.padEnd(7)}  ${e.kind}${e.camera_id === null ? '' : `  camera ${e.camera_id}`}\n    ${JSON.stringify(e.payload)}`,
  );
  const more = total - Math.min(events.length, MAX_LISTED_EVENTS);
  if (more > 0) lines.push(`… and ${more} more (GET /api/events lists them all).`);
  return { subject, text: `${total === 1 ? 'One event' : `${total} events`} from Heldar:\n\n${lines.join('\n')}\n` };
}

export function testMail(): MailContent {
  return { subject: '[Heldar] test mail', text: 'This is a test mail from Heldar: the SMTP settings work.\n' };
}

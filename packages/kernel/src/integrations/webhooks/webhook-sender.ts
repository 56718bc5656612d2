import { performance } from 'node:perf_hooks';
import type { Clock } from '../../clock.js';
import type { HeldarEvent } from '../../events/event.types.js';
import type { OutboundGuard } from '../../net/outbound-guard.js';
import { quote } from '../../quote.js';
import { toRfc3339 } from '../../time.js';
import { kernelVersion } from '../../version.js';
import type { Webhook, WebhookDelivery } from './webhook.js';
import { signatureHeader } from './webhook-signature.js';

/** What a receiver gets: the delivery id and the event as GET /api/events shows it. */
export interface WebhookBody {
  delivery_id: string;
  webhook_id: string;
  event: { id: number | null; kind: string; severity: string; camera_id: string | null; payload: unknown; at: string };
}

export type DeliveryAttempt = Omit<WebhookDelivery, 'id'>;

/** The X-Heldar-Delivery of an event: the same on every retry and after a restart, so receivers can de-duplicate. */
export function deliveryIdOf(webhookId: string, eventId: number): string {
  return `${webhookId}.${eventId}`;
}

/**
 * One attempt at one delivery: the signed POST through the outbound guard (which checks the URL
 * again, in case its name now resolves somewhere else), timed. A 2xx answer is success; anything
 * else — another status, a refusal, a timeout — is a failure with a reason a person can read.
 */
export class WebhookSender {
  private readonly userAgent = `Heldar/${kernelVersion()}`;

  constructor(
    private readonly guard: OutboundGuard,
    private readonly clock: Clock,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(webhook: Pick<Webhook, 'id' | 'url' | 'secret'>, event: WebhookBody['event'], deliveryId: string, attempt: number, signal?: AbortSignal): Promise<DeliveryAttempt> {
    const body = JSON.stringify({ delivery_id: deliveryId, webhook_id: webhook.id, event } satisfies WebhookBody);
    const now = this.clock.now();
    const t = Math.floor(now / 1000);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await this.guard.request(webhook.url, {
        method: 'POST',
        body,
        signal,
        totalTimeoutMs: this.timeoutMs,
        connectTimeoutMs: Math.min(5000, this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': this.userAgent,
          'x-heldar-event': event.kind,
          'x-heldar-delivery': deliveryId,
          'x-heldar-timestamp': String(t),
          'x-heldar-signature': signatureHeader(webhook.secret, t, body),
        },
      });
      status = response.status;
      if (status < 200 || status > 299) error = `the receiver answered HTTP ${status}`;
    } catch (e: unknown) {
      error = quote(e instanceof Error ? e.message : String(e), 300, false);
    }
    return {
      webhook_id: webhook.id,
      delivery_id: deliveryId,
      event_id: event.id,
      event_kind: event.kind,
      attempt,
      status,
      ok: error === null,
      error,
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
      at: now,
    };
  }
}

/** An event as its webhook body carries it. */
export function eventBody(event: HeldarEvent): WebhookBody['event'] {
  return { id: event.id, kind: event.kind, severity: event.severity, camera_id: event.camera_id, payload: event.payload, at: toRfc3339(event.at) };
}

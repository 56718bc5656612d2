import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { EventLog } from '../../events/event-log.js';
import type { HeldarEvent } from '../../events/event.types.js';
import { sleep } from '../../sleep.js';
import type { DeliveryJournal } from './delivery-journal.js';
import type { Webhook } from './webhook.js';
import { webhookWants } from './webhook-filter.js';
import { retryDelayMs } from './webhook-retry.js';
import { deliveryIdOf, eventBody, type WebhookSender } from './webhook-sender.js';
import type { WebhookRepository } from './webhook.repository.js';

export interface SubscriptionWorkerDeps {
  repository: WebhookRepository;
  events: EventLog;
  sender: WebhookSender;
  journal: DeliveryJournal;
  clock: Clock;
  logger: Logger;
  maxFailures: number;
  retryInitialMs: number;
  retryMaxMs: number;
  batchSize: number;
}

/**
 * Delivers one subscription's events in order, one in flight, from its cursor over the event log:
 * read the events after the cursor, deliver each that the subscription wants (retrying with backoff
 * until it succeeds or the subscription pauses), move the cursor past it, and sleep until the bus
 * says there is more. Reading from the log rather than taking events off the bus is what makes a
 * restart lose nothing.
 */
export class SubscriptionWorker {
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  /** Set by notify(): an event may have arrived since the last read. */
  private dirty = true;
  readonly done: Promise<void>;

  constructor(
    private readonly webhook: Webhook,
    private readonly deps: SubscriptionWorkerDeps,
  ) {
    this.done = this.run().catch((e: unknown) => deps.logger.error({ err: e, webhook_id: webhook.id }, 'webhook worker failed'));
  }

  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    return this.done;
  }

  private async run(): Promise<void> {
    const { events, journal, batchSize } = this.deps;
    const signal = this.abort.signal;
    let cursor = this.webhook.cursor;
    while (!signal.aborted) {
      this.dirty = false;
      const batch = await events.after(cursor, batchSize);
      if (batch.length === 0) {
        if (!this.dirty && !signal.aborted) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      for (const event of batch) {
        if (webhookWants(this.webhook, event) && !(await this.deliver(event, signal))) return;
        cursor = event.id;
        journal.advance(this.webhook.id, cursor);
      }
    }
  }

  /** True once delivered; false when stopped or paused first (the cursor stays before the event). */
  private async deliver(event: HeldarEvent, signal: AbortSignal): Promise<boolean> {
    const { sender, journal, repository } = this.deps;
    const deliveryId = deliveryIdOf(this.webhook.id, event.id);
    const body = eventBody(event);
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) return false;
      const result = await sender.send(this.webhook, body, deliveryId, attempt, signal);
      if (signal.aborted && !result.ok) return false;
      journal.record(result);
      if (result.ok) {
        if (this.webhook.consecutive_failures > 0) {
          this.webhook.consecutive_failures = 0;
          await repository.setFailures(this.webhook.id, 0);
        }
        return true;
      }
      const failures = ++this.webhook.consecutive_failures;
      if (failures >= this.deps.maxFailures) {
        await this.pause(failures, result.error ?? 'failed');
        return false;
      }
      await repository.setFailures(this.webhook.id, failures);
      const delay = retryDelayMs(attempt, this.deps.retryInitialMs, this.deps.retryMaxMs);
      if ((await sleep(delay, signal)) === 'aborted') return false;
    }
  }

  private async pause(failures: number, lastError: string): Promise<void> {
    const { repository, events, clock, logger, journal } = this.deps;
    await journal.flush();
    const reason = `${failures} deliveries in a row failed; the last: ${lastError}`;
    await repository.pause(this.webhook.id, clock.now(), reason, failures);
    logger.warn({ webhook_id: this.webhook.id, failures }, 'webhook paused after repeated failures');
    await events.log(null, 'webhook_paused', 'warning', { webhook_id: this.webhook.id, name: this.webhook.name, failures, last_error: lastError });
  }
}

import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { EventLog } from '../../events/event-log.js';
import type { HeldarEvent } from '../../events/event.types.js';
import { sleep } from '../../sleep.js';
import { AckWatermark } from './ack-watermark.js';
import type { EventSource } from './event-feed.js';
import type { DeliveryJournal } from './delivery-journal.js';
import type { Webhook } from './webhook.js';
import { webhookWants } from './webhook-filter.js';
import { retryDelayMs } from './webhook-retry.js';
import { deliveryIdOf, eventBody, type DeliveryAttempt, type WebhookSender } from './webhook-sender.js';
import type { WebhookRepository } from './webhook.repository.js';

export interface SubscriptionWorkerDeps {
  repository: WebhookRepository;
  /** Where webhook_paused is logged. */
  events: EventLog;
  /** Where the events to deliver are read (shared by the workers: one read serves all). */
  feed: EventSource;
  sender: WebhookSender;
  journal: DeliveryJournal;
  clock: Clock;
  logger: Logger;
  maxFailures: number;
  retryInitialMs: number;
  retryMaxMs: number;
  batchSize: number;
  /** How long a stop lets requests already sent finish before it cuts them (default 2 s). */
  stopGraceMs?: number;
}

/**
 * Delivers one subscription's events from its cursor over the event log, up to `max_in_flight` at
 * once (1: strictly in order). It reads the log in batches, starts a delivery for each event the
 * subscription wants as soon as a slot is free, and moves the cursor only to the highest id below
 * which every event is done (AckWatermark) — so a restart re-delivers what was in flight (same
 * delivery id) and skips nothing. Reading from the log rather than taking events off the bus is what
 * makes a restart lose nothing.
 *
 * A failed delivery retries with backoff; while any delivery is failing no new one starts, and the
 * retries go one at a time, so a receiver that is down gets one probe rather than a burst. Failed
 * attempts in a row pause the subscription.
 */
export class SubscriptionWorker {
  /** No new deliveries; backoff sleeps end (stop, pause). */
  private readonly stopping = new AbortController();
  /** Requests in flight are cut (after the stop's grace, or at once on pause). */
  private readonly cancel = new AbortController();
  private wake: (() => void) | undefined;
  /** Set by notify(): an event may have arrived since the last read. */
  private dirty = true;
  private readonly inFlight = new Set<Promise<void>>();
  /** Deliveries retrying after a failure; while there are any, no new delivery starts. */
  private failing = 0;
  /** Retries of this subscription, one after another. */
  private retryTurn: Promise<unknown> = Promise.resolve();
  private paused = false;
  private readonly watermark: AckWatermark;
  private readonly maxInFlight: number;
  readonly done: Promise<void>;

  constructor(
    private readonly webhook: Webhook,
    private readonly deps: SubscriptionWorkerDeps,
  ) {
    this.watermark = new AckWatermark(webhook.cursor);
    this.maxInFlight = Math.max(1, webhook.max_in_flight);
    this.done = this.run().catch((e: unknown) => deps.logger.error({ err: e, webhook_id: webhook.id }, 'webhook worker failed'));
  }

  notify(): void {
    this.dirty = true;
    this.wakeUp();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeUp();
    // Requests already sent may finish (their cursor moves, so they are not sent again after a
    // restart); a receiver that hangs is cut after the grace.
    const grace = setTimeout(() => this.cancel.abort(), this.deps.stopGraceMs ?? 2000);
    await this.done;
    clearTimeout(grace);
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits for notify(), a delivery finishing, or stop. */
  private idle(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  private async run(): Promise<void> {
    const { feed, batchSize } = this.deps;
    const stopping = this.stopping.signal;
    let read = this.webhook.cursor;
    try {
      while (!stopping.aborted) {
        this.dirty = false;
        const batch = await feed.after(read, batchSize);
        if (batch.length === 0) {
          if (!this.dirty && !stopping.aborted) await this.idle();
          continue;
        }
        for (const event of batch) {
          if (!webhookWants(this.webhook, event)) {
            this.advance(this.watermark.skip(event.id));
            read = event.id;
            continue;
          }
          while ((this.inFlight.size >= this.maxInFlight || this.failing > 0) && !stopping.aborted) await this.idle();
          if (stopping.aborted) break;
          this.start(event);
          read = event.id;
        }
      }
    } finally {
      await Promise.all(this.inFlight);
    }
  }

  private start(event: HeldarEvent): void {
    this.watermark.begin(event.id);
    const task = this.deliver(event).then(
      (delivered) => {
        if (delivered) this.advance(this.watermark.finish(event.id));
      },
      (e: unknown) => this.deps.logger.error({ err: e, webhook_id: this.webhook.id, event_id: event.id }, 'webhook delivery failed unexpectedly'),
    );
    this.inFlight.add(task);
    void task.finally(() => {
      this.inFlight.delete(task);
      this.wakeUp();
    });
  }

  private advance(cursor: number | undefined): void {
    if (cursor !== undefined) this.deps.journal.advance(this.webhook.id, cursor);
  }

  /** True once delivered; false when stopped or paused first (the cursor stays before the event). */
  private async deliver(event: HeldarEvent): Promise<boolean> {
    const deliveryId = deliveryIdOf(this.webhook.id, event.id);
    const body = eventBody(event);
    let result = await this.deps.sender.send(this.webhook, body, deliveryId, 1, this.cancel.signal);
    if (result.ok) return this.succeeded(result);
    if (this.cancel.signal.aborted) return false;
    this.failing++;
    try {
      for (let attempt = 2; ; attempt++) {
        this.deps.journal.record(result);
        if (!(await this.failed(result))) return false;
        const next = this.retryTurn.then(() => this.retry(body, deliveryId, attempt));
        this.retryTurn = next;
        const retried = await next;
        if (retried === undefined) return false;
        if (retried.ok) return await this.succeeded(retried);
        result = retried;
      }
    } finally {
      this.failing--;
    }
  }

  /** One retry after its backoff; undefined when stopped or paused meanwhile. */
  private async retry(body: ReturnType<typeof eventBody>, deliveryId: string, attempt: number): Promise<DeliveryAttempt | undefined> {
    const delay = retryDelayMs(attempt - 1, this.deps.retryInitialMs, this.deps.retryMaxMs);
    if (this.paused || (await sleep(delay, this.stopping.signal)) === 'aborted') return undefined;
    const result = await this.deps.sender.send(this.webhook, body, deliveryId, attempt, this.cancel.signal);
    return !result.ok && this.cancel.signal.aborted ? undefined : result;
  }

  private async succeeded(result: DeliveryAttempt): Promise<true> {
    this.deps.journal.record(result);
    if (this.webhook.consecutive_failures > 0) {
      this.webhook.consecutive_failures = 0;
      await this.deps.repository.setFailures(this.webhook.id, 0);
    }
    return true;
  }

  /** Counts a failed attempt; false when that paused the subscription (or it already was). */
  private async failed(result: DeliveryAttempt): Promise<boolean> {
    if (this.paused) return false;
    const failures = ++this.webhook.consecutive_failures;
    if (failures >= this.deps.maxFailures) {
      await this.pause(failures, result.error ?? 'failed');
      return false;
    }
    await this.deps.repository.setFailures(this.webhook.id, failures);
    return true;
  }

  private async pause(failures: number, lastError: string): Promise<void> {
    const { repository, events, clock, logger, journal } = this.deps;
    this.paused = true;
    this.stopping.abort();
    this.cancel.abort();
    this.wakeUp();
    await journal.flush();
    const reason = `${failures} deliveries in a row failed; the last: ${lastError}`;
    await repository.pause(this.webhook.id, clock.now(), reason, failures);
    logger.warn({ webhook_id: this.webhook.id, failures }, 'webhook paused after repeated failures');
    await events.log(null, 'webhook_paused', 'warning', { webhook_id: this.webhook.id, name: this.webhook.name, failures, last_error: lastError });
  }
}

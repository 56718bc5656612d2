import type { Logger } from 'pino';
import type { DeliveryAttempt } from './webhook-sender.js';
import type { WebhookRepository } from './webhook.repository.js';

/**
 * Delivery-log rows and cursor moves, written in one transaction every `intervalMs` (and on stop).
 * A cursor is buffered only after its delivery succeeded, so a crash can lose a cursor move — the
 * event is delivered again after the restart, with the same delivery id — but never one that was
 * not delivered: at-least-once. A clean stop flushes, so the happy path delivers nothing twice.
 */
export class DeliveryJournal {
  private deliveries: DeliveryAttempt[] = [];
  private cursors = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: WebhookRepository,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  record(attempt: DeliveryAttempt): void {
    this.deliveries.push(attempt);
    this.schedule();
  }

  advance(webhookId: string, cursor: number): void {
    this.cursors.set(webhookId, cursor);
    this.schedule();
  }

  /** Drops what is buffered for a subscription that was deleted. */
  forget(webhookId: string): void {
    this.cursors.delete(webhookId);
    this.deliveries = this.deliveries.filter((d) => d.webhook_id !== webhookId);
  }

  /** Writes everything buffered now; resolves when it is committed. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const deliveries = this.deliveries;
    const cursors = this.cursors;
    this.deliveries = [];
    this.cursors = new Map();
    // Serialised: a later flush must not commit a cursor before an earlier one's rows.
    this.flushing = this.flushing.then(() =>
      this.repository.journal(deliveries, cursors).catch((e: unknown) => {
        this.logger.error({ err: e, deliveries: deliveries.length }, 'could not write the webhook delivery journal');
      }),
    );
    return this.flushing;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }
}

import type { EventBus } from '../../events/event-bus.js';
import { EventFeed } from './event-feed.js';
import { SubscriptionWorker, type SubscriptionWorkerDeps } from './subscription-worker.js';
import type { Webhook } from './webhook.js';

/** Delivery-log rows kept per subscription; older ones are pruned every minute. */
const KEEP_DELIVERIES = 1000;
const PRUNE_INTERVAL_MS = 60_000;

/**
 * One SubscriptionWorker per enabled subscription, woken by every event on the bus; they read the
 * log through one EventFeed, so a burst is read once, not once per subscription. A change to a
 * subscription (edit, pause, resume, delete) stops its worker, writes the journal so the cursor on
 * disk is current, and starts a new worker from the stored state.
 */
export class WebhookDispatcher {
  private readonly workers = new Map<string, SubscriptionWorker>();
  private unsubscribe: (() => void) | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private running = false;
  /** Each worker's subscription settings when it was made (sync() restarts it when they change). */
  private readonly loaded = new Map<string, string>();
  private readonly bus: EventBus;
  /** One reader of the event log for every worker. */
  private readonly feed: EventFeed;
  private readonly deps: SubscriptionWorkerDeps;

  constructor(deps: Omit<SubscriptionWorkerDeps, 'feed'> & { bus: EventBus }) {
    this.bus = deps.bus;
    this.feed = new EventFeed(deps.events);
    this.deps = { ...deps, feed: this.feed };
  }

  async start(): Promise<void> {
    this.running = true;
    this.unsubscribe = this.bus.subscribe(() => {
      this.feed.changed();
      for (const worker of this.workers.values()) worker.notify();
    });
    for (const webhook of await this.deps.repository.list()) {
      if (webhook.enabled) this.workers.set(webhook.id, this.workerFor(webhook));
    }
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  /** Restarts a subscription's worker from what is stored (after an edit); stops it when gone or disabled. */
  async reload(id: string): Promise<void> {
    const worker = this.workers.get(id);
    this.workers.delete(id);
    await worker?.stop();
    await this.deps.journal.flush();
    if (!this.running) return;
    const webhook = await this.deps.repository.find(id);
    if (webhook?.enabled && !this.workers.has(id)) this.workers.set(id, this.workerFor(webhook));
  }

  /**
   * Brings the workers in line with the stored subscriptions: with several nodes, one node delivers
   * (the cluster leader) while a subscription may be added, edited, resumed or deleted through any
   * node, whose own reload() reaches only its own (idle) dispatcher.
   */
  async sync(): Promise<void> {
    if (!this.running) return;
    const stored = new Map((await this.deps.repository.list()).filter((w) => w.enabled).map((w) => [w.id, w]));
    for (const id of [...this.workers.keys()]) if (!stored.has(id)) await this.remove(id);
    for (const [id, webhook] of stored) {
      const known = this.loaded.get(id);
      if (!this.workers.has(id) || known !== settingsOf(webhook)) await this.reload(id);
    }
  }

  /** Stops a subscription's worker before it is deleted, dropping what it had buffered. */
  async remove(id: string): Promise<void> {
    const worker = this.workers.get(id);
    this.workers.delete(id);
    await worker?.stop();
    this.deps.journal.forget(id);
  }

  private workerFor(webhook: Webhook): SubscriptionWorker {
    this.loaded.set(webhook.id, settingsOf(webhook));
    return new SubscriptionWorker(webhook, this.deps);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    if (this.pruneTimer !== undefined) clearInterval(this.pruneTimer);
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    this.workers.clear();
    await this.deps.journal.flush();
  }

  private async prune(): Promise<void> {
    await this.deps.journal.flush();
    try {
      const removed = await this.deps.repository.pruneDeliveries(KEEP_DELIVERIES);
      if (removed > 0) this.deps.logger.debug({ removed }, 'webhook delivery log pruned');
    } catch (e: unknown) {
      this.deps.logger.warn({ err: e }, 'could not prune the webhook delivery log');
    }
  }
}

/** What a worker is made from, without what delivering itself changes (cursor, failure count). */
function settingsOf(w: Webhook): string {
  return JSON.stringify([w.name, w.url, w.kinds, w.min_severity, w.cameras, w.secret, w.enabled, w.paused_at, w.max_in_flight]);
}

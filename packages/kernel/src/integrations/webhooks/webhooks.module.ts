import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { EventBus } from '../../events/event-bus.js';
import type { EventLog } from '../../events/event-log.js';
import type { FeatureModule } from '../../feature-module.js';
import { OutboundGuard } from '../../net/outbound-guard.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import { DeliveryJournal } from './delivery-journal.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { webhookRoutes } from './webhook.routes.js';
import { WebhookRepository } from './webhook.repository.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhookService } from './webhook.service.js';

export interface WebhooksModuleDeps {
  config: Pick<Config, 'outboundAllow' | 'webhookMaxFailures' | 'webhookRetryInitialMs'>;
  db: Db;
  logger: Logger;
  clock: Clock;
  events: EventLog;
  bus: EventBus;
  /** Seals each subscription's secret and URL at rest. */
  secretBox: SecretBox;
  /**
   * With several nodes: how often the delivering node re-reads the subscriptions (they may be changed
   * through any node). Unset: only this node changes them, each change reloads its worker at once.
   */
  clusterSyncMs?: number;
}

export interface WebhooksModule extends FeatureModule {
  webhooks: WebhookService;
  /** The outbound guard the integrations share (sidecars call through it too). */
  guard: OutboundGuard;
}

/** The longest wait between retries of one delivery. */
const RETRY_MAX_MS = 5 * 60_000;

/** Signed webhooks: subscriptions, their delivery workers (started with the other background work) and routes. */
export function createWebhooksModule(deps: WebhooksModuleDeps): WebhooksModule {
  const logger = deps.logger.child({ module: 'webhooks' });
  const guard = new OutboundGuard(deps.config.outboundAllow);
  const repository = new WebhookRepository(deps.db, deps.secretBox);
  const journal = new DeliveryJournal(repository, logger);
  const sender = new WebhookSender(guard, deps.clock);
  const dispatcher = new WebhookDispatcher({
    repository,
    events: deps.events,
    bus: deps.bus,
    sender,
    journal,
    clock: deps.clock,
    logger,
    maxFailures: deps.config.webhookMaxFailures,
    retryInitialMs: deps.config.webhookRetryInitialMs,
    retryMaxMs: RETRY_MAX_MS,
    batchSize: 200,
  });
  let syncTimer: NodeJS.Timeout | undefined;
  const webhooks = new WebhookService({ repository, dispatcher, sender, journal, guard, events: deps.events, clock: deps.clock });
  return {
    webhooks,
    guard,
    async routes(app) {
      await app.withTypeProvider<TypeBoxTypeProvider>().register(webhookRoutes, { webhooks });
    },
    async start() {
      await dispatcher.start();
      if (deps.clusterSyncMs !== undefined) {
        syncTimer = setInterval(() => void dispatcher.sync().catch((e: unknown) => logger.warn({ err: e }, 'webhooks: reading the subscriptions failed')), deps.clusterSyncMs);
        syncTimer.unref();
      }
    },
    async stop() {
      clearInterval(syncTimer);
      await dispatcher.stop();
      guard.close();
    },
  };
}

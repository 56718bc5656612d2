import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { ApiKeyService } from '../../auth/api-key.service.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { FeatureModule } from '../../feature-module.js';
import type { OutboundGuard } from '../../net/outbound-guard.js';
import type { WebhookService } from '../webhooks/webhook.service.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { moduleRoutes } from './module.routes.js';
import { sidecarProxy } from './sidecar-proxy.js';
import { SidecarRepository } from './sidecar.repository.js';
import { SidecarService } from './sidecar.service.js';

export interface ModulesModuleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  keys: ApiKeyService;
  webhooks: WebhookService;
  guard: OutboundGuard;
  /** How often sidecars' health is checked (default 30 s). */
  healthIntervalMs?: number;
}

export interface ModulesModule extends FeatureModule {
  catalog: CatalogService;
  sidecars: SidecarService;
}

/** The module catalog (GET/POST/DELETE /api/modules) and module sidecars: credentials, the /m/<name>/ proxy, health. */
export function createModulesModule(deps: ModulesModuleDeps): ModulesModule {
  const sidecars = new SidecarService({
    repository: new SidecarRepository(deps.db),
    keys: deps.keys,
    webhooks: deps.webhooks,
    guard: deps.guard,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'sidecars' }),
  });
  const catalog = new CatalogService(new CatalogRepository(deps.db), deps.clock, sidecars);
  return {
    catalog,
    sidecars,
    install: () => sidecars.load(),
    async routes(app) {
      await app.withTypeProvider<TypeBoxTypeProvider>().register(moduleRoutes, { catalog });
      await app.register(sidecarProxy, { sidecars, guard: deps.guard });
    },
    start: async () => sidecars.startHealthChecks(deps.healthIntervalMs ?? 30_000),
    stop: async () => sidecars.stop(),
  };
}

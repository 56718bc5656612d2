import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { FeatureModule } from '../feature-module.js';
import { SettingsRepository } from './settings.repository.js';
import { SettingsStore } from './settings-store.js';
import { settingsRoutes } from './settings.routes.js';

export interface SettingsModuleDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface SettingsModule extends FeatureModule {
  readonly store: SettingsStore;
}

/** Settings changed at run time (GET/PUT /api/settings); the store is handed to the modules that obey them. */
export async function createSettingsModule(deps: SettingsModuleDeps): Promise<SettingsModule> {
  const store = await SettingsStore.load(deps.config, new SettingsRepository(deps.db), deps.clock, deps.logger.child({ module: 'settings' }));
  return {
    store,
    async routes(app) {
      await app.register(settingsRoutes, { settings: store });
    },
  };
}

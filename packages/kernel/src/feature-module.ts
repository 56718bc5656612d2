import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/**
 * A feature (auth, storage, playback, clips, perception) as the kernel assembles it: hooks installed
 * before any route, its routes, and background work started after recording starts and stopped
 * (in reverse order) before the database closes.
 */
export interface FeatureModule {
  install?(app: FastifyInstance): void | Promise<void>;
  routes?: FastifyPluginAsync;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

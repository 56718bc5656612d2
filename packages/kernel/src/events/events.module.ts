import type { FastifyInstance } from 'fastify';
import type { FeatureModule } from '../feature-module.js';
import type { EventLog } from './event-log.js';
import type { EventRelay } from './event-relay.js';
import { eventRoutes } from './event.routes.js';

/**
 * The event log over HTTP (GET /api/events). The log itself is built by kernel.ts: every feature
 * reports through it. On PostgreSQL, `relay` brings the other nodes' events onto this node's bus.
 */
export function createEventsModule(deps: { events: EventLog; relay?: EventRelay | null }): FeatureModule {
  return {
    routes: async (app: FastifyInstance) => {
      await app.register(eventRoutes, { events: deps.events });
    },
    async start() {
      deps.relay?.start();
    },
    async stop() {
      await deps.relay?.stop();
    },
  };
}

import type { FastifyInstance } from 'fastify';
import type { FeatureModule } from '../feature-module.js';
import type { EventLog } from './event-log.js';
import { eventRoutes } from './event.routes.js';

/** The event log over HTTP (GET /api/events). The log itself is built by kernel.ts: every feature reports through it. */
export function createEventsModule(deps: { events: EventLog }): FeatureModule {
  return {
    routes: async (app: FastifyInstance) => {
      await app.register(eventRoutes, { events: deps.events });
    },
  };
}

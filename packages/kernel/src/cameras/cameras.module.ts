import type { FastifyInstance } from 'fastify';
import type { FeatureModule } from '../feature-module.js';
import { cameraRoutes } from './camera.routes.js';
import type { CameraService } from './camera.service.js';

/**
 * The camera registry over HTTP. The service itself is built by kernel.ts before any module: the
 * recorder, storage, playback and perception all use it.
 */
export function createCamerasModule(deps: { cameras: CameraService }): FeatureModule {
  return {
    routes: async (app: FastifyInstance) => {
      await app.register(cameraRoutes, { cameras: deps.cameras });
    },
  };
}

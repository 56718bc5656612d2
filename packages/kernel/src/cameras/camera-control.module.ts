import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { FeatureModule } from '../feature-module.js';
import type { CameraService } from './camera.service.js';
import { probeRoutes } from './probe/probe.routes.js';
import { ProbeService } from './probe/probe.service.js';
import { ptzRoutes } from './ptz/ptz.routes.js';
import { PtzService } from './ptz/ptz.service.js';

export interface CameraControlModuleDeps {
  config: Pick<Config, 'ffprobeBin'>;
  cameras: CameraService;
}

/** Probe before add (stream or ONVIF), the test of an added camera, and PTZ: the camera's own device, driven. */
export function createCameraControlModule(deps: CameraControlModuleDeps): FeatureModule & { probe: ProbeService; ptz: PtzService } {
  const probe = new ProbeService({ ffprobeBin: deps.config.ffprobeBin, cameras: deps.cameras });
  const ptz = new PtzService(deps.cameras);
  return {
    probe,
    ptz,
    routes: async (app: FastifyInstance) => {
      await app.register(probeRoutes, { probe });
      await app.register(ptzRoutes, { ptz });
    },
  };
}

import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config-types.js';
import type { EventLog } from '../../events/event-log.js';
import type { FeatureModule } from '../../feature-module.js';
import type { CameraService } from '../camera.service.js';
import { discoveryRoutes } from './discovery.routes.js';
import { OnvifDiscoveryService } from './onvif-discovery.service.js';
import { registeredHosts } from './registered-hosts.js';
import { ScanService } from './scan.service.js';

export interface DiscoveryModuleDeps {
  config: Pick<Config, 'ffprobeBin' | 'discoveryInterface'>;
  cameras: Pick<CameraService, 'list'>;
  events: EventLog;
  clock: Clock;
  logger: Logger;
}

export interface DiscoveryModule extends FeatureModule {
  readonly scans: ScanService;
  readonly onvif: OnvifDiscoveryService;
}

/** Finding cameras: ONVIF WS-Discovery, network scans and the makers' RTSP URL templates. */
export function createDiscoveryModule(deps: DiscoveryModuleDeps): DiscoveryModule {
  const known = () => registeredHosts(deps.cameras);
  const onvif = new OnvifDiscoveryService({ defaultInterface: deps.config.discoveryInterface, registeredHosts: known });
  const scans = new ScanService({ ffprobeBin: deps.config.ffprobeBin, events: deps.events, clock: deps.clock, logger: deps.logger, registeredHosts: known });
  return {
    onvif,
    scans,
    routes: async (app) => {
      await app.register(discoveryRoutes, { onvif, scans });
    },
    stop: () => scans.stop(),
  };
}

import type { FeatureModule } from '../../feature-module.js';
import { OnvifEventsManager, type OnvifEventsDeps } from './onvif-events.manager.js';

export type OnvifEventsModuleDeps = OnvifEventsDeps;

/** ONVIF PullPoint subscriptions → events and event recording; starts after recording, stops before it. */
export function createOnvifEventsModule(deps: OnvifEventsModuleDeps): FeatureModule & { manager: OnvifEventsManager } {
  const manager = new OnvifEventsManager(deps);
  return { manager, start: () => manager.start(), stop: () => manager.stop() };
}

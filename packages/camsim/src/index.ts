export { startCamsim, type CamsimInternals } from './camsim.js';
export { DEFAULTS as CAMERA_DEFAULTS } from './camera-spec.js';
export { DEFAULT_CACHE_DIR } from './clip-cache.js';
export {
  startDiscoveryResponder,
  WS_DISCOVERY_GROUP,
  WS_DISCOVERY_PORT,
  type DiscoveryResponder,
  type DiscoveryResponderOptions,
} from './discovery/ws-discovery-responder.js';
export type { DiscoveredDevice } from './discovery/ws-discovery-messages.js';
export type {
  AudioCodec,
  AuthScheme,
  CameraSpec,
  CameraStats,
  Camsim,
  CamsimDiscoveryOptions,
  CamsimOptions,
  CamsimStats,
  Fault,
  FaultKind,
  UrlOptions,
} from './types.js';
export type { CamsimOnvif, OnvifDeviceOptions } from './onvif/onvif-device.js';
export type { PtzPosition } from './onvif/ptz-state.js';

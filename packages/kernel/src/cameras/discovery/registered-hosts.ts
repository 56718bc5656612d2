import type { CameraService } from '../camera.service.js';
import { hostOf } from './onvif-discovery.service.js';

/**
 * The hosts of every registered camera — its address, the hosts of its stream URLs and its ONVIF
 * device URL (itself, too, as ONVIF discovery compares XAddrs) — to mark discovered devices as known.
 */
export async function registeredHosts(cameras: Pick<CameraService, 'list'>): Promise<Set<string>> {
  const hosts = new Set<string>();
  for (const camera of await cameras.list()) {
    if (camera.address !== null) hosts.add(camera.address.toLowerCase());
    // onvif_url arrives with the ONVIF client's camera fields; read it only where a camera has one.
    const onvifUrl = (camera as { onvif_url?: string | null }).onvif_url ?? null;
    if (onvifUrl !== null) hosts.add(onvifUrl);
    for (const url of [camera.stream_url, camera.sub_stream_url, onvifUrl]) {
      const host = url === null ? null : hostOf(url);
      if (host !== null) hosts.add(host);
    }
  }
  return hosts;
}

import { startCamsim, type CameraSpec, type Camsim, type CamsimOnvif, type OnvifDeviceOptions } from '@heldar/camsim';

/** Small, cheap cameras for recorder tests: 320×240, 10 fps, 1 s GOP, ~300 kbit/s. */
export function smallCamera(name: string, extra: Partial<CameraSpec> = {}): CameraSpec {
  return { name, width: 320, height: 240, fps: 10, bitrateKbps: 300, clipSeconds: 4, ...extra };
}

export async function startTestCamsim(cameras: CameraSpec[]): Promise<Camsim> {
  return startCamsim({ cameras });
}

/** A simulator with its ONVIF device (user `admin`, password `onvif pass`); options override. */
export async function startOnvifCamsim(cameras: CameraSpec[], onvif: OnvifDeviceOptions = {}): Promise<Camsim & { onvif: CamsimOnvif }> {
  const sim = await startCamsim({ cameras, onvif: { username: ONVIF_USER, password: ONVIF_PASSWORD, ...onvif } });
  if (sim.onvif === undefined) throw new Error('the simulator started without its ONVIF device');
  return sim as Camsim & { onvif: CamsimOnvif };
}

export const ONVIF_USER = 'admin';
export const ONVIF_PASSWORD = 'onvif pass';

import { Conflict } from '../../errors.js';
import { OnvifClient } from '../../onvif/onvif-client.js';
import type { OnvifPreset, PtzVector } from '../../onvif/onvif-types.js';
import type { Camera } from '../camera.js';
import type { CameraService } from '../camera.service.js';
import { onvifHttpError } from '../onvif-http-error.js';

interface PtzTarget {
  client: OnvifClient;
  profile: string;
}

/**
 * PTZ through the camera's ONVIF device: the first profile with a PTZ configuration. A connected
 * client is kept per camera (keyed by the camera's last change), so hold-to-move costs one call, not
 * the clock and service lookups each time.
 */
export class PtzService {
  private readonly targets = new Map<string, { key: number; target: Promise<PtzTarget> }>();

  constructor(private readonly cameras: Pick<CameraService, 'require'>) {}

  move(cameraId: string, velocity: PtzVector): Promise<void> {
    return this.run(cameraId, (t) => t.client.continuousMove(t.profile, velocity));
  }

  stop(cameraId: string): Promise<void> {
    return this.run(cameraId, (t) => t.client.stop(t.profile));
  }

  position(cameraId: string): Promise<PtzVector> {
    return this.run(cameraId, (t) => t.client.ptzPosition(t.profile));
  }

  presets(cameraId: string): Promise<OnvifPreset[]> {
    return this.run(cameraId, (t) => t.client.presets(t.profile));
  }

  gotoPreset(cameraId: string, token: string): Promise<void> {
    return this.run(cameraId, (t) => t.client.gotoPreset(t.profile, token));
  }

  async setPreset(cameraId: string, name: string): Promise<OnvifPreset> {
    const token = await this.run(cameraId, (t) => t.client.setPreset(t.profile, name));
    return { token, name };
  }

  private async run<T>(cameraId: string, action: (t: PtzTarget) => Promise<T>): Promise<T> {
    const camera = await this.cameras.require(cameraId);
    try {
      return await action(await this.target(camera));
    } catch (e: unknown) {
      // A failed call may mean the camera restarted or changed: connect afresh next time.
      this.targets.delete(cameraId);
      throw onvifHttpError(e);
    }
  }

  private target(camera: Camera): Promise<PtzTarget> {
    const cached = this.targets.get(camera.id);
    if (cached !== undefined && cached.key === camera.updated_at) return cached.target;
    if (!camera.onvif_url) throw new Conflict(`camera ${camera.id} has no onvif_url; PTZ needs the camera's ONVIF device`);
    const onvifUrl = camera.onvif_url;
    const target = (async () => {
      const client = await OnvifClient.connect({ url: onvifUrl, username: camera.username, password: camera.password });
      const profile = client.hasService('ptz') ? (await client.profiles()).find((p) => p.ptz) : undefined;
      if (profile === undefined) throw new Conflict(`camera ${camera.id} has no PTZ (its ONVIF device offers no PTZ profile)`);
      return { client, profile: profile.token };
    })();
    this.targets.set(camera.id, { key: camera.updated_at, target });
    return target;
  }
}

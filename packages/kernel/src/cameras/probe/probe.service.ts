import { BadGateway, BadRequest, Conflict } from '../../errors.js';
import { OnvifClient } from '../../onvif/onvif-client.js';
import type { CameraService } from '../camera.service.js';
import { recordUrl } from '../camera-url.js';
import { onvifHttpError } from '../onvif-http-error.js';
import type { ProbeBody, ProbeResult } from './probe.schemas.js';
import { probeStreamUrl } from './stream-probe.js';

const STREAM_SCHEMES = ['rtsp:', 'rtsps:', 'http:', 'https:'];

export interface ProbeServiceDeps {
  ffprobeBin: string;
  cameras: Pick<CameraService, 'require'>;
}

/**
 * Probe before add: what a stream URL carries (ffprobe) or what an ONVIF device offers (identity,
 * profiles, stream and snapshot URIs, PTZ), in one shape the "Add camera" wizard reads. Credentials
 * are used for the call only: every URL returned is without them.
 */
export class ProbeService {
  constructor(private readonly deps: ProbeServiceDeps) {}

  async probe(body: ProbeBody): Promise<ProbeResult> {
    if ('url' in body) return this.probeStream(body.url);
    return this.probeOnvif(body.onvif.url, body.onvif.username ?? null, body.onvif.password ?? null);
  }

  /** The same for a camera already added, with its stored credentials: ONVIF when it has an onvif_url. */
  async test(cameraId: string): Promise<ProbeResult> {
    const camera = await this.deps.cameras.require(cameraId);
    if (camera.onvif_url) return this.probeOnvif(camera.onvif_url, camera.username, camera.password);
    const url = recordUrl(camera);
    if (url === null) throw new Conflict(`camera ${cameraId} has neither a stream URL nor an address to test`);
    return this.probeStream(url);
  }

  private async probeStream(url: string): Promise<ProbeResult> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (e: unknown) {
      throw new BadRequest('url is not a URL (expected e.g. rtsp://camera.local:554/stream)', { cause: e });
    }
    if (!STREAM_SCHEMES.includes(parsed.protocol)) {
      throw new BadRequest(`url must use one of ${STREAM_SCHEMES.map((s) => s.slice(0, -1)).join(', ')} (got ${parsed.protocol.slice(0, -1)})`);
    }
    let facts;
    try {
      facts = await probeStreamUrl(this.deps.ffprobeBin, url);
    } catch (e: unknown) {
      throw new BadGateway(`the stream at ${withoutCredentials(url)} could not be probed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const clean = withoutCredentials(url);
    const warnings = clean !== url ? ['the credentials were taken out of the URL: store them as the camera\'s username and password'] : [];
    return {
      source: 'stream',
      device: null,
      profiles: [{ token: 'stream', name: 'stream', stream_url: clean, snapshot_url: null, video: facts.video, audio: facts.audio }],
      suggested: { stream_url: clean, sub_stream_url: null, onvif_url: null },
      ptz: false,
      warnings,
    };
  }

  private async probeOnvif(url: string, username: string | null, password: string | null): Promise<ProbeResult> {
    try {
      const client = await OnvifClient.connect({ url, username, password });
      const [device, profiles] = await Promise.all([client.deviceInformation(), client.profiles()]);
      if (profiles.length === 0) throw new BadGateway(`the camera at ${client.deviceUrl} has no media profiles`);
      const withUris = [];
      for (const p of profiles) {
        const streamUrl = withoutCredentials(await client.streamUri(p.token));
        // Many cameras have no snapshot URI on some profiles: that is no reason to fail the probe.
        const snapshotUrl = await client.snapshotUri(p.token).then(withoutCredentials, () => null);
        withUris.push({ token: p.token, name: p.name, stream_url: streamUrl, snapshot_url: snapshotUrl, video: p.video, audio: p.audio });
      }
      const main = withUris[0]!;
      const sub = withUris.slice(1).find((p) => p.stream_url !== main.stream_url);
      return {
        source: 'onvif',
        device,
        profiles: withUris,
        suggested: { stream_url: main.stream_url, sub_stream_url: sub?.stream_url ?? null, onvif_url: client.deviceUrl },
        ptz: client.hasService('ptz') && profiles.some((p) => p.ptz),
        warnings: [...client.warnings],
      };
    } catch (e: unknown) {
      throw onvifHttpError(e);
    }
  }
}

/** The URL without `user:password@` (query credentials are left to the credential mask). */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

import { recordUrl, type StreamSource } from '../../cameras/camera-url.js';
import { BadRequest } from '../../errors.js';

/**
 * Hikvision's replay (the recording on the camera's card or NVR) of channel 1's main stream; times in
 * UTC as YYYYMMDDThhmmssZ. The default for a camera without a template whose ONVIF device offers no
 * Profile G replay (that one goes through onvif-replay-bridge.ts: its span is not in the URL).
 */
export const HIKVISION_REPLAY_TEMPLATE = 'rtsp://{host}/Streaming/tracks/101?starttime={start}&endtime={end}';

const PLACEHOLDERS = ['{start}', '{end}'] as const;

/** `YYYYMMDDThhmmssZ`, UTC, whole seconds (what Hikvision replay URLs take). */
export function replayTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Bad templates are refused when saved, with a message a person can act on. */
export function checkReplayTemplate(template: string): void {
  for (const p of PLACEHOLDERS) if (!template.includes(p)) throw new BadRequest(`replay_url_template must contain ${p}`);
  if (!/^rtsps?:\/\//i.test(template)) throw new BadRequest('replay_url_template must be an rtsp:// or rtsps:// URL');
}

/**
 * The replay URL for [from, to): the template's `{start}`/`{end}`, `{host}` (host and port of the
 * camera's stream URL or address), with the camera's credentials added as for recording. Null when the
 * camera has no address to put in `{host}`.
 */
export function replayUrl(template: string | null, camera: StreamSource, from: number, to: number): string | null {
  const t = template ?? HIKVISION_REPLAY_TEMPLATE;
  let host = '';
  if (t.includes('{host}')) {
    const live = recordUrl({ ...camera, username: null, password: null });
    if (live === null) return null;
    try {
      host = new URL(live).host;
    } catch {
      return null;
    }
  }
  const filled = t.replaceAll('{start}', replayTime(from)).replaceAll('{end}', replayTime(to)).replaceAll('{host}', host);
  return recordUrl({ stream_url: filled, address: null, port: null, path: null, username: camera.username, password: camera.password });
}

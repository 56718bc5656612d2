import type { Camera } from '../../cameras/camera.js';
import { recordUrl } from '../../cameras/camera-url.js';
import { OnvifClient } from '../../onvif/onvif-client.js';
import type { OnvifRecording } from '../../onvif/onvif-types.js';

/** The camera offers replay but keeps no recording of the stream Heldar records: nothing to ask for. */
export class NoOnvifRecording extends Error {}

/** What the sweeper needs of a camera to find its Profile G replay. */
export type OnvifReplayCamera = Pick<Camera, 'onvif_url' | 'stream_url' | 'address' | 'port' | 'path' | 'username' | 'password'>;

/**
 * The camera's Profile G replay URI, or null when its ONVIF device offers no replay (no recording or
 * replay service): then the sweeper falls back to the default replay URL. Throws NoOnvifRecording
 * when it offers replay but none of its recordings is of the camera's stream, and the ONVIF client's
 * own errors when the device cannot be reached or refuses the credentials.
 */
export type OnvifReplayFinder = (camera: OnvifReplayCamera) => Promise<string | null>;

export const findOnvifReplayUri: OnvifReplayFinder = async (camera) => {
  if (!camera.onvif_url) return null;
  const client = await OnvifClient.connect({ url: camera.onvif_url, username: camera.username, password: camera.password });
  if (!client.hasService('recording') || !client.hasService('replay')) return null;
  const recording = recordingOf(await client.recordings(), camera);
  return onCameraHost(await client.replayUri(recording.token), camera);
};

/**
 * The replay URI the device reported, moved onto the host and port of the camera's stream URL (the
 * admin's address for its RTSP server; else the ONVIF device's host with the reported port): a camera
 * behind NAT reports an address Heldar cannot reach, and a device must not be able to send the
 * camera's credentials to another host.
 */
export function onCameraHost(reported: string, camera: OnvifReplayCamera): string {
  const url = parse(reported);
  if (url === null || url.protocol !== 'rtsp:') throw new Error(`the camera’s ONVIF device gave a replay URI that is not rtsp:// (${reported.slice(0, 200)})`);
  const live = parse(recordUrl(camera));
  if (live !== null && live.protocol === 'rtsp:') {
    url.host = live.host;
  } else {
    const device = parse(camera.onvif_url);
    if (device !== null) url.hostname = device.hostname;
  }
  url.username = '';
  url.password = '';
  return url.toString();
}

/**
 * The recording of the stream Heldar records: the camera's only one, or the one whose source address
 * is the camera's stream URL (credentials aside) — a camera recording its main and sub streams
 * separately lists both.
 */
export function recordingOf(recordings: readonly OnvifRecording[], camera: OnvifReplayCamera): OnvifRecording {
  if (recordings.length === 1) return recordings[0]!;
  const live = withoutCredentials(recordUrl(camera));
  const match = recordings.find((r) => live !== null && withoutCredentials(r.address) === live);
  if (match !== undefined) return match;
  if (recordings.length === 0) throw new NoOnvifRecording('the camera’s ONVIF device lists no recordings');
  throw new NoOnvifRecording(
    `the camera’s ONVIF device lists ${recordings.length} recordings and none has the camera’s stream URL as its source (${recordings.map((r) => r.token).join(', ')})`,
  );
}

/** The credentials the camera's stream takes: its own fields, or those written into its stream URL. */
export function streamCredentials(camera: OnvifReplayCamera): { username: string | null; password: string | null } {
  const url = parse(recordUrl(camera));
  if (url === null || url.username === '') return { username: camera.username, password: camera.password };
  return { username: decodeURIComponent(url.username), password: url.password === '' ? null : decodeURIComponent(url.password) };
}

function withoutCredentials(value: string | null): string | null {
  const url = parse(value);
  if (url === null) return null;
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/$/, '');
}

function parse(value: string | null): URL | null {
  if (value === null || value === '') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

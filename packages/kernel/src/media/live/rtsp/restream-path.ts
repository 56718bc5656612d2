import type { LiveStreamName } from '../live-types.js';

export interface RestreamTarget {
  cameraId: string;
  stream: LiveStreamName;
  /** From a `trackID=N` suffix; undefined for the aggregate URL; NaN for a malformed one. */
  track: number | undefined;
}

/**
 * `rtsp://host:port/<camera id>[/sub][/trackID=N]` (or the bare path) → camera, stream, track.
 * Undefined for `*` and for paths that name no camera.
 */
export function parseRestreamUri(uri: string): RestreamTarget | undefined {
  let path: string;
  if (uri.startsWith('/')) path = uri;
  else if (URL.canParse(uri) && new URL(uri).protocol === 'rtsp:') path = new URL(uri).pathname;
  else return undefined;
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  let segments: string[];
  try {
    segments = path.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
  } catch {
    // A broken percent-escape names no camera.
    return undefined;
  }
  const [cameraId, ...rest] = segments;
  if (cameraId === undefined) return undefined;
  let stream: LiveStreamName = 'main';
  if (rest[0] === 'sub' || rest[0] === 'main') stream = rest.shift() as LiveStreamName;
  if (rest.length === 0) return { cameraId, stream, track: undefined };
  const m = rest.length === 1 ? /^trackID=(\d+)$/.exec(rest[0] ?? '') : null;
  return { cameraId, stream, track: m === null ? NaN : Number(m[1]) };
}

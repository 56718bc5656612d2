export interface RtspTarget {
  camera: string;
  /** Track index from a `trackID=N` control suffix; undefined for the aggregate (camera) URL. */
  track: number | undefined;
  /** `rtsp://host:port` as the client addressed us, when the URI was absolute. */
  origin: string | undefined;
}

/**
 * Resolves a request URI (`rtsp://host:port/cam/trackID=1`, or a bare path) to a camera and track.
 * Returns undefined for `*` and for paths that name no camera; a malformed track suffix yields
 * track NaN so the caller answers 404.
 */
export function parseRtspUri(uri: string): RtspTarget | undefined {
  let path: string;
  let origin: string | undefined;
  if (uri.startsWith('/')) {
    path = uri;
  } else {
    // Not a URL at all (e.g. `*`): no camera is addressed, which the caller handles.
    if (!URL.canParse(uri)) return undefined;
    const url = new URL(uri);
    if (url.protocol !== 'rtsp:') return undefined;
    path = url.pathname;
    origin = `rtsp://${url.host}`;
  }
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  const segments = path.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
  const camera = segments[0];
  if (camera === undefined) return undefined;
  if (segments.length === 1) return { camera, track: undefined, origin };
  const m = segments.length === 2 ? /^trackID=(\d+)$/.exec(segments[1] ?? '') : null;
  return { camera, track: m === null ? NaN : Number(m[1]), origin };
}

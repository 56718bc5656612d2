import path from 'node:path';

/**
 * Where segments live. Finished segments: `recordings/<camera>/<YYYY-MM-DD>/<HH>/<stamp>.mp4`, in UTC,
 * so no folder grows without bound (at most one hour of one camera's segments). Segments being written:
 * `recordings/.staging/<camera>/`, on the same volume, so finishing one is an atomic `rename`.
 */

export const STAGING_DIR = '.staging';
export const QUARANTINE_DIR = '.quarantine';

/** `<camera>/2026-11-21/05/20261121T051215.123Z.mp4`, `/`-separated, relative to the recordings root. */
export function segmentRelativePath(cameraId: string, startMs: number): string {
  const iso = new Date(startMs).toISOString(); // 2026-11-21T05:12:15.123Z
  const day = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}Z`;
  return `${cameraId}/${day}/${hour}/${stamp}.mp4`;
}

export function stagingDir(recordingsRoot: string, cameraId: string): string {
  return path.join(recordingsRoot, STAGING_DIR, cameraId);
}

export function quarantineDir(recordingsRoot: string, cameraId: string): string {
  return path.join(recordingsRoot, QUARANTINE_DIR, cameraId);
}

/** The strftime pattern ffmpeg names staged segments with (UTC: the process runs with TZ=UTC). */
export const STAGING_NAME_PATTERN = '%Y%m%dT%H%M%SZ.mp4';

/** Start time encoded in a staged name such as `20261121T051215Z.mp4` (whole seconds), or null. */
export function parseStagingName(name: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-\d+)?\.mp4$/.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Start time encoded in a final segment name such as `20261121T051215.123Z.mp4`, or null. */
export function parseSegmentName(name: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z(?:-\d+)?\.mp4$/.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

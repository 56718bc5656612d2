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

/**
 * ffmpeg's output pattern for one run: `<run start, ms, UTC>-<random>-%06d.mp4`, e.g.
 * `20261121T051215123Z-9f3a-000000.mp4`. Unique per run and numbered by ffmpeg within it, so no two
 * files can ever share a name — names made of the wall clock at 1 s resolution did collide (a short
 * first segment and the next opened in the same second), and ffmpeg then truncated a file the
 * indexer was reading. Sorting the names sorts by run, then by segment.
 */
export function stagingRunPattern(startMs: number, nonce: string): string {
  if (!/^[0-9a-z]+$/.test(nonce)) throw new Error(`staging run nonce must be [0-9a-z]+ (got "${nonce}")`);
  const iso = new Date(startMs).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z`;
  return `${stamp}-${nonce}-%06d.mp4`;
}

/**
 * Start time in a staged name of the old wall-clock form `20261121T051215Z.mp4` (whole seconds; still
 * found in staging after an upgrade), or null — names of the numbered form carry no segment start.
 */
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

import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { BadRequest, NotFound } from '../errors.js';

/**
 * The one place that decides where recording files live, for the recordings root and the mirror root
 * alike (the mirror holds copies under the same relative paths). Finished segments:
 * `<root>/<camera>/<YYYY-MM-DD>/<HH>/<stamp>.mp4`, in UTC, so no folder grows without bound (at most
 * one hour of one camera's segments). Segments being written: `<root>/.staging/<camera>/`, on the same
 * volume, so finishing one is an atomic `rename`. Files that failed repair: `<root>/.quarantine/<camera>/`.
 * Every path that comes from outside (the index, a request) is resolved against a root here, with
 * traversal refused.
 */

export const STAGING_DIR = '.staging';
export const QUARANTINE_DIR = '.quarantine';
/** Segments the index refused because another node holds their camera now (cluster fencing): kept, never indexed. */
export const FENCED_DIR = '.fenced';
/** Where gap backfill (recording/backfill/) stages replayed footage before it is indexed. */
export const BACKFILL_STAGING_DIR = '.backfill';

/** `<camera>/2026-11-21/05/20261121T051215.123Z.mp4`, `/`-separated, relative to the recordings root. */
export function segmentRelativePath(cameraId: string, startMs: number): string {
  const iso = new Date(startMs).toISOString(); // 2026-11-21T05:12:15.123Z
  const day = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}Z`;
  return `${cameraId}/${day}/${hour}/${stamp}.mp4`;
}

/**
 * The same segment's path with a number appended (`…Z-2.mp4`): for a second segment of a camera that
 * starts in the same millisecond (the index's path is unique). parseSegmentName reads both forms.
 */
export function numberedSegmentPath(relative: string, n: number): string {
  return relative.replace(/(-\d+)?\.mp4$/, `-${n}.mp4`);
}

/** The staging folders of all cameras under a root. */
export function stagingRoot(root: string): string {
  return path.join(root, STAGING_DIR);
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

/** `YYYY-MM-DD/HH` of a UTC instant, comparable with hour folder names (`<day>/<hour>`). */
export function hourKey(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)}/${iso.slice(11, 13)}`;
}

/** A day folder's name (`YYYY-MM-DD`) under a camera folder. */
export function isDayFolder(name: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(name);
}

/** An hour folder's name (`HH`) under a day folder. */
export function isHourFolder(name: string): boolean {
  return /^\d{2}$/.test(name);
}

/**
 * The folders a camera's footage may occupy under a root, relative to it: its final segments and its
 * staging folder (anything never indexed). Its quarantine is kept on purpose: a person looks at it.
 */
export function cameraFolders(cameraId: string): string[] {
  return [cameraId, `${STAGING_DIR}/${cameraId}`];
}

/** Camera folders under a recordings (or mirror) root: every folder but staging and quarantine. */
export async function cameraDirs(root: string): Promise<string[]> {
  return (await listDirs(root)).filter((name) => name !== STAGING_DIR && name !== QUARANTINE_DIR && name !== BACKFILL_STAGING_DIR && name !== FENCED_DIR);
}

/** Segment files of a camera under a root, from the hour `fromHour` (`YYYY-MM-DD/HH`, '' for all) on. */
export async function* segmentFiles(root: string, cameraId: string, fromHour: string): AsyncGenerator<{ relative: string; file: string; startMs: number }> {
  const cameraDir = path.join(root, cameraId);
  for (const day of await listDirs(cameraDir)) {
    if (fromHour !== '' && day < fromHour.slice(0, 10)) continue;
    for (const hour of await listDirs(path.join(cameraDir, day))) {
      if (fromHour !== '' && `${day}/${hour}` < fromHour) continue;
      const folder = path.join(cameraDir, day, hour);
      for (const name of (await readdir(folder)).sort()) {
        const startMs = parseSegmentName(name);
        if (startMs !== null) yield { relative: `${cameraId}/${day}/${hour}/${name}`, file: path.join(folder, name), startMs };
      }
    }
  }
}

/** Sub-folders of a folder, sorted; none when it does not exist. */
export async function listDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * Resolves a relative media path under a root, refusing anything that would leave it: `..`
 * segments, absolute paths, NUL bytes, backslashes and encoded separators. Normalise first, then
 * check the prefix — never the other way round.
 */
export function resolveUnder(root: string, relative: string): string {
  if (relative.includes('\0') || relative.includes('\\') || /%2f|%5c|%2e/i.test(relative)) {
    throw new BadRequest('invalid media path');
  }
  if (path.isAbsolute(relative) || relative.split('/').some((part) => part === '..')) {
    throw new BadRequest('invalid media path');
  }
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) throw new BadRequest('invalid media path');
  return full;
}

/**
 * The real path of a recorded file named relative to the recordings root, or NotFound. resolveUnder
 * refuses `..`, absolute paths, NUL and encoded separators; the realpath check then refuses a file
 * that is, or sits behind, a symlink leading out of the root (the root itself may be a symlink, e.g.
 * to a mounted volume, so both sides are resolved). The caller serves the returned path, which has
 * no symlinks left in it.
 */
export async function resolveRecordedFile(root: string, relative: string, logger?: Logger): Promise<string> {
  const full = resolveUnder(root, relative);
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(full), realpath(root)]);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new NotFound('media file not found', { cause: e });
    }
    throw e;
  }
  if (!real.startsWith(realRoot + path.sep)) {
    logger?.warn({ file: relative }, 'media: refused a recorded file that resolves outside the recordings folder');
    throw new NotFound('media file not found');
  }
  return real;
}

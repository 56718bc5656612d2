import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VolumeStatsFn } from '../storage/volume-stats.js';

/** Below this many free bytes a recordings volume counts as full (ffmpeg cannot open a segment). */
export const VOLUME_FULL_BYTES = 1024 * 1024;

/** Whether files can be created in `dir` (creating it if needed): a probe file written and removed. */
export async function writable(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return true;
  } catch {
    // Any failure (read-only, full, gone, not a folder) means: not usable for recording now.
    return false;
  }
}

/**
 * This run's ffmpeg (its files start with `prefix`) has opened an output file and written to it: the
 * camera is delivering. Files of earlier runs (held pre-roll) do not count.
 */
export async function hasGrowingFile(dir: string, prefix: string): Promise<boolean> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && info.size > 0) return true;
  }
  return false;
}

/**
 * "recordings volume full: <root> has N bytes free" when the volume holding `dir` is full — ffmpeg
 * said "No space left on device", or fewer than VOLUME_FULL_BYTES are free — else null. ffmpeg's own
 * last words on a full disk ("Error initializing output stream 0:0 --") do not say so.
 */
export async function volumeFullMessage(root: string, dir: string, volumeStats: VolumeStatsFn, stderr = ''): Promise<string | null> {
  const free = await volumeStats(dir).then(
    (s) => s.freeBytes,
    () => null,
  );
  const saidFull = /No space left on device/i.test(stderr);
  if (!saidFull && (free === null || free >= VOLUME_FULL_BYTES)) return null;
  return `recordings volume full: ${root} has ${free ?? 'an unknown number of'} bytes free`;
}

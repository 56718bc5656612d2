import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What /readyz checks; each answers null when fine, else the reason it is not. */
export interface ReadinessChecks {
  /** The database takes a write (a query alone still answers on a read-only file). */
  pingDb: () => Promise<void>;
  /** The folder footage is written to. */
  recordingsDir: string;
  /** Why ffmpeg is unusable (found unusable at start), or null. */
  ffmpegProblem: () => string | null;
  /** The minimum percentage of cameras meant to record that must be recording (0: no check); read per probe. */
  minRecordingPercent: () => number;
  /** Cameras meant to record now (not idle by schedule, not disabled) and those of them recording. */
  recordingShare: () => Promise<{ expected: number; recording: number }>;
}

/**
 * Whether this node can do its work now: the reasons it cannot, empty when ready. The recordings
 * volume is proven writable by creating and removing a small probe file, not by its mode bits (a
 * read-only mount, a full disk or a folder replaced by a file all show up the same way).
 */
export async function notReadyReasons(checks: ReadinessChecks): Promise<string[]> {
  const [db, volume, cameras] = await Promise.all([dbProblem(checks.pingDb), writeProblem(checks.recordingsDir), recordingProblem(checks)]);
  const ffmpeg = checks.ffmpegProblem();
  return [db, volume, ffmpeg === null ? null : `ffmpeg unusable: ${ffmpeg}`, cameras].filter((r): r is string => r !== null);
}

async function dbProblem(pingDb: () => Promise<void>): Promise<string | null> {
  try {
    await pingDb();
    return null;
  } catch (e: unknown) {
    return `database not answering: ${e instanceof Error ? e.message : String(e)}`;
  }
}

async function writeProblem(folder: string): Promise<string | null> {
  const probe = path.join(folder, `.heldar-ready-${randomBytes(6).toString('hex')}`);
  try {
    // Created on first use, like the recorder creates it.
    await mkdir(folder, { recursive: true });
    await writeFile(probe, 'ready\n', { flag: 'wx' });
    await rm(probe, { force: true });
    return null;
  } catch (e: unknown) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') return `recordings volume full (${folder}: no space left to write)`;
    return `recordings volume not writable (${folder}: ${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

async function recordingProblem(checks: ReadinessChecks): Promise<string | null> {
  const min = checks.minRecordingPercent();
  if (min <= 0) return null;
  try {
    const { expected, recording } = await checks.recordingShare();
    if (expected === 0) return null;
    const percent = (100 * recording) / expected;
    if (percent >= min) return null;
    return `too few cameras recording: ${recording} of ${expected} (${Math.floor(percent)}%, at least ${min}% wanted)`;
  } catch (e: unknown) {
    // The database check reports the cause; this one only says it could not count.
    return `camera states unreadable: ${e instanceof Error ? e.message : String(e)}`;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What /readyz checks; each answers null when fine, else the reason it is not. */
export interface ReadinessChecks {
  /** The database answers a query. */
  pingDb: () => Promise<void>;
  /** The folder footage is written to. */
  recordingsDir: string;
  /** Why ffmpeg is unusable (found unusable at start), or null. */
  ffmpegProblem: () => string | null;
}

/**
 * Whether this node can do its work now: the reasons it cannot, empty when ready. The recordings
 * volume is proven writable by creating and removing a small probe file, not by its mode bits (a
 * read-only mount, a full disk or a folder replaced by a file all show up the same way).
 */
export async function notReadyReasons(checks: ReadinessChecks): Promise<string[]> {
  const [db, volume] = await Promise.all([dbProblem(checks.pingDb), writeProblem(checks.recordingsDir)]);
  const ffmpeg = checks.ffmpegProblem();
  return [db, volume, ffmpeg === null ? null : `ffmpeg unusable: ${ffmpeg}`].filter((r): r is string => r !== null);
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
    return `recordings volume not writable (${folder}: ${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

import { readFile, readdir } from 'node:fs/promises';

/**
 * ffmpeg processes left running by a Heldar that crashed: any process whose command line writes into
 * this data folder's staging area. Found from the pids Heldar stored and from a scan of /proc (the
 * crash may have come between spawning ffmpeg and storing its pid); each candidate's command line is
 * checked, so a recycled pid that now belongs to something else is never touched.
 */
export async function findOrphanRecorders(stagingRoot: string, knownPids: readonly number[]): Promise<number[]> {
  const candidates = new Set<number>(knownPids);
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (/^\d+$/.test(entry)) candidates.add(Number(entry));
  }
  candidates.delete(process.pid);
  const marker = stagingRoot.endsWith('/') ? stagingRoot : `${stagingRoot}/`;
  const found: number[] = [];
  for (const pid of candidates) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline === '') continue;
    const args = cmdline.split('\0');
    const isFfmpeg = (args[0] ?? '').split('/').pop()?.startsWith('ffmpeg') ?? false;
    if (isFfmpeg && args.some((a) => a.startsWith(marker))) found.push(pid);
  }
  return found;
}

/** SIGKILLs the processes and waits (up to `timeoutMs`) until they are gone. Returns those killed. */
export async function killAndWait(pids: readonly number[], timeoutMs = 5000): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch (e: unknown) {
      // ESRCH: it ended on its own between the scan and now — the goal is reached either way.
      if ((e as { code?: string }).code !== 'ESRCH') throw e;
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (killed.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return killed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH (gone) or EPERM (not ours any more): either way not our ffmpeg.
    return false;
  }
}

import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Processes that have a database file (or its -wal/-shm) open, from /proc/<pid>/fd: a running
 * `heldar serve` or `demo` always does, whatever port it listens on, and no lock file can go stale
 * after a crash. Processes of other accounts are not visible without root; Heldar runs as one account.
 */
export async function databaseHolders(file: string): Promise<number[]> {
  const wanted = new Set([file, `${file}-wal`, `${file}-shm`].map((f) => path.resolve(f)));
  const holders: number[] = [];
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    // No /proc (not Linux): nothing can be told this way.
    return holders;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      // Gone, or another account's process.
      continue;
    }
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (wanted.has(target)) {
        holders.push(Number(pid));
        break;
      }
    }
  }
  return holders;
}

import { execFile } from 'node:child_process';

/**
 * A command prefix under which a long-running ffmpeg gets SIGTERM the moment Heldar dies, however it
 * dies (kill -9 included): util-linux's `setpriv --pdeathsig TERM` sets the Linux parent-death signal,
 * then execs ffmpeg (same pid, same command line once running). ffmpeg handles SIGTERM like `q`:
 * it finishes the segment it is writing and exits, so nothing records unsupervised (no index, no
 * retention) until the next start's orphan check. ffmpeg itself cannot be asked: it ignores the end of
 * its stdin, and only notices a closed stdout at the end of its current segment.
 *
 * Resolves `[]` where setpriv or its --pdeathsig is missing (not Linux, a minimal image): ffmpeg then
 * runs as before and the start-up orphan check is the only safety net.
 */
export async function parentDeathPrefix(setprivBin = 'setpriv'): Promise<readonly string[]> {
  const help = await new Promise<string>((resolve) => {
    execFile(setprivBin, ['--help'], { timeout: 5000 }, (error, stdout) => resolve(error ? '' : stdout));
  });
  return help.includes('--pdeathsig') ? [setprivBin, '--pdeathsig', 'TERM', '--'] : [];
}

/** `bin args…` run under `prefix` (see parentDeathPrefix): the program and arguments to spawn. */
export function underPrefix(prefix: readonly string[], bin: string, args: readonly string[]): { file: string; args: string[] } {
  const [first, ...rest] = prefix;
  return first === undefined ? { file: bin, args: [...args] } : { file: first, args: [...rest, bin, ...args] };
}

import fs from 'node:fs';
import type { Logger } from 'pino';

/**
 * What other local accounts on the machine can see of a running Heldar, and the start-up steps that
 * narrow it. ffmpeg (5 and 6) takes a camera's credentials only inside its input URL, so every
 * recorder and sampler carries the password in its command line; on a stock Linux any local user
 * reads that with `ps`. The remedy is the system's: run Heldar under its own account and mount /proc
 * with `hidepid=2` (or `invisible`), which hides other users' processes. Heldar checks and warns.
 */

/**
 * Files and folders Heldar and its ffmpeg children create are not readable by other accounts:
 * folders 0750, files 0640 (group access is left for a backup account). Call once, before the
 * first file is created; child processes inherit it.
 */
export const PRIVATE_UMASK = 0o027;

/** Whether `/proc` (from the text of /proc/mounts) hides other users' processes and their command lines. */
export function procHidesOtherUsers(mounts: string): boolean {
  for (const line of mounts.split('\n')) {
    const [, mountPoint, type, options = ''] = line.split(' ');
    if (mountPoint !== '/proc' || type !== 'proc') continue;
    return options.split(',').some((o) => /^hidepid=(1|2|noaccess|invisible|ptraceable)$/.test(o));
  }
  return false;
}

/** Logs a warning when other local accounts can read the ffmpeg command lines (and so camera passwords). */
export function warnAboutProcessList(logger: Logger, readMounts: () => string = () => fs.readFileSync('/proc/mounts', 'utf8')): void {
  let mounts: string;
  try {
    mounts = readMounts();
  } catch {
    // Not Linux (no /proc/mounts): nothing to check, and nothing to warn about that Heldar could know.
    return;
  }
  if (procHidesOtherUsers(mounts)) return;
  logger.warn(
    { check: 'proc_hidepid' },
    'other local users can read every process\'s command line (ps), and ffmpeg carries camera passwords in its input URL: ' +
      'run Heldar under its own system account and mount /proc with hidepid=2 (see docs/security.md, "Local users")',
  );
}

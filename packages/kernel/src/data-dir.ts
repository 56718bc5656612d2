import fs from 'node:fs';

/**
 * Creates the data folder (database, recordings, clips, playback) readable by Heldar's account only
 * (0700). A folder an older version created open to other accounts loses those bits; group bits an
 * operator set (for a backup account) stay.
 */
export function prepareDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o007) !== 0) fs.chmodSync(dir, mode & 0o770);
}

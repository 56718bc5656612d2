import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { NotFound } from '../../errors.js';
import { resolveUnder } from '../../storage/media-path.js';

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

import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { BadRequest, NotFound } from '../errors.js';

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

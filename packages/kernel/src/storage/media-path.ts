import path from 'node:path';
import { BadRequest } from '../errors.js';

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

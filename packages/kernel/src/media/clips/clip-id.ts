import { randomBytes } from 'node:crypto';

/**
 * Clip ids and the file names derived from them. Both are checked against these patterns before any
 * path is built from them, so a request can never name a file outside the clips folder.
 */
export const CLIP_ID_PATTERN = '^clip_[0-9a-f]{32}$';
/** `<id>.mp4`, `<id>-2.mp4`… (a new file per codec change), `<id>.manifest.json`. */
export const CLIP_FILE_PATTERN = '^clip_[0-9a-f]{32}(-[0-9]{1,3})?\\.mp4$|^clip_[0-9a-f]{32}\\.manifest\\.json$';

const FILE_RE = new RegExp(CLIP_FILE_PATTERN);

export function newClipId(): string {
  return `clip_${randomBytes(16).toString('hex')}`;
}

/** `<id>.mp4` for the first file, `<id>-<n>.mp4` (n from 2) for the next ones. */
export function clipFilename(id: string, part: number): string {
  return part === 0 ? `${id}.mp4` : `${id}-${part + 1}.mp4`;
}

export function manifestFilename(id: string): string {
  return `${id}.manifest.json`;
}

/** The clip id a served file name belongs to, or null when the name is not one of ours. */
export function clipIdOfFile(filename: string): string | null {
  return FILE_RE.test(filename) ? filename.slice(0, 'clip_'.length + 32) : null;
}

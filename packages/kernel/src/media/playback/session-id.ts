import { randomBytes } from 'node:crypto';

/**
 * Playback session ids: `pbs_` and 32 hex digits when we make them; anything that is not `pbs_`
 * followed by letters and digits, 64 characters at most, is refused before a path or a query is
 * built from it (the Rust original, docs/reference.md, also let `_` through; nothing we hand out contains one).
 */
const SESSION_ID = /^pbs_[A-Za-z0-9]{1,60}$/;

export function newSessionId(): string {
  return `pbs_${randomBytes(16).toString('hex')}`;
}

export function isValidSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

/** A media file name inside a session: the playlist, or `<segment id>.mp4`. */
export type SessionFile = { kind: 'playlist' } | { kind: 'segment'; segmentId: number };

export const PLAYLIST_FILE = 'index.m3u8';

/** Parses a file name from a /media/playback URL; null for anything else (→ 404). */
export function parseSessionFile(name: string): SessionFile | null {
  if (name === PLAYLIST_FILE) return { kind: 'playlist' };
  const m = /^([1-9][0-9]{0,14})\.mp4$/.exec(name);
  return m ? { kind: 'segment', segmentId: Number(m[1]) } : null;
}

import { createHmac } from 'node:crypto';

/**
 * The RTSP password of an API key. RTSP clients (VLC, Home Assistant, other NVRs) authenticate with
 * HTTP Digest, which needs the password (or its HA1) on the server; Heldar keeps only a SHA-256 of a
 * key's secret and an argon2 hash of a user's password, so neither works as a digest password. This
 * one is derived from the stored secret hash instead: nothing new is stored, it is shown once with
 * the key, and revoking the key revokes it. Like any digest credential it can be computed by whoever
 * can read the database (docs/security.md).
 */
export function rtspPasswordOf(secretHash: string): string {
  return createHmac('sha256', secretHash).update('heldar rtsp restream').digest('base64url').slice(0, 32);
}

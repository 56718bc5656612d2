import { createHash, timingSafeEqual } from 'node:crypto';
import { child, text, type XmlNode } from './soap.js';

/** How far a UsernameToken's Created may be from the device's clock, like real cameras' replay check. */
const MAX_SKEW_MS = 5 * 60_000;

export type AuthVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks a WS-Security UsernameToken with PasswordDigest:
 * Base64(SHA-1(nonce bytes + Created + password)), Created within five minutes of the device's own
 * clock (so a client that ignores the device's clock offset fails, as on a real camera).
 */
export function verifyUsernameToken(header: XmlNode, username: string, password: string, deviceNowMs: number): AuthVerdict {
  const token = child(child(header, 'Security'), 'UsernameToken');
  const user = text(token, 'Username');
  const digest = text(token, 'Password');
  const nonce = text(token, 'Nonce');
  const created = text(token, 'Created');
  if (user === undefined || digest === undefined || nonce === undefined || created === undefined) {
    return { ok: false, reason: 'a WS-Security UsernameToken with a password digest is required' };
  }
  const createdMs = Date.parse(created);
  if (!Number.isFinite(createdMs) || Math.abs(createdMs - deviceNowMs) > MAX_SKEW_MS) {
    return { ok: false, reason: 'the UsernameToken was created too far from the device time' };
  }
  const expected = createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest();
  const given = Buffer.from(digest, 'base64');
  if (user !== username || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'wrong user name or password' };
  }
  return { ok: true };
}

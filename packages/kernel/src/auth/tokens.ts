import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Hex SHA-256 of a secret token (session tokens, API key secrets). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two strings in time that depends only on their lengths, never on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; the hashes compared here always have them.
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** 256 bits from the system CSPRNG, base64url (43 characters): session tokens and key secrets. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A 64-bit random id in hex (16 characters). */
export function randomId(): string {
  return randomBytes(8).toString('hex');
}

const KEY_PATTERN = /^hk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** `hk_<id>_<secret>`: the id finds the row, the secret is checked against its hash. */
export function formatApiKey(id: string, secret: string): string {
  return `hk_${id}_${secret}`;
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

// No 0/O, 1/l/I: a generated password is read off a console and typed by a person.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters (20 → about 117 bits). */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

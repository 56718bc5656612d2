import { hash, verify } from '@node-rs/argon2';
import { BadRequest } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

// argon2id (the library's default algorithm; `Algorithm` is a const enum that bundlers cannot inline,
// so it is not passed) with OWASP's minimum parameters: 19 MiB, 2 passes, 1 lane. About 50–100 ms
// here; the parameters are stored in each hash, so raising them later only affects new hashes.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Throws a BadRequest saying what is wrong with a new password. Lengths count characters, not bytes. */
export function checkPasswordRules(password: string, username?: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw new BadRequest(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (length > MAX_PASSWORD_LENGTH) throw new BadRequest(`the password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  if (username !== undefined && password.toLowerCase() === username.toLowerCase()) {
    throw new BadRequest('the password must not be the user name');
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** argon2's own comparison is constant-time; a malformed stored hash counts as a mismatch. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    // Only a corrupt hash string gets here; refusing the login is the safe answer.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash: a login for a user that does not exist takes as long as one
 * for a user that does, so response times do not reveal which user names exist.
 */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('heldar-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

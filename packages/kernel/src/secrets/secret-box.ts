import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption of secrets stored in the database (camera passwords and stream URLs, webhook and other
 * integration secrets): AES-256-GCM in a versioned text format, so a later format or algorithm can be
 * told apart from this one and from plaintext written by an older Heldar.
 *
 *   enc:v1:<base64 of iv (12 bytes) | tag (16 bytes) | ciphertext>
 */
export interface SecretBox {
  /** The stored form of a secret; a fresh random IV every time. */
  encrypt(plain: string): string;
  /**
   * The secret of a stored value. Plaintext (a value from before encryption at rest) is returned as it
   * is; the start-up step encrypts it. Throws SecretDecryptError when the key does not fit.
   */
  decrypt(stored: string): string;
}

export const SECRET_PREFIX = 'enc:v1:';
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a stored secret does not decrypt with the key in use (wrong key, damaged value). */
export class SecretDecryptError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretDecryptError';
  }
}

/** Whether a stored value is in an encrypted format (otherwise it is plaintext from an older version). */
export function isEncryptedSecret(stored: string): boolean {
  return stored.startsWith('enc:');
}

export class AesGcmSecretBox implements SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secret key has ${SECRET_KEY_BYTES} bytes (got ${key.length})`);
    this.#key = Buffer.from(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SECRET_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  decrypt(stored: string): string {
    if (!isEncryptedSecret(stored)) return stored;
    if (!stored.startsWith(SECRET_PREFIX)) throw new SecretDecryptError(`unknown secret format "${stored.slice(0, stored.indexOf(':', 4) + 1)}" (from a newer Heldar?)`);
    const raw = Buffer.from(stored.slice(SECRET_PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptError('stored secret is too short to be encrypted data');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (e: unknown) {
      throw new SecretDecryptError('authentication failed (another key encrypted it, or the value is damaged)', { cause: e });
    }
  }
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_BYTES } from './secret-box.js';

/** The key file created in the data folder when HELDAR_SECRET_KEY is not set. */
export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKey {
  readonly key: Buffer;
  /** Where it came from: the variable, or the key file (its path). */
  readonly source: { readonly kind: 'env' } | { readonly kind: 'file'; readonly path: string };
}

/**
 * Reads a key written as base64 (44 characters) or hex (64 characters) of 32 bytes. Returns null
 * when the text is neither, so the caller can name the variable or file in its message.
 */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === SECRET_KEY_BYTES) return key;
  }
  return null;
}

/** A new random key in the text form the variable and the key file take (base64). */
export function generateSecretKeyText(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

/**
 * The key in use: HELDAR_SECRET_KEY when set (already checked by the config), else the key file in the
 * data folder, created with mode 0600 on the first start (exclusive create, so two starts racing cannot
 * write different keys).
 */
export function loadSecretKey(configured: Buffer | null, dataDir: string): SecretKey {
  if (configured !== null) return { key: configured, source: { kind: 'env' } };
  const file = path.join(dataDir, SECRET_KEY_FILE);
  try {
    fs.writeFileSync(file, generateSecretKeyText() + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the secret key file ${file}`, { cause: e });
  }
  const key = parseSecretKey(fs.readFileSync(file, 'utf8'));
  if (key === null) throw new Error(`the secret key file ${file} does not hold a key (base64 or hex of ${SECRET_KEY_BYTES} bytes)`);
  return { key, source: { kind: 'file', path: file } };
}

/** Replaces the key file atomically (temp file with mode 0600, fsync, rename). */
export function writeSecretKeyFile(file: string, keyText: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, keyText + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e: unknown) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

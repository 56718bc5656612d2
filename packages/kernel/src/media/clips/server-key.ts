import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/** The server's Ed25519 signing key for clip manifests, and how others name its public half. */
export interface ServerKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The raw 32-byte Ed25519 public key, base64: what manifests carry. */
  readonly publicKeyBase64: string;
  readonly publicKeyPem: string;
  /** First 16 hex digits of SHA-256 over the raw public key: short enough to read out loud. */
  readonly keyId: string;
}

export const SERVER_KEY_FILE = path.join('keys', 'clip-signing-ed25519.pem');

/**
 * Loads the signing key from `<dataDir>/keys/clip-signing-ed25519.pem`, generating it on first use.
 * The file holds the private key (PKCS#8 PEM) and is created with mode 0600 in a 0700 folder; a file
 * found readable by others is tightened back to 0600 with a warning. Creation uses O_EXCL, so two
 * processes starting at once end up with the same key rather than one overwriting the other's.
 */
export async function loadOrCreateServerKey(dataDir: string, logger?: Logger): Promise<ServerKey> {
  const file = path.join(dataDir, SERVER_KEY_FILE);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let pem = await readFile(file, 'utf8').catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  });
  if (pem === null) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const generated = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      await writeFile(file, generated, { mode: 0o600, flag: 'wx' });
      pem = generated;
      logger?.info({ file }, 'clip signing key generated');
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      pem = await readFile(file, 'utf8');
    }
  } else {
    const { mode } = await stat(file);
    if ((mode & 0o077) !== 0) {
      await chmod(file, 0o600);
      logger?.warn({ file, mode: (mode & 0o777).toString(8) }, 'clip signing key was readable by others; permissions reset to 0600');
    }
  }
  return serverKeyFromPem(pem);
}

/** @throws Error when the PEM is not an Ed25519 private key. */
export function serverKeyFromPem(pem: string): ServerKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the clip signing key is a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  }
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return {
    privateKey,
    publicKey,
    publicKeyBase64: raw.toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(raw),
  };
}

/** The 32 raw bytes of an Ed25519 public key (the last 32 bytes of its SPKI DER encoding). */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

export function keyIdOf(rawKey: Buffer): string {
  return createHash('sha256').update(rawKey).digest('hex').slice(0, 16);
}

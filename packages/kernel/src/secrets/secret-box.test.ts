import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox, SecretDecryptError } from './secret-box.js';
import { parseSecretKey } from './secret-key.js';

describe('AesGcmSecretBox', () => {
  const box = new AesGcmSecretBox(randomBytes(32));

  it('round-trips text, with a fresh IV each time', () => {
    const a = box.encrypt('pässword 🔑');
    const b = box.encrypt('pässword 🔑');
    expect(a).toMatch(/^enc:v1:/);
    expect(a).not.toBe(b);
    expect(box.decrypt(a)).toBe('pässword 🔑');
    expect(box.decrypt(b)).toBe('pässword 🔑');
  });

  it('passes plaintext through and refuses another key, a changed value and an unknown version', () => {
    expect(box.decrypt('plain')).toBe('plain');
    const sealed = box.encrypt('secret');
    expect(() => new AesGcmSecretBox(randomBytes(32)).decrypt(sealed)).toThrow(SecretDecryptError);
    const raw = Buffer.from(sealed.slice(7), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => box.decrypt(`enc:v1:${raw.toString('base64')}`)).toThrow(/authentication failed/);
    expect(() => box.decrypt('enc:v9:AAAA')).toThrow(/unknown secret format "enc:v9:"/);
  });
});

describe('parseSecretKey', () => {
  it('takes base64 (also URL-safe) and hex of 32 bytes, nothing else', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'))).toEqual(key);
    expect(parseSecretKey(` ${key.toString('hex')}\n`)).toEqual(key);
    expect(parseSecretKey(randomBytes(16).toString('base64'))).toBeNull();
    expect(parseSecretKey('x'.repeat(64))).toBeNull();
  });
});

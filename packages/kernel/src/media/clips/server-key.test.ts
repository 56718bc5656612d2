import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateServerKey, SERVER_KEY_FILE } from './server-key.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'heldar-key-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('server signing key', () => {
  it('is generated once with mode 0600, then reused; loosened permissions are tightened again', async () => {
    const [a, b] = await Promise.all([loadOrCreateServerKey(dir), loadOrCreateServerKey(dir)]);
    expect(a.publicKeyBase64).toBe(b.publicKeyBase64);
    const file = path.join(dir, SERVER_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(a.publicKeyBase64, 'base64')).toHaveLength(32);
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.publicKeyPem).toContain('BEGIN PUBLIC KEY');

    await chmod(file, 0o644);
    const again = await loadOrCreateServerKey(dir);
    expect(again.keyId).toBe(a.keyId);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashThread } from './hash-thread.js';

const thread = new HashThread();
afterAll(() => thread.close());

const sha256 = (...parts: Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

describe('HashThread', () => {
  it('hashes shared and ordinary buffers, in order, to the same SHA-256 as node:crypto', async () => {
    const shared = Buffer.from(new SharedArrayBuffer(1 << 20));
    randomBytes(shared.length).copy(shared);
    const small = randomBytes(333);
    const stream = thread.stream();
    // A view in the middle of the shared buffer, an ordinary buffer, then the whole shared buffer.
    await Promise.all([stream.update([shared.subarray(100, 5000), small]), stream.update([shared])]);
    expect(await stream.digest()).toBe(sha256(shared.subarray(100, 5000), small, shared));
  });

  it('keeps concurrent streams apart; an empty stream is the empty digest', async () => {
    const a = thread.stream();
    const b = thread.stream();
    const x = randomBytes(1000);
    const y = randomBytes(2000);
    await Promise.all([a.update([x]), b.update([y]), a.update([y])]);
    expect(await b.digest()).toBe(sha256(y));
    expect(await a.digest()).toBe(sha256(x, y));
    expect(await thread.stream().digest()).toBe(sha256());
  });

  it('hashes a whole file on the thread, and says why it cannot', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heldar-hash-'));
    try {
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      await writeFile(path.join(dir, 'f'), bytes);
      expect(await thread.file(path.join(dir, 'f'))).toEqual({ sha256: sha256(bytes), size: bytes.length });
      await expect(thread.file(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails what is still waiting when closed, and starts again on the next use', async () => {
    const own = new HashThread();
    const pending = own.stream().update([randomBytes(64 << 20)]);
    await own.close();
    await expect(pending).rejects.toThrow(/stopped|exited/);
    const again = own.stream();
    await again.update([Buffer.from('abc')]);
    expect(await again.digest()).toBe(sha256(Buffer.from('abc')));
    await own.close();
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HashPool } from './hash-pool.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HashPool', () => {
  it('hashes files in worker threads, several at once; a missing file fails with ENOENT', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'heldar-hash-pool-'));
    const pool = new HashPool(2);
    try {
      const files = await Promise.all(
        [0, 1, 5 * 1024 * 1024 + 3, 9 * 1024 * 1024].map(async (size, i) => {
          const data = Buffer.alloc(size, i + 1);
          const file = path.join(dir!, `f${i}`);
          await writeFile(file, data);
          return { file, size, sha256: createHash('sha256').update(data).digest('hex') };
        }),
      );
      const hashed = await Promise.all(files.map((f) => pool.hash(f.file)));
      expect(hashed).toEqual(files.map((f) => ({ size: f.size, sha256: f.sha256 })));
      await expect(pool.hash(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
      // Still usable after a failure.
      expect(await pool.hash(files[2]!.file)).toEqual({ size: files[2]!.size, sha256: files[2]!.sha256 });
    } finally {
      await pool.close();
    }
  });
});

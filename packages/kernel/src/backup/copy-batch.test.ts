import { describe, expect, it } from 'vitest';
import type { CopyRecord } from './backup.repository.js';
import { CopyBatch } from './copy-batch.js';

function copy(id: number, size = 1000): CopyRecord {
  return { destination_id: 'd', segment_id: id, camera_id: 'c', path: `c/2026-03-01/10/${id}.mp4`, start_ms: id, end_ms: id + 1, size_bytes: size, sha256: 'x', copied_at: 0 };
}

describe('CopyBatch', () => {
  it('records a copy only after a flush, in order, one flush at a time', async () => {
    const log: string[] = [];
    let releaseFirst = (): void => {};
    let flushes = 0;
    const batch = new CopyBatch({
      flush: async () => {
        const n = ++flushes;
        log.push(`flush ${n} start`);
        if (n === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
        log.push(`flush ${n} end`);
      },
      record: (copies) => {
        log.push(`record ${copies.map((c) => c.segment_id).join(',')}`);
        return Promise.resolve();
      },
      recorded: () => Promise.resolve(),
    });
    // 64 files make a full batch.
    for (let i = 1; i < 64; i++) await batch.add(copy(i));
    expect(log).toEqual([]);
    const full = batch.add(copy(64));
    await batch.add(copy(65));
    const last = batch.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['flush 1 start']);
    releaseFirst();
    await Promise.all([full, last]);
    expect(log[0]).toBe('flush 1 start');
    expect(log.slice(1)).toEqual(['flush 1 end', `record ${Array.from({ length: 64 }, (_, i) => i + 1).join(',')}`, 'flush 2 start', 'flush 2 end', 'record 65']);
  });

  it('flushes at 256 MiB however few files, and a failed flush records nothing yet lets the next one run', async () => {
    const recorded: number[][] = [];
    let fail = true;
    const batch = new CopyBatch({
      flush: () => (fail ? Promise.reject(new Error('disk full')) : Promise.resolve()),
      record: (copies) => {
        recorded.push(copies.map((c) => c.segment_id));
        return Promise.resolve();
      },
      recorded: () => Promise.resolve(),
    });
    await batch.add(copy(1, 200 * 1024 * 1024));
    await expect(batch.add(copy(2, 100 * 1024 * 1024))).rejects.toThrow('disk full');
    fail = false;
    await batch.add(copy(3));
    await batch.flush();
    expect(recorded).toEqual([[3]]);
  });
});

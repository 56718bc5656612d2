import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { openTestDatabase } from '../../test/helpers/test-database.js';
import type { Db } from '../db/database.js';
import { LeaseRepository } from './lease.repository.js';
import { SegmentLeases } from './segment-leases.js';

let db: Db;
let disposeDb: () => Promise<void>;
const clock = new ManualClock(1_000_000);
let leases: SegmentLeases;

beforeEach(async () => {
  ({ db, dispose: disposeDb } = await openTestDatabase());
  for (let i = 1; i <= 5; i++) {
    await db
      .insertInto('segments')
      .values({ camera_id: 'c', path: `c/${i}.mp4`, start_ms: i * 1000, end_ms: i * 1000 + 1000, duration_ms: 1000, codec: 'h264', codecs: null, width: 1, height: 1, size_bytes: 1, container: 'fmp4', init_size: null, fragments: null, created_at: 0 })
      .execute();
  }
  leases = new SegmentLeases(new LeaseRepository(db), clock);
});
afterEach(async () => {
  await disposeDb();
});

describe('segment leases', () => {
  it('two overlapping holders: releasing one keeps the shared segments protected', async () => {
    const a = await leases.acquire('clip:1', [1, 2, 3], 60_000);
    const b = await leases.acquire('clip:2', [3, 4], 60_000);
    expect([...(await leases.held([1, 2, 3, 4, 5]))].sort()).toEqual([1, 2, 3, 4]);
    await leases.release(a);
    expect([...(await leases.held([1, 2, 3, 4, 5]))].sort()).toEqual([3, 4]);
    await leases.release(b);
    expect((await leases.held([1, 2, 3, 4, 5])).size).toBe(0);
  });

  it('the same holder name twice is still two leases', async () => {
    const a = await leases.acquire('pbs:x', [1], 60_000);
    await leases.acquire('pbs:x', [1], 60_000);
    await leases.release(a);
    expect([...(await leases.held([1]))]).toEqual([1]);
  });

  it('an expired lease no longer protects and is reclaimed; renewing keeps it alive', async () => {
    const a = await leases.acquire('clip:crashed', [1], 10_000);
    const b = await leases.acquire('pbs:live', [2], 10_000);
    clock.advance(5_000);
    await leases.renew(b, 10_000);
    clock.advance(6_000);
    expect([...(await leases.held([1, 2]))]).toEqual([2]);
    const holders = await leases.reclaimExpired();
    expect(holders).toEqual([a.holder]);
    expect(await db.selectFrom('segment_leases').select('holder').execute()).toEqual([{ holder: b.holder }]);
  });

  it('withLease releases on success and on failure', async () => {
    await leases.withLease('clip:ok', [1, 2], 60_000, async () => {
      expect((await leases.held([1, 2])).size).toBe(2);
    });
    await expect(
      leases.withLease('clip:fails', [1], 60_000, async () => {
        throw new Error('export failed');
      }),
    ).rejects.toThrow('export failed');
    expect(await db.selectFrom('segment_leases').selectAll().execute()).toEqual([]);
  });
});

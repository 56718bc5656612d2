import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { testResources } from './helpers/resources.js';
import { HOUR, NOW, addSegments, addStillCamera } from './storage-fixtures.js';

const use = testResources();

interface LastSweepJson {
  at: string;
  duration_ms: number;
  deleted_segments: number;
  freed_bytes: number;
  files_failed: number;
}

describe('the last retention sweep', () => {
  it('is kept across a restart: GET /api/system, GET /api/storage and the metrics show it before the next sweep', async () => {
    const dataDir = await use.dir();
    const env = { HELDAR_DATA_DIR: dataDir, HELDAR_MIN_FREE_BYTES: '0', HELDAR_METRICS_PUBLIC: 'true' };
    const first = await use.kernel(env, { clock: new ManualClock(NOW) });
    await addStillCamera(first, 'door');
    await addSegments(first, 'door', { count: 5, start: NOW - HOUR, size: 1000 });
    await first.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: '3000' } });
    const report = await first.modules.storage.retention.sweep();
    expect(report.deleted.global_bytes).toBe(2);
    const before = (await first.inject({ url: '/api/system' })).json<{ last_sweep: LastSweepJson }>().last_sweep;
    expect(before).toMatchObject({ at: new Date(NOW).toISOString(), deleted_segments: 2, freed_bytes: 2000, files_failed: 0 });
    await first.close();

    // A day later, on the same data folder; no sweep has run in this process.
    const again = await use.kernel(env, { clock: new ManualClock(NOW + 24 * HOUR) });
    expect(again.modules.storage.retention.lastSweep).toEqual(report);
    const system = await again.inject({ url: '/api/system' });
    expect(system.statusCode).toBe(200);
    expect(system.json<{ last_sweep: LastSweepJson }>().last_sweep).toEqual(before);
    const storage = (await again.inject({ url: '/api/storage' })).json<{ last_sweep: { at: string; deleted_segments: number; bytes_freed: number } }>();
    expect(storage.last_sweep).toMatchObject({ at: new Date(NOW).toISOString(), deleted_segments: 2, bytes_freed: 2000 });
    const metrics = (await again.injectAnonymous({ url: '/metrics' })).body;
    expect(metrics).toMatch(new RegExp(`^heldar_retention_last_sweep_timestamp_seconds ${(report.at + report.durationMs) / 1000}$`, 'm'));
    // Deletions are counted where they happen: the restored report is not counted again.
    expect(metrics).not.toMatch(/^heldar_retention_deleted_segments_total\{/m);

    // The next sweep replaces it, in memory and in the table.
    const next = await again.modules.storage.retention.sweep();
    expect(next.at).toBe(NOW + 24 * HOUR);
    const rows = await again.db.selectFrom('retention_last_sweep').select(['name', 'at']).execute();
    expect(rows.map((r) => ({ name: r.name, at: Number(r.at) }))).toEqual([{ name: 'recordings', at: NOW + 24 * HOUR }]);
    expect((await again.inject({ url: '/api/system' })).json<{ last_sweep: LastSweepJson }>().last_sweep).toMatchObject({ at: new Date(NOW + 24 * HOUR).toISOString(), deleted_segments: 0 });
  });

  it('is null on a new data folder, and a report the table cannot give back leaves it null', async () => {
    const k = await use.kernel();
    expect((await k.inject({ url: '/api/system' })).json<{ last_sweep: unknown }>().last_sweep).toBeNull();
    await k.db.insertInto('retention_last_sweep').values({ name: 'recordings', at: NOW, report: '{"not":"a report"}' }).execute();
    await k.modules.storage.retention.restoreLast();
    expect(k.modules.storage.retention.lastSweep).toBeNull();
  });
});

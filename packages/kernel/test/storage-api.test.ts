import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { toRfc3339 } from '../src/time.js';
import { testResources } from './helpers/resources.js';
import { HOUR, NOW, addSegments, addStillCamera, eventsOfKind, exists, fakeVolumes, fileOf, openIncident, rowIds } from './storage-fixtures.js';

const resources = testResources();

describe('GET /api/storage', () => {
  it('reports each volume and each camera: bytes, segments, span, rate and the days left', async () => {
    const mirrorDir = await resources.dir('heldar-mirror-');
    const k = await resources.kernel(
      { HELDAR_MIN_FREE_BYTES: '10%', HELDAR_MIRROR_DIR: mirrorDir, HELDAR_MIRROR_MIN_FREE_BYTES: '1000' },
      { clock: new ManualClock(NOW), storage: { volumeStats: fakeVolumes(1_000_000) } },
    );
    await addStillCamera(k, 'door', { mirror_enabled: true });
    await addStillCamera(k, 'yard', { retention_max_bytes: 10_000 });
    await addStillCamera(k, 'gate');
    // door: 48 half-hour segments over the last day = 2000 bytes/hour; yard: 2000 bytes in its first hour.
    await addSegments(k, 'door', { count: 48, start: NOW - 24 * HOUR, durationMs: HOUR / 2 });
    await addSegments(k, 'yard', { count: 2, start: NOW - HOUR, durationMs: HOUR / 2 });
    await openIncident(k, { title: 'x', cameras: ['door'], from: toRfc3339(NOW - HOUR), to: toRfc3339(NOW) });
    await k.leases.acquire('pbs:x', [1], 60_000);

    const res = await k.inject({ method: 'GET', url: '/api/storage' });
    expect(res.statusCode).toBe(200);
    // 50 000 bytes recorded; free 950 000 above a 100 000 floor; 4000 bytes/hour in all.
    expect(res.json()).toEqual({
      volumes: [
        {
          name: 'recordings',
          total_bytes: 1_000_000,
          used_bytes: 50_000,
          free_bytes: 950_000,
          min_free_bytes: 100_000,
          max_bytes: null,
          recorded_bytes: 50_000,
          estimated_days_left: 8.9, // 850 000 / 4000 / 24
          error: null,
        },
        {
          name: 'mirror',
          total_bytes: 1_000_000,
          used_bytes: 0,
          free_bytes: 1_000_000,
          min_free_bytes: 1000,
          max_bytes: null,
          recorded_bytes: null, // known after the first sweep has walked the mirror
          estimated_days_left: 20.8, // 999 000 / 2000 (door is the only mirrored camera) / 24
          error: null,
        },
      ],
      cameras: [
        {
          camera_id: 'door',
          bytes: 48_000,
          segments: 48,
          oldest: toRfc3339(NOW - 24 * HOUR),
          newest: toRfc3339(NOW),
          bytes_per_hour: 2000,
          retention_days: null,
          retention_max_bytes: null,
          estimated_days_left: 8.9,
        },
        { camera_id: 'gate', bytes: 0, segments: 0, oldest: null, newest: null, bytes_per_hour: 0, retention_days: null, retention_max_bytes: null, estimated_days_left: null },
        {
          camera_id: 'yard',
          bytes: 2000,
          segments: 2,
          oldest: toRfc3339(NOW - HOUR),
          newest: toRfc3339(NOW),
          bytes_per_hour: 2000,
          retention_days: null,
          retention_max_bytes: 10_000,
          estimated_days_left: 0.2, // its own budget: 8000 / 2000 / 24
        },
      ],
      holds: { open_incidents: 1, active_leases: 1 },
      // Per node (one here; on PostgreSQL rows without a node are listed apart) and in total.
      nodes: expect.any(Array),
      total: { recorded_bytes: 50_000, segments: 50, free_bytes: 950_000, total_bytes: 1_000_000 },
      last_sweep: null,
    });

    await k.modules.storage.retention.sweep();
    const after = (await k.inject({ method: 'GET', url: '/api/storage' })).json<{ last_sweep: unknown; volumes: unknown[] }>();
    expect(after.last_sweep).toMatchObject({ at: toRfc3339(NOW), deleted_segments: 0, bytes_freed: 0, mirror_files_deleted: 0, pressure: [] });
    expect(after.volumes[1]).toMatchObject({ name: 'mirror', recorded_bytes: 0 });
  });

  it('a global budget shortens the estimate', async () => {
    const k = await resources.kernel(
      { HELDAR_MIN_FREE_BYTES: '0', HELDAR_RETENTION_MAX_BYTES: '98000' },
      { clock: new ManualClock(NOW), storage: { volumeStats: fakeVolumes(1_000_000) } },
    );
    await addStillCamera(k, 'door');
    await addSegments(k, 'door', { count: 48, start: NOW - 24 * HOUR, durationMs: HOUR / 2 });
    const body = (await k.inject({ method: 'GET', url: '/api/storage' })).json<{ volumes: unknown[]; cameras: unknown[] }>();
    // (98 000 − 48 000) / 2000 per hour / 24 = 1.04 days, well before the disk (952 000 free) fills.
    expect(body.volumes).toMatchObject([{ name: 'recordings', max_bytes: 98_000, recorded_bytes: 48_000, estimated_days_left: 1 }]);
    expect(body.cameras).toMatchObject([{ camera_id: 'door', estimated_days_left: 1 }]);
  });

  it('a volume that cannot be measured says why', async () => {
    const k = await resources.kernel(
      { HELDAR_MIN_FREE_BYTES: '0', HELDAR_RETENTION_MAX_BYTES: '98000' },
      {
        clock: new ManualClock(NOW),
        storage: {
          volumeStats: () => Promise.reject(new Error('EIO: the disk went away')),
        },
      },
    );
    await addStillCamera(k, 'door');
    await addSegments(k, 'door', { count: 48, start: NOW - 24 * HOUR, durationMs: HOUR / 2 });
    const body = (await k.inject({ method: 'GET', url: '/api/storage' })).json<{ volumes: unknown[] }>();
    expect(body.volumes).toEqual([
      {
        name: 'recordings',
        total_bytes: null,
        used_bytes: null,
        free_bytes: null,
        min_free_bytes: 0,
        max_bytes: 98_000,
        recorded_bytes: 48_000,
        estimated_days_left: null,
        error: 'EIO: the disk went away',
      },
    ]);
  });
});

describe('free-space floor (injected free space)', () => {
  it('deletes the oldest unheld footage across cameras until the floor is met, then reports pressure when only held footage is left', async () => {
    const k = await resources.kernel({ HELDAR_MIN_FREE_BYTES: '50%' }, { clock: new ManualClock(NOW), storage: { volumeStats: fakeVolumes(20_000), batchSize: 2 } });
    await addStillCamera(k, 'a');
    await addStillCamera(k, 'b');
    // 15 000 of 20 000 bytes used: 5000 below the 10 000 floor.
    const a = await addSegments(k, 'a', { count: 8, start: NOW - HOUR });
    const b = await addSegments(k, 'b', { count: 7, start: NOW - HOUR + 5000 });
    await k.leases.acquire('clip:x', [a[0]!.id], 60_000);

    const report = await k.modules.storage.retention.sweep();
    expect(report.deleted.free_space).toBe(5);
    // Oldest first across cameras, skipping the leased a0: b0 a1 b1 a2 b2.
    expect(await rowIds(k, 'a')).toEqual([a[0]!, ...a.slice(3)].map((s) => s.id));
    expect(await rowIds(k, 'b')).toEqual(b.slice(3).map((s) => s.id));
    for (const s of [b[0]!, a[1]!, b[1]!, a[2]!, b[2]!]) expect(await fileOf(k, s)).toBe(false);
    expect(await eventsOfKind(k, 'storage_pressure')).toEqual([]);

    // More footage arrives, all of it held: the floor cannot be met without deleting held footage.
    await openIncident(k, { title: 'hold all', cameras: ['a', 'b'], from: toRfc3339(NOW - 2 * HOUR), to: toRfc3339(NOW + HOUR) });
    await addSegments(k, 'a', { count: 5, start: NOW });
    await k.modules.storage.retention.sweep();
    await k.modules.storage.retention.sweep();
    expect(await rowIds(k)).toHaveLength(15);
    expect(await eventsOfKind(k, 'storage_pressure')).toMatchObject([
      {
        camera_id: null,
        payload: { budget: 'free_space', volume: 'recordings', needed_bytes: 5000, reason: 'held', active_leases: 1, free_bytes: 5000, min_free_bytes: 10_000 },
      },
    ]);
  });
});

describe('mirror volume', () => {
  it('deletes the oldest mirror copies beyond the mirror budget, keeps held ones, and never touches the primary', async () => {
    const mirrorDir = await resources.dir('heldar-mirror-');
    const k = await resources.kernel(
      { HELDAR_MIN_FREE_BYTES: '0', HELDAR_MIRROR_DIR: mirrorDir, HELDAR_MIRROR_MAX_BYTES: '3000', HELDAR_MIRROR_MIN_FREE_BYTES: '0' },
      { clock: new ManualClock(NOW) },
    );
    await addStillCamera(k, 'door', { mirror_enabled: true });
    await addStillCamera(k, 'yard', { mirror_enabled: true });
    const door = await addSegments(k, 'door', { count: 4, start: NOW - HOUR });
    const yard = await addSegments(k, 'yard', { count: 3, start: NOW - HOUR + 5000 });
    // The mirror copier writes byte-identical copies under the same relative paths.
    for (const s of [...door, ...yard]) {
      await mkdir(path.dirname(path.join(mirrorDir, s.path)), { recursive: true });
      await writeFile(path.join(mirrorDir, s.path), Buffer.alloc(s.size, 1));
    }
    const inProgress = path.join(mirrorDir, `${door[3]!.path}.tmp`);
    await writeFile(inProgress, Buffer.alloc(5000));
    await openIncident(k, { title: 'x', cameras: ['door'], from: toRfc3339(door[0]!.start), to: toRfc3339(door[0]!.end) });

    const report = await k.modules.storage.retention.sweep();

    // 7000 bytes of copies against 3000: four go, oldest first across cameras, door0 is held.
    expect(report.mirror).toMatchObject({ deletedSpace: 4, bytesFreed: 4000, bytes: 3000, files: 3 });
    const mirrored = async (p: string) => exists(path.join(mirrorDir, p));
    for (const s of [yard[0]!, door[1]!, yard[1]!, door[2]!]) expect(await mirrored(s.path), s.path).toBe(false);
    for (const s of [door[0]!, yard[2]!, door[3]!]) expect(await mirrored(s.path), s.path).toBe(true);
    expect(await exists(inProgress)).toBe(true);
    // The primary recordings are the primary's business: all rows and files are still there.
    expect(await rowIds(k)).toHaveLength(7);
    for (const s of [...door, ...yard]) expect(await fileOf(k, s)).toBe(true);
    expect((await k.modules.storage.retention.sweep()).mirror).toMatchObject({ deletedSpace: 0, bytes: 3000 });
  });

  it('refuses to run when the mirror folder overlaps the recordings folder', async () => {
    const dataDir = await resources.dir();
    const k = await resources.kernel(
      { HELDAR_MIN_FREE_BYTES: '0', HELDAR_MIRROR_DIR: path.join(dataDir, 'recordings'), HELDAR_MIRROR_MAX_BYTES: '1' },
      { clock: new ManualClock(NOW), dataDir },
    );
    await addStillCamera(k, 'door', { mirror_enabled: true });
    const door = await addSegments(k, 'door', { count: 3, start: NOW - HOUR });
    const report = await k.modules.storage.retention.sweep();
    expect(report.mirror).toBeNull();
    for (const s of door) expect(await fileOf(k, s)).toBe(true);
  });
});

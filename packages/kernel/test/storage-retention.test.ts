import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { toRfc3339 } from '../src/time.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';
import { DAY, HOUR, NOW, addSegments, addStillCamera, eventsOfKind, fileOf, openIncident, rowIds, type SyntheticSegment } from './storage-fixtures.js';

const resources = testResources();

/** A kernel on a manual clock; small batches so every rule runs over several marking statements. */
async function kernel(env: Record<string, string> = {}): Promise<{ kernel: TestKernel; clock: ManualClock }> {
  const clock = new ManualClock(NOW);
  const k = await resources.kernel({ HELDAR_MIN_FREE_BYTES: '0', ...env }, { clock, storage: { batchSize: 4 } });
  return { kernel: k, clock };
}

async function expectKept(k: TestKernel, kept: SyntheticSegment[], gone: SyntheticSegment[]): Promise<void> {
  for (const s of kept) expect(await fileOf(k, s), `file of kept segment ${s.id}`).toBe(true);
  for (const s of gone) expect(await fileOf(k, s), `file of deleted segment ${s.id}`).toBe(false);
}

describe('retention by age', () => {
  it('deletes exactly the segments that ended before retention_days, except leased and incident-held ones', async () => {
    const { kernel: k } = await kernel();
    await addStillCamera(k, 'door', { retention_days: 7 });
    await addStillCamera(k, 'yard');
    // 20 segments of 12 h over the last 10 days: the first 6 ended at or before now − 7 days.
    const door = await addSegments(k, 'door', { count: 20, start: NOW - 10 * DAY, durationMs: 12 * HOUR });
    const yard = await addSegments(k, 'yard', { count: 5, start: NOW - 30 * DAY, durationMs: 12 * HOUR });
    await k.leases.acquire('clip:evidence', [door[1]!.id], 60_000);
    await openIncident(k, {
      title: 'Break-in',
      cameras: ['door'],
      from: toRfc3339(door[3]!.start + HOUR),
      to: toRfc3339(door[3]!.start + 2 * HOUR),
    });

    const report = await k.modules.storage.retention.sweep();

    expect(report.deleted.age).toBe(4);
    const deleted = [door[0]!, door[2]!, door[4]!, door[5]!];
    const keptDoor = door.filter((s) => !deleted.includes(s));
    expect(await rowIds(k, 'door')).toEqual(keptDoor.map((s) => s.id));
    await expectKept(k, keptDoor, deleted);
    // A camera without retention_days keeps everything, however old.
    expect(await rowIds(k, 'yard')).toEqual(yard.map((s) => s.id));
    expect(report.bytesFreed).toBe(4000);

    // Nothing more is due: a second sweep deletes nothing.
    expect((await k.modules.storage.retention.sweep()).deleted.age).toBe(0);
  });
});

describe('retention by bytes', () => {
  it('a camera\'s retention_max_bytes is set, read and validated through the camera API', async () => {
    const { kernel: k } = await kernel();
    await addStillCamera(k, 'door');
    expect((await k.inject({ method: 'GET', url: '/api/cameras/door' })).json()).toMatchObject({ retention_max_bytes: null });
    const set = await k.inject({ method: 'PATCH', url: '/api/cameras/door', payload: { retention_max_bytes: 5_000_000_000_000 } });
    expect(set.json()).toMatchObject({ retention_max_bytes: 5_000_000_000_000 });
    const bad = await k.inject({ method: 'PATCH', url: '/api/cameras/door', payload: { retention_max_bytes: -5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'bad_request', message: 'retention_max_bytes must be at least 1' });
    expect((await k.inject({ method: 'PATCH', url: '/api/cameras/door', payload: { retention_max_bytes: null } })).json()).toMatchObject({ retention_max_bytes: null });
  });

  it('a camera budget deletes exactly its oldest eligible segments down to the budget', async () => {
    const { kernel: k } = await kernel();
    await addStillCamera(k, 'door', { retention_max_bytes: 10_000 });
    await addStillCamera(k, 'yard');
    const door = await addSegments(k, 'door', { count: 20, start: NOW - HOUR });
    const yard = await addSegments(k, 'yard', { count: 20, start: NOW - 2 * HOUR });
    await k.leases.acquire('pbs:viewer', [door[0]!.id], 60_000);
    await openIncident(k, { title: 'Fall', cameras: ['door'], from: toRfc3339(door[2]!.start), to: toRfc3339(door[2]!.end) });

    const report = await k.modules.storage.retention.sweep();

    // 20 000 bytes against a 10 000 budget: the 10 oldest eligible go (0 is leased, 2 is held).
    const deleted = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => door[i]!);
    const kept = door.filter((s) => !deleted.includes(s));
    expect(report.deleted.camera_bytes).toBe(10);
    expect(await rowIds(k, 'door')).toEqual(kept.map((s) => s.id));
    await expectKept(k, kept, deleted);
    expect(await rowIds(k, 'yard')).toEqual(yard.map((s) => s.id));
    expect(await eventsOfKind(k, 'storage_pressure')).toEqual([]);
  });

  it('the global budget deletes the oldest segments across cameras', async () => {
    const { kernel: k } = await kernel({ HELDAR_RETENTION_MAX_BYTES: '5000' });
    await addStillCamera(k, 'a');
    await addStillCamera(k, 'b');
    const a = await addSegments(k, 'a', { count: 5, start: NOW - HOUR });
    const b = await addSegments(k, 'b', { count: 5, start: NOW - HOUR + 5000 });

    const report = await k.modules.storage.retention.sweep();

    expect(report.deleted.global_bytes).toBe(5);
    expect(await rowIds(k, 'a')).toEqual([a[3]!.id, a[4]!.id]);
    expect(await rowIds(k, 'b')).toEqual([b[2]!.id, b[3]!.id, b[4]!.id]);
    await expectKept(k, [a[3]!, a[4]!, b[2]!, b[3]!, b[4]!], [a[0]!, a[1]!, a[2]!, b[0]!, b[1]!]);
  });

  it('when holds block the budget: deletes what it may, keeps the held footage, and logs storage_pressure once per episode', async () => {
    const { kernel: k } = await kernel();
    await addStillCamera(k, 'door', { retention_max_bytes: 2000 });
    const door = await addSegments(k, 'door', { count: 10, start: NOW - HOUR });
    const incident = await openIncident(k, { title: 'Theft', cameras: ['door'], from: toRfc3339(door[3]!.start), to: toRfc3339(door[9]!.end) });

    await k.modules.storage.retention.sweep();
    expect(await rowIds(k, 'door')).toEqual(door.slice(3).map((s) => s.id));
    await expectKept(k, door.slice(3), door.slice(0, 3));
    const pressure = await eventsOfKind(k, 'storage_pressure');
    expect(pressure).toHaveLength(1);
    expect(pressure[0]).toMatchObject({
      camera_id: 'door',
      severity: 'warning',
      payload: { budget: 'camera_bytes', volume: 'recordings', needed_bytes: 5000, reason: 'held', open_incidents: [incident.id] },
    });

    // Same episode: nothing deletable, no second event.
    const again = await k.modules.storage.retention.sweep();
    expect(again.pressure).toEqual(['camera_bytes:door']);
    expect(await eventsOfKind(k, 'storage_pressure')).toHaveLength(1);

    // Released: the budget is met again and the episode ends.
    expect((await k.inject({ method: 'POST', url: `/api/incidents/${incident.id}/release` })).statusCode).toBe(200);
    const after = await k.modules.storage.retention.sweep();
    expect(after.deleted.camera_bytes).toBe(5);
    expect(await rowIds(k, 'door')).toEqual(door.slice(8).map((s) => s.id));
    expect(after.pressure).toEqual([]);
    expect(await eventsOfKind(k, 'storage_pressure')).toHaveLength(1);
    expect(await eventsOfKind(k, 'storage_pressure_cleared')).toMatchObject([{ camera_id: 'door', payload: { budget: 'camera_bytes' } }]);
  });

  it('an incident holds segments recorded into its range after it was opened', async () => {
    const { kernel: k } = await kernel();
    await addStillCamera(k, 'door', { retention_max_bytes: 1 });
    // Opened for the next hour, before any of that footage exists.
    await openIncident(k, { title: 'Expected delivery', cameras: ['door'], from: toRfc3339(NOW), to: toRfc3339(NOW + HOUR) });
    const before = await addSegments(k, 'door', { count: 3, start: NOW - 30_000 });
    const later = await addSegments(k, 'door', { count: 3, start: NOW + 10 * 60_000 });

    await k.modules.storage.retention.sweep();

    expect(await rowIds(k, 'door')).toEqual(later.map((s) => s.id));
    await expectKept(k, later, before);
  });
});

describe('leases', () => {
  it('two overlapping leases: releasing one keeps the shared segments protected; an expired lease is reclaimed', async () => {
    const { kernel: k, clock } = await kernel();
    await addStillCamera(k, 'door', { retention_days: 1 });
    const s = await addSegments(k, 'door', { count: 7, start: NOW - 3 * DAY });
    const first = await k.leases.acquire('clip:1', [s[0]!.id, s[1]!.id, s[2]!.id], 3_600_000);
    const second = await k.leases.acquire('clip:2', [s[2]!.id, s[3]!.id], 3_600_000);
    const crashed = await k.leases.acquire('clip:crashed', [s[5]!.id], 10_000);

    await k.modules.storage.retention.sweep();
    expect(await rowIds(k, 'door')).toEqual([s[0]!, s[1]!, s[2]!, s[3]!, s[5]!].map((x) => x.id));

    await k.leases.release(first);
    await k.modules.storage.retention.sweep();
    // s2 is still held by the second lease.
    expect(await rowIds(k, 'door')).toEqual([s[2]!, s[3]!, s[5]!].map((x) => x.id));
    await expectKept(k, [s[2]!, s[3]!, s[5]!], [s[0]!, s[1]!, s[4]!, s[6]!]);

    // The crashed holder never releases: once its lease expires, the sweeper reclaims it.
    clock.advance(11_000);
    const report = await k.modules.storage.retention.sweep();
    expect(report.leasesReclaimed).toBe(1);
    expect(await rowIds(k, 'door')).toEqual([s[2]!, s[3]!].map((x) => x.id));
    expect(await k.db.selectFrom('segment_leases').select('holder').distinct().execute()).toEqual([{ holder: second.holder }]);
    expect(crashed.segmentIds).toEqual([s[5]!.id]);

    await k.leases.release(second);
    await k.modules.storage.retention.sweep();
    expect(await rowIds(k, 'door')).toEqual([]);
  });

  it('a segment retention is deleting cannot be leased, and listings no longer show it', async () => {
    const { kernel: k } = await kernel();
    await addStillCamera(k, 'door');
    const s = await addSegments(k, 'door', { count: 3, start: NOW - 60_000 });
    await k.db.updateTable('segments').set({ deleting_at: NOW }).where('id', '=', s[1]!.id).execute();

    const lease = await k.leases.acquire('clip:late', s.map((x) => x.id), 60_000);
    expect(lease.segmentIds).toEqual([s[0]!.id, s[2]!.id]);
    expect(lease.refused).toEqual([s[1]!.id]);
    const res = await k.inject({ method: 'GET', url: `/api/cameras/door/segments?from=${toRfc3339(NOW - HOUR)}&to=${toRfc3339(NOW)}` });
    expect(res.json<{ segments: { id: number }[] }>().segments.map((x) => x.id)).toEqual([s[0]!.id, s[2]!.id]);
  });
});

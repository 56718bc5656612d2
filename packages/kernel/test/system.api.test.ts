import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { addUser, browser, signIn } from './helpers/auth.js';
import { testResources } from './helpers/resources.js';
import { DAY, HOUR, NOW, addSegments, addStillCamera, eventsOfKind, fakeVolumes } from './storage-fixtures.js';

const use = testResources();
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/disk-health');

interface SystemJson {
  version: string;
  started_at: string;
  uptime_seconds: number;
  cameras: { total: number; by_state: Record<string, number> };
  volumes: { name: string; total_bytes: number; used_bytes: number; free_bytes: number }[];
  footage: {
    bytes: number;
    segments: number;
    oldest: string | null;
    write_rate_bytes_per_day: number | null;
    rate_window_hours: number;
    room_bytes: number;
    days_until_full: number | null;
    days_of_footage: number | null;
  };
  last_sweep: { at: string; deleted_segments: number; freed_bytes: number } | null;
  disk_health: { devices: { device: string; status: string }[]; arrays: { name: string; degraded: boolean }[] } | null;
}

describe('GET /api/system', () => {
  it('measures the write rate over the last 24 h of the index and forecasts from it', async () => {
    const clock = new ManualClock(NOW);
    const k = await use.kernel({ HELDAR_MIN_FREE_BYTES: '10%' }, { clock, storage: { volumeStats: fakeVolumes(1_000_000) } });
    const get = async () => {
      const res = await k.inject({ url: '/api/system' });
      expect(res.statusCode).toBe(200);
      return res.json<SystemJson>();
    };
    const empty = await get();
    expect(empty.footage).toMatchObject({ bytes: 0, segments: 0, oldest: null, write_rate_bytes_per_day: null, days_until_full: null });
    expect(empty.last_sweep).toBeNull();
    expect(empty.disk_health).toBeNull();

    await addStillCamera(k, 'door');
    // 12 h of footage: 12 segments of an hour, 1000 bytes each. The rate is scaled from 12 h to a day.
    await addSegments(k, 'door', { count: 12, start: NOW - 12 * HOUR, durationMs: HOUR, size: 1000 });
    const young = await get();
    expect(young.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(young.uptime_seconds).toBe(0);
    expect(young.cameras.total).toBe(1);
    expect(Object.keys(young.cameras.by_state).sort()).toEqual(['connecting', 'disabled', 'error', 'idle', 'offline', 'recording']);
    expect(young.volumes).toEqual([{ name: 'recordings', path: k.config.recordingsDir, total_bytes: 1_000_000, used_bytes: 12_000, free_bytes: 988_000 }]);
    expect(young.footage).toMatchObject({ bytes: 12_000, segments: 12, oldest: new Date(NOW - 12 * HOUR).toISOString(), rate_window_hours: 12 });
    expect(young.footage.write_rate_bytes_per_day).toBe(24_000);
    // Room: 988 000 free − the 100 000 floor (10 %).
    expect(young.footage.room_bytes).toBe(888_000);
    expect(young.footage.days_until_full).toBe(37);
    expect(young.footage.days_of_footage).toBe(37.5);

    // Older footage counts in the total, not in the rate: now measured over a whole day.
    await addSegments(k, 'door', { count: 10, start: NOW - 3 * DAY, durationMs: HOUR, size: 5000 });
    const older = await get();
    expect(older.footage).toMatchObject({ bytes: 62_000, segments: 22, rate_window_hours: 24, write_rate_bytes_per_day: 12_000, room_bytes: 838_000 });
    expect(older.footage.days_until_full).toBe(69.8);
    expect(older.footage.days_of_footage).toBe(75);

    // A byte budget set at run time bounds the room at once.
    await k.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: '122000' } });
    expect((await get()).footage).toMatchObject({ room_bytes: 60_000, days_until_full: 5 });

    await k.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: '57000' } });
    await k.modules.storage.retention.sweep();
    const swept = await get();
    expect(swept.last_sweep).toMatchObject({ at: new Date(NOW).toISOString(), deleted_segments: 1, freed_bytes: 5000 });
    expect(swept.footage.bytes).toBe(57_000);
  });

  it('shows the disk health checks: a failing disk and a degraded array, each with its event', async () => {
    const dir = await use.dir();
    const smartctl = path.join(dir, 'smartctl');
    await writeFile(smartctl, `#!/bin/sh\ncat "${FIXTURES}/smartctl-failed.txt"\nexit 8\n`);
    await chmod(smartctl, 0o755);
    const k = await use.kernel({
      HELDAR_SMART_DEVICES: '/dev/sda',
      HELDAR_SMARTCTL: smartctl,
      HELDAR_MDSTAT_PATH: path.join(FIXTURES, 'mdstat-degraded.txt'),
    });
    await k.modules.system.diskHealth.check();
    const body = (await k.inject({ url: '/api/system' })).json<SystemJson>();
    expect(body.disk_health?.devices).toEqual([{ device: '/dev/sda', status: 'failed', detail: 'SMART overall-health self-assessment test result: FAILED!' }]);
    expect(body.disk_health?.arrays.map((a) => [a.name, a.degraded])).toEqual([
      ['md0', true],
      ['md1', false],
    ]);
    expect((await eventsOfKind(k, 'disk_smart_warning')).map((e) => e.payload)).toEqual([
      { device: '/dev/sda', status: 'failed', detail: 'SMART overall-health self-assessment test result: FAILED!' },
    ]);
    expect((await eventsOfKind(k, 'raid_degraded')).map((e) => e.payload)).toEqual([{ array: 'md0', level: 'raid1', members: 2, active: 1, status: '[U_]' }]);
  });

  it('is for admins: a viewer gets 403', async () => {
    const k = await use.kernel();
    const viewer = await addUser(k, 'watcher', 'viewer');
    const res = await k.app.inject({ url: '/api/system', headers: browser(await signIn(k, viewer.username, viewer.password)) });
    expect(res.statusCode).toBe(403);
  });
});

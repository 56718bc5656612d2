import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { addUser, browser, signIn } from './helpers/auth.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';
import { HOUR, NOW, addSegments, addStillCamera, fileOf, rowIds } from './storage-fixtures.js';

const use = testResources();

interface SettingJson {
  name: string;
  variable: string;
  value: string;
  source: 'stored' | 'environment';
  environment_value: string;
  updated_at: string | null;
  updated_by: string | null;
}

async function settings(k: TestKernel): Promise<Record<string, SettingJson>> {
  const res = await k.inject({ method: 'GET', url: '/api/settings' });
  expect(res.statusCode).toBe(200);
  return Object.fromEntries((res.json() as { settings: SettingJson[] }).settings.map((s) => [s.name, s]));
}

describe('GET/PUT /api/settings', () => {
  it('shows the environment values, and a PUT overrides them at once and survives a restart', async () => {
    const dataDir = await use.dir();
    const env = { HELDAR_DATA_DIR: dataDir, HELDAR_RETENTION_MAX_BYTES: '8TB', HELDAR_MIN_FREE_BYTES: '10%' };
    const k = await use.kernel(env);
    const before = await settings(k);
    expect(before.retention_max_bytes).toMatchObject({ variable: 'HELDAR_RETENTION_MAX_BYTES', value: '8000000000000', source: 'environment', updated_at: null });
    expect(before.min_free).toMatchObject({ value: '10%', source: 'environment' });
    expect(before.metrics_public).toMatchObject({ value: 'false', source: 'environment' });
    expect(before.ready_min_recording_percent).toMatchObject({ value: '0', source: 'environment' });

    const put = await k.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: '500GiB', ready_min_recording_percent: '80' } });
    expect(put.statusCode).toBe(200);
    const after = Object.fromEntries((put.json() as { settings: SettingJson[] }).settings.map((s) => [s.name, s]));
    expect(after.retention_max_bytes).toMatchObject({ value: '500GiB', source: 'stored', environment_value: '8000000000000' });
    expect(after.retention_max_bytes!.updated_at).toMatch(/Z$/);
    expect(after.ready_min_recording_percent).toMatchObject({ value: '80', source: 'stored' });
    expect(k.modules.settings.store.current()).toMatchObject({ retentionMaxBytes: 500 * 2 ** 30, readyMinRecordingPercent: 80, minFree: { percent: 10 } });

    // Audited like every change, with who made it.
    const audit = await k.db.selectFrom('audit_log').selectAll().where('route', '=', '/api/settings').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ method: 'PUT', outcome: 'ok', status: 200 });

    await k.close();
    const again = await use.kernel(env);
    expect(again.modules.settings.store.current().retentionMaxBytes).toBe(500 * 2 ** 30);
    // null goes back to the environment's value.
    await again.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: null } });
    expect((await settings(again)).retention_max_bytes).toMatchObject({ value: '8000000000000', source: 'environment' });
    expect(again.modules.settings.store.current().retentionMaxBytes).toBe(8e12);
  });

  it('refuses a bad value with the setting named and changes nothing', async () => {
    const k = await use.kernel();
    await k.inject({ method: 'PUT', url: '/api/settings', payload: { min_free: '2%' } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ retention_max_bytes: '12 parsecs' }, /^retention_max_bytes: "12 parsecs" is not a size/],
      [{ min_free: '100%' }, /^min_free: "100%" is not accepted; a percentage must be below 100%/],
      [{ ready_min_recording_percent: '101' }, /^ready_min_recording_percent: "101" is not accepted; use a whole number from 0 to 100/],
      [{ metrics_public: 'maybe' }, /^metrics_public: "maybe" is not a boolean/],
      [{ metrics_public: '  ' }, /^metrics_public: is empty/],
      // The good value before the bad one is not applied either.
      [{ min_free: '7%', ready_min_recording_percent: 'lots' }, /^ready_min_recording_percent: /],
      [{ retention_days: '3' }, /retention_days/],
    ];
    for (const [payload, message] of cases) {
      const res = await k.inject({ method: 'PUT', url: '/api/settings', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect((res.json() as { message: string }).message).toMatch(message);
    }
    const now = await settings(k);
    expect(now.min_free).toMatchObject({ value: '2%', source: 'stored' });
    expect(now.ready_min_recording_percent).toMatchObject({ source: 'environment' });
    expect(now.metrics_public).toMatchObject({ source: 'environment' });
    expect(await k.db.selectFrom('settings').select('name').execute()).toEqual([{ name: 'min_free' }]);
  });

  it('is for admins only: viewers and operators get 403', async () => {
    const k = await use.kernel();
    for (const role of ['viewer', 'operator'] as const) {
      const user = await addUser(k, role, role);
      const headers = browser(await signIn(k, user.username, user.password));
      expect((await k.app.inject({ method: 'GET', url: '/api/settings', headers })).statusCode).toBe(403);
      const put = await k.app.inject({ method: 'PUT', url: '/api/settings', headers, payload: { metrics_public: 'true' } });
      expect(put.statusCode).toBe(403);
    }
    expect(k.modules.settings.store.current().metricsPublic).toBe(false);
    expect((await k.injectAnonymous({ method: 'GET', url: '/api/settings' })).statusCode).toBe(401);
  });

  it('a PUT of the byte budget changes what the next retention sweep deletes', async () => {
    const clock = new ManualClock(NOW);
    const k = await use.kernel({ HELDAR_MIN_FREE_BYTES: '0' }, { clock, storage: { batchSize: 4 } });
    await addStillCamera(k, 'door');
    const door = await addSegments(k, 'door', { count: 10, start: NOW - HOUR });
    // No budget from the environment: the sweep keeps everything.
    expect((await k.modules.storage.retention.sweep()).deleted.global_bytes).toBe(0);
    expect(await rowIds(k, 'door')).toHaveLength(10);

    const put = await k.inject({ method: 'PUT', url: '/api/settings', payload: { retention_max_bytes: '6000' } });
    expect(put.statusCode).toBe(200);
    const report = await k.modules.storage.retention.sweep();
    // 10 000 bytes against 6 000: the 4 oldest go, files and rows.
    expect(report.deleted.global_bytes).toBe(4);
    expect(await rowIds(k, 'door')).toEqual(door.slice(4).map((s) => s.id));
    for (const s of door.slice(0, 4)) expect(await fileOf(k, s)).toBe(false);
    for (const s of door.slice(4)) expect(await fileOf(k, s)).toBe(true);
    // The storage report shows the budget in effect.
    const storage = (await k.inject({ method: 'GET', url: '/api/storage' })).json() as { volumes: { name: string; max_bytes: number | null }[] };
    expect(storage.volumes.find((v) => v.name === 'recordings')?.max_bytes).toBe(6000);
  });

  it('a PUT of metrics_public opens and closes /metrics without a restart', async () => {
    const k = await use.kernel();
    expect((await k.injectAnonymous({ url: '/metrics' })).statusCode).toBe(401);
    await k.inject({ method: 'PUT', url: '/api/settings', payload: { metrics_public: 'true' } });
    const open = await k.injectAnonymous({ url: '/metrics' });
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('heldar_build_info');
    await k.inject({ method: 'PUT', url: '/api/settings', payload: { metrics_public: 'false' } });
    expect((await k.injectAnonymous({ url: '/metrics' })).statusCode).toBe(401);
  });
});

import { describe, expect, it } from 'vitest';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';

const use = testResources();

const DEFAULT_FIELDS = ['segment_seconds', 'record_mode', 'pre_roll_seconds', 'post_roll_seconds', 'retention_days', 'detect_fps'] as const;

async function createCamera(k: TestKernel, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await k.inject({ method: 'POST', url: '/api/cameras', payload: { stream_url: 'rtsp://127.0.0.1:8554/none', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: string }).id;
  const got = await k.inject({ url: `/api/cameras/${id}` });
  expect(got.statusCode).toBe(200);
  return got.json();
}

function defaultsOf(camera: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(DEFAULT_FIELDS.map((f) => [f, camera[f]]));
}

async function storedSettings(k: TestKernel): Promise<{ name: string; value: string }[]> {
  return k.db.selectFrom('settings').select(['name', 'value']).orderBy('name').execute();
}

describe('per-camera defaults in the settings', () => {
  it('come from the environment, and a PUT applies to the next camera created at once', async () => {
    const k = await use.kernel({ HELDAR_CAMERA_SEGMENT_SECONDS: '6' });
    expect(defaultsOf(await createCamera(k, { name: 'Before' }))).toEqual({
      segment_seconds: 6,
      record_mode: 'continuous',
      pre_roll_seconds: 5,
      post_roll_seconds: 30,
      retention_days: null,
      detect_fps: null,
    });

    const put = await k.inject({
      method: 'PUT',
      url: '/api/settings',
      payload: {
        camera_segment_seconds: '4',
        camera_record_mode: 'event',
        camera_pre_roll_seconds: '2',
        camera_post_roll_seconds: '12',
        camera_retention_days: '14',
        camera_detect_fps: '2.5',
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const views = (put.json() as { settings: { name: string; value: string; source: string; environment_value: string }[] }).settings;
    expect(views.find((s) => s.name === 'camera_segment_seconds')).toMatchObject({ value: '4', source: 'stored', environment_value: '6' });
    expect(views.find((s) => s.name === 'camera_detect_fps')).toMatchObject({ value: '2.5', source: 'stored', environment_value: '0' });

    const after = await createCamera(k, { name: 'After' });
    expect(defaultsOf(after)).toEqual({ segment_seconds: 4, record_mode: 'event', pre_roll_seconds: 2, post_roll_seconds: 12, retention_days: 14, detect_fps: 2.5 });
    // What a POST gives wins over the defaults; an explicit null keeps "none".
    const own = await createCamera(k, { name: 'Own', segment_seconds: 8, record_mode: 'continuous', retention_days: null, detect_fps: null });
    expect(defaultsOf(own)).toMatchObject({ segment_seconds: 8, record_mode: 'continuous', retention_days: null, detect_fps: null, pre_roll_seconds: 2 });
    // Cameras already configured keep their values.
    expect(defaultsOf((await k.inject({ url: '/api/cameras/before' })).json())).toMatchObject({ segment_seconds: 6, record_mode: 'continuous' });

    // Audited like every settings change.
    const audit = await k.db.selectFrom('audit_log').selectAll().where('route', '=', '/api/settings').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ method: 'PUT', outcome: 'ok', status: 200 });

    // 0 turns the optional ones off again; null returns to the environment's value.
    await k.inject({ method: 'PUT', url: '/api/settings', payload: { camera_retention_days: '0', camera_detect_fps: '0', camera_segment_seconds: null } });
    expect(defaultsOf(await createCamera(k, { name: 'Third' }))).toMatchObject({ segment_seconds: 6, retention_days: null, detect_fps: null, record_mode: 'event' });
  });

  it('refuses a bad default with the setting named and changes nothing', async () => {
    const k = await use.kernel();
    await k.inject({ method: 'PUT', url: '/api/settings', payload: { camera_segment_seconds: '20' } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ camera_segment_seconds: '1' }, /^camera_segment_seconds: "1" is not accepted; use a whole number from 2 to 3600/],
      [{ camera_record_mode: 'sometimes' }, /^camera_record_mode: "sometimes" is not accepted; use one of continuous, scheduled, event, scheduled_event/],
      [{ camera_pre_roll_seconds: '-1' }, /^camera_pre_roll_seconds: /],
      [{ camera_post_roll_seconds: '3601' }, /^camera_post_roll_seconds: "3601" is not accepted/],
      [{ camera_retention_days: '2.5' }, /^camera_retention_days: "2.5" is not accepted; use a whole number from 1 to 36500, or 0 for none/],
      [{ camera_detect_fps: '31' }, /^camera_detect_fps: "31" is not accepted; use a number from 0.1 to 30, or 0 for none/],
      [{ camera_detect_fps: 'fast' }, /^camera_detect_fps: "fast" is not accepted/],
      // The good value before the bad one is not applied either.
      [{ camera_post_roll_seconds: '9', camera_record_mode: 'never' }, /^camera_record_mode: /],
    ];
    for (const [payload, message] of cases) {
      const res = await k.inject({ method: 'PUT', url: '/api/settings', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect((res.json() as { message: string }).message).toMatch(message);
    }
    expect(await storedSettings(k)).toEqual([{ name: 'camera_segment_seconds', value: '20' }]);
    expect(defaultsOf(await createCamera(k, { name: 'Cam' }))).toMatchObject({ segment_seconds: 20, post_roll_seconds: 30, record_mode: 'continuous' });
  });

  it('refuses a bad HELDAR_CAMERA_* variable at start, naming it', async () => {
    await expect(use.kernel({ HELDAR_CAMERA_DETECT_FPS: '0.01' })).rejects.toThrow(/^HELDAR_CAMERA_DETECT_FPS: "0.01" is not accepted/);
  });
});

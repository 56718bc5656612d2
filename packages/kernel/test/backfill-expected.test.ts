import { describe, expect, it } from 'vitest';
import { testResources } from './helpers/resources.js';
import { addSegments, addStillCamera } from './storage-fixtures.js';

const use = testResources();
const MINUTE = 60_000;

interface Gap {
  from: string;
  to: string;
  state: string;
}

/** HH:MM (UTC) of an instant. */
const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

async function gapsOf(kernel: Awaited<ReturnType<typeof use.kernel>>, cameraId: string): Promise<{ from: number; to: number }[]> {
  const res = await kernel.inject({ method: 'GET', url: `/api/backfill/gaps?camera_id=${cameraId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ gaps: Gap[] }>().gaps.map((g) => ({ from: Date.parse(g.from), to: Date.parse(g.to) }));
}

describe('backfill gaps count only where the camera was supposed to record', () => {
  it('a scheduled camera: inside its schedule windows; an event camera: inside its trigger windows; a continuous one: everywhere', async () => {
    const kernel = await use.kernel({ HELDAR_TZ: 'UTC', HELDAR_BACKFILL_INTERVAL_SECONDS: '3600', HELDAR_BACKFILL_MIN_GAP_SECONDS: '5' });
    const t0 = Math.floor((Date.now() - 4 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE;
    // The same footage for three cameras: [t0, +10 min), [+60, +70 min), [+120, +125 min).
    const footage = async (id: string): Promise<void> => {
      await addSegments(kernel, id, { count: 10, start: t0, durationMs: MINUTE, files: false });
      await addSegments(kernel, id, { count: 10, start: t0 + 60 * MINUTE, durationMs: MINUTE, files: false });
      await addSegments(kernel, id, { count: 5, start: t0 + 120 * MINUTE, durationMs: MINUTE, files: false });
    };
    await addStillCamera(kernel, 'always', { record_enabled: true, record_mode: 'continuous' });
    await addStillCamera(kernel, 'office', { record_enabled: true, record_mode: 'scheduled' });
    await addStillCamera(kernel, 'door', { record_enabled: true, record_mode: 'event', pre_roll_seconds: 5, post_roll_seconds: 20 });
    for (const id of ['always', 'office', 'door']) await footage(id);

    // Every day, [t0, +20 min) and [+60, +90 min): the parts of the two holes inside them are missing.
    const windows = [
      { days: [0, 1, 2, 3, 4, 5, 6], time_start: hhmm(t0), time_end: hhmm(t0 + 20 * MINUTE) },
      { days: [0, 1, 2, 3, 4, 5, 6], time_start: hhmm(t0 + 60 * MINUTE), time_end: hhmm(t0 + 90 * MINUTE) },
    ];
    const put = await kernel.inject({ method: 'PUT', url: '/api/cameras/office/schedules', payload: { schedules: windows } });
    expect(put.statusCode, put.body).toBe(200);

    // Triggers of the door camera (as the recorder logs them): one inside the first hole, one
    // whose window ends 3 s into the second (shorter than the 5 s minimum: not a gap), and one
    // long before its footage (outside every hole).
    const trigger = (at: number, windowEnd: number) => ({ camera_id: 'door', kind: 'recording_triggered' as const, severity: 'info' as const, payload: JSON.stringify({ reason: 'test', window_end: new Date(windowEnd).toISOString() }), at });
    await kernel.db
      .insertInto('events')
      .values([trigger(t0 + 30 * MINUTE, t0 + 30 * MINUTE + 20_000), trigger(t0 + 70 * MINUTE - 17_000, t0 + 70 * MINUTE + 3_000), trigger(t0 - 30 * MINUTE, t0 - 30 * MINUTE + 20_000)])
      .execute();

    const sweep = await kernel.inject({ method: 'POST', url: '/api/backfill/sweep' });
    expect(sweep.statusCode, sweep.body).toBe(200);
    expect(sweep.json()).toMatchObject({ detected: 2 + 2 + 1 });

    expect(await gapsOf(kernel, 'always')).toEqual([
      { from: t0 + 10 * MINUTE, to: t0 + 60 * MINUTE },
      { from: t0 + 70 * MINUTE, to: t0 + 120 * MINUTE },
    ]);
    expect(await gapsOf(kernel, 'office')).toEqual([
      { from: t0 + 10 * MINUTE, to: t0 + 20 * MINUTE },
      { from: t0 + 70 * MINUTE, to: t0 + 90 * MINUTE },
    ]);
    expect(await gapsOf(kernel, 'door')).toEqual([{ from: t0 + 30 * MINUTE - 5_000, to: t0 + 30 * MINUTE + 20_000 }]);

    // A second sweep finds nothing new.
    expect((await kernel.inject({ method: 'POST', url: '/api/backfill/sweep' })).json()).toMatchObject({ detected: 0 });
  });
});

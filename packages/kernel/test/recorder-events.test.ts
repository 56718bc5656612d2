import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf, stagedFiles } from './helpers/recording.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

describe('recorder: event mode with real pre-roll', () => {
  it('indexes nothing until a trigger, then the pre-roll before it and the post-roll after it', async () => {
    const camsim = await use.camsim([smallCamera('door')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'door', name: 'Door', stream_url: camsim.url('door'), segment_seconds: 2, record_mode: 'event', pre_roll_seconds: 4, post_roll_seconds: 3 });
    await kernel.startRecording();

    // Armed: ffmpeg runs into staging, nothing is indexed, and held segments older than the
    // pre-roll are dropped so staging stays bounded.
    await waitFor('idle, buffering', async () => (await kernel.status.get('door'))?.state === 'idle');
    const [oldest] = await waitFor('staging holds finished segments', async () => {
      const files = (await stagedFiles(kernel, 'door')).sort();
      return files.length >= 3 ? files : undefined;
    }, 20_000);
    // The buffer runs past pre_roll once: the oldest held segment is expired, which keeps it bounded.
    await waitFor('the oldest held segment expired', async () => !(await stagedFiles(kernel, 'door')).includes(oldest!), 20_000);
    expect(await segmentsOf(kernel, 'door')).toEqual([]);
    expect((await stagedFiles(kernel, 'door')).length).toBeLessThanOrEqual(5);

    const continuousRefused = await kernel.inject({ method: 'POST', url: '/api/cameras/nope/trigger', payload: { reason: 'x' } });
    expect(continuousRefused.statusCode).toBe(404);

    const triggeredAt = Date.now();
    const res = await kernel.inject({ method: 'POST', url: '/api/cameras/door/trigger', payload: { reason: 'doorbell' } });
    expect(res.statusCode).toBe(200);
    const windowEnd = Date.parse(res.json().window_end);
    expect(windowEnd - triggeredAt).toBeGreaterThanOrEqual(2900);
    expect(windowEnd - triggeredAt).toBeLessThan(4000);

    // A second trigger extends the window, never shortens it.
    await new Promise((r) => setTimeout(r, 300));
    const again = await kernel.inject({ method: 'POST', url: '/api/cameras/door/trigger', payload: { reason: 'motion' } });
    const windowEnd2 = Date.parse(again.json().window_end);
    expect(windowEnd2).toBeGreaterThan(windowEnd);

    const rows = await waitFor('segments covering the window', async () => {
      const r = await segmentsOf(kernel, 'door');
      return r.length > 0 && r.at(-1)!.end_ms >= windowEnd2 ? r : undefined;
    }, 30_000);
    // Pre-roll is real: footage from before the trigger is in the index.
    expect(rows[0]!.start_ms).toBeLessThanOrEqual(triggeredAt - 2000);
    expect(rows[0]!.start_ms).toBeGreaterThanOrEqual(triggeredAt - 4000 - 3000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.start_ms - rows[i - 1]!.end_ms).toBeLessThan(1000);
    expect((await kernel.inject({ url: '/api/cameras/door/status' })).json().state).toMatch(/recording|idle/);

    // After the window, recording stops being indexed again.
    await waitFor('back to idle', async () => (await kernel.status.get('door'))?.state === 'idle', 20_000);
    // The same ffmpeg goes on into staging: two more finished segments appear there, none is indexed.
    const settled = (await segmentsOf(kernel, 'door')).length;
    const { pid } = (await kernel.status.get('door'))!;
    const heldBefore = new Set(await stagedFiles(kernel, 'door'));
    // Names seen across polls (an early one may already have expired); the third is being written.
    const seen = new Set<string>();
    await waitFor('two more segments held', async () => {
      for (const f of await stagedFiles(kernel, 'door')) if (!heldBefore.has(f)) seen.add(f);
      return seen.size >= 3;
    }, 20_000);
    expect((await segmentsOf(kernel, 'door')).length).toBe(settled);
    expect((await kernel.status.get('door'))!.pid).toBe(pid);
    expect((await eventsOf(kernel, 'door', 'recording_triggered')).map((e) => e.payload.reason)).toEqual(['doorbell', 'motion']);
  });

  it('refuses triggers for a camera that is not event-capable', async () => {
    const camsim = await use.camsim([smallCamera('yard')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'yard', name: 'Yard', stream_url: camsim.url('yard'), record_mode: 'continuous' });
    await kernel.startRecording();
    const res = await kernel.inject({ method: 'POST', url: '/api/cameras/yard/trigger', payload: { reason: 'x' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'conflict', message: 'camera yard records in continuous mode; triggers need event or scheduled_event' });
    const bad = await kernel.inject({ method: 'POST', url: '/api/cameras/yard/trigger', payload: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('reason is required');
  });
});

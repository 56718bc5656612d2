import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: no such process.
    return false;
  }
}

describe('recorder: a recorder that stopped says so', () => {
  it('a stored segment length it cannot use: error with the reason and an event, no dead pid, retried', async () => {
    const camsim = await use.camsim([smallCamera('porch')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'porch', name: 'Porch', stream_url: camsim.url('porch'), segment_seconds: 2 });
    await kernel.startRecording();
    const recording = await waitFor('recording', async () => {
      const s = await kernel.status.get('porch');
      return s?.state === 'recording' ? s : undefined;
    }, 20_000);
    expect(alive(recording.pid!)).toBe(true);

    // What a bad request once saved (the API's validation is not this test's subject).
    await kernel.db.updateTable('cameras').set({ segment_seconds: Number.POSITIVE_INFINITY }).where('id', '=', 'porch').execute();
    await kernel.recorder.reconcile('porch');
    const status = await waitFor('error state', async () => {
      const s = await kernel.status.get('porch');
      return s?.state === 'error' ? s : undefined;
    }, 20_000);
    expect(status.last_error).toBe('recorder failed: segment length must be 2–3600 s (got Infinity)');
    expect(status.pid).toBeNull();
    expect(alive(recording.pid!)).toBe(false);
    const [event] = await eventsOf(kernel, 'porch', 'recorder_error');
    expect(event!.payload).toEqual({ reason: 'recorder failed: segment length must be 2–3600 s (got Infinity)' });

    // It keeps retrying: once the value is usable again it records, without a restart of anything.
    await kernel.db.updateTable('cameras').set({ segment_seconds: 2 }).where('id', '=', 'porch').execute();
    const again = await waitFor('recording again', async () => {
      const s = await kernel.status.get('porch');
      return s?.state === 'recording' && s.pid !== null ? s : undefined;
    }, 40_000);
    expect(alive(again.pid!)).toBe(true);
  });

  it('health check: recording without a new segment for max(3 x segment, floor) becomes error with an event', async () => {
    const camsim = await use.camsim([smallCamera('shed')]);
    // The stall watchdog (2 × 2 s + 60 s) stays out of the way; the health check's floor is 3 s here.
    const kernel = await use.recordingKernel({}, { stallGraceMs: 60_000, healthCheck: { intervalMs: 250, floorMs: 3000 } });
    await addCamera(kernel, { id: 'shed', name: 'Shed', stream_url: camsim.url('shed'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('2 segments', async () => (await segmentsOf(kernel, 'shed')).length >= 2, 20_000);
    const { pid } = (await kernel.status.get('shed'))!;

    await camsim.setFault('shed', { kind: 'stall' });
    const [event] = await waitFor('recorder_unhealthy', async () => {
      const e = await eventsOf(kernel, 'shed', 'recorder_unhealthy');
      return e.length > 0 ? e : undefined;
    }, 20_000);
    expect(event!.payload.reason).toMatch(/^no new segment for \d+ s while recording \(limit 6 s\)$/);
    // The stalled ffmpeg is replaced at once (the run had recorded): the status names the new one,
    // or none in between, never the old one.
    const status = await waitFor('error state naming the cause', async () => {
      const s = await kernel.status.get('shed');
      return s?.state === 'error' && s.pid !== pid ? s : undefined;
    }, 20_000);
    expect(status.last_error).toMatch(/^no new segment for/);
    expect(alive(pid!)).toBe(false);

    camsim.clearFault('shed');
    await waitFor('recording with a new ffmpeg', async () => {
      const s = await kernel.status.get('shed');
      return s?.state === 'recording' && s.pid !== null && s.pid !== pid;
    }, 30_000);
    expect(await eventsOf(kernel, 'shed', 'camera_online')).toHaveLength(1);
  });

  it('failing status and event writes are logged and retried; recording goes on', async () => {
    const camsim = await use.camsim([smallCamera('barn')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'barn', name: 'Barn', stream_url: camsim.url('barn'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('recording', async () => (await kernel.status.get('barn'))?.state === 'recording', 20_000);

    // The database refuses every status and event write from now on (a real SQLite error).
    await sql`CREATE TRIGGER fail_status BEFORE UPDATE ON camera_status BEGIN SELECT RAISE(ABORT, 'injected: status write failed'); END`.execute(kernel.db);
    await sql`CREATE TRIGGER fail_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected: event write failed'); END`.execute(kernel.db);
    const before = (await segmentsOf(kernel, 'barn')).length;
    // A reconnect: every write of the exit path (state, reconnect count, camera_offline) fails.
    await camsim.setFault('barn', { kind: 'drop' });
    await waitFor('segments of a new ffmpeg run, written while the writes fail', async () => (await segmentsOf(kernel, 'barn')).length >= before + 3, 30_000);
    expect(kernel.recorder.activeIds()).toEqual(['barn']);
    expect(await eventsOf(kernel, 'barn', 'camera_offline')).toEqual([]);

    await sql`DROP TRIGGER fail_status`.execute(kernel.db);
    await sql`DROP TRIGGER fail_events`.execute(kernel.db);
    // The retries go through: the outage is on record after all, closed, and the status is current.
    await waitFor('the retried events', async () => (await eventsOf(kernel, 'barn', 'camera_offline')).length === 1 && (await eventsOf(kernel, 'barn', 'camera_online')).length === 1, 20_000);
    await waitFor('the retried status', async () => {
      const s = await kernel.status.get('barn');
      return s?.state === 'recording' && s.reconnect_count === 1 && s.pid !== null && alive(s.pid);
    }, 20_000);
  });
});

import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

/** Stall watchdog at 2 × 2 s + 1 s instead of + 30 s, so a stall is seen within the test. */
function recordingKernel(logLines?: string[]) {
  return use.recordingKernel({}, { stallGraceMs: 1000, ...(logLines ? { logLines } : {}) });
}

describe('recorder: camera faults', () => {
  it('records again within about 2 s of a camera coming back, and closes the outage with camera_online', async () => {
    const camsim = await use.camsim([smallCamera('gate')]);
    const kernel = await recordingKernel();
    await addCamera(kernel, { id: 'gate', name: 'Gate', stream_url: camsim.url('gate'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('3 segments', async () => (await segmentsOf(kernel, 'gate')).length >= 3, 20_000);

    // A 10 s outage: with the old backoff (1, 2, 4, 8 s after failed attempts) the camera came back
    // to a recorder sleeping up to 8 more seconds.
    const outageMs = 10_000;
    await camsim.setFault('gate', { kind: 'refuse', seconds: outageMs / 1000 });
    await camsim.setFault('gate', { kind: 'drop' });
    const outageEnd = Date.now() + outageMs;
    await waitFor('offline or error while refused', async () => ['offline', 'connecting', 'error'].includes((await kernel.status.get('gate'))?.state ?? ''));
    const online = await waitFor('camera_online', async () => (await eventsOf(kernel, 'gate', 'camera_online'))[0], 30_000);
    const backAfterMs = online.at - outageEnd;
    console.log(`camera back: writing again ${backAfterMs} ms after the outage ended`);
    // camera_online is logged when ffmpeg's first file has data: its RTSP probe takes ~1-3 s of that.
    expect(backAfterMs).toBeLessThan(5000);
    await waitFor('recording again', async () => (await kernel.status.get('gate'))?.state === 'recording', 10_000);
    const count = (await segmentsOf(kernel, 'gate')).length;
    await waitFor('a segment after the outage', async () => (await segmentsOf(kernel, 'gate')).length > count, 20_000);

    const status = await kernel.status.get('gate');
    expect(status!.reconnect_count).toBeGreaterThanOrEqual(2);
    const rows = await segmentsOf(kernel, 'gate');
    const gaps = rows.slice(1).map((r, i) => r.start_ms - rows[i]!.end_ms).filter((g) => g >= 1000);
    expect(gaps).toHaveLength(1);
    console.log(`gap in the index for a ${outageMs} ms outage: ${gaps[0]} ms`);
    expect(gaps[0]).toBeGreaterThanOrEqual(outageMs - 1000);
    expect(gaps[0]).toBeLessThan(outageMs + 2500);
    // One outage: one camera_offline (a retry at once, the run had recorded), one camera_online.
    const offline = await eventsOf(kernel, 'gate', 'camera_offline');
    expect(offline).toHaveLength(1);
    expect(offline[0]!.payload).toMatchObject({ retry_in_seconds: 0 });
    expect(online.payload.offline_seconds).toBeGreaterThanOrEqual(outageMs / 1000 - 1);
    expect(online.payload.failed_attempts).toBeGreaterThanOrEqual(2);
  });

  it('restarts a stalled ffmpeg through the watchdog', async () => {
    const camsim = await use.camsim([smallCamera('dock')]);
    const kernel = await recordingKernel();
    await addCamera(kernel, { id: 'dock', name: 'Dock', stream_url: camsim.url('dock'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('2 segments', async () => (await segmentsOf(kernel, 'dock')).length >= 2, 20_000);
    const pid = (await kernel.status.get('dock'))!.pid;

    await camsim.setFault('dock', { kind: 'stall' });
    const stalled = await waitFor('recorder_stalled event', async () => (await eventsOf(kernel, 'dock', 'recorder_stalled'))[0], 30_000);
    expect(stalled.payload).toMatchObject({ stalled_seconds: 5 });
    camsim.clearFault('dock');
    await waitFor('recording with a new ffmpeg', async () => {
      const s = await kernel.status.get('dock');
      return s?.state === 'recording' && s.pid !== pid && s.pid !== null;
    }, 30_000);
    const before = (await segmentsOf(kernel, 'dock')).length;
    await waitFor('new segments after the stall', async () => (await segmentsOf(kernel, 'dock')).length > before, 20_000);
  });

  it('a camera that sends no keyframes cannot wedge the recorder', async () => {
    const camsim = await use.camsim([smallCamera('alley')]);
    const kernel = await recordingKernel();
    await addCamera(kernel, { id: 'alley', name: 'Alley', stream_url: camsim.url('alley'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('a segment', async () => (await segmentsOf(kernel, 'alley')).length >= 1, 20_000);
    await camsim.setFault('alley', { kind: 'no_keyframe' });
    await waitFor('a watchdog restart', async () => (await eventsOf(kernel, 'alley', 'camera_offline')).length >= 1, 30_000);
    camsim.clearFault('alley');
    const before = (await segmentsOf(kernel, 'alley')).length;
    await waitFor('recording resumes', async () => (await segmentsOf(kernel, 'alley')).length > before, 30_000);
  });

  it('wrong credentials: error state with a masked message, and the password nowhere', async () => {
    const password = 'Sup3r-Secret!pw';
    const camsim = await use.camsim([smallCamera('vault', { username: 'admin', password: 'right-password' })]);
    const logLines: string[] = [];
    const kernel = await recordingKernel(logLines);
    const url = camsim.url('vault', { credentials: false });
    await addCamera(kernel, { id: 'vault', name: 'Vault', stream_url: url, username: 'admin', password, segment_seconds: 2 });
    await kernel.startRecording();

    const status = await waitFor('error state', async () => {
      const s = await kernel.status.get('vault');
      return s?.state === 'error' ? s : undefined;
    }, 20_000);
    expect(status.last_error).toMatch(/401|Unauthorized/);
    const api = await kernel.inject({ url: '/api/cameras/vault/status' });
    expect(api.json().state).toBe('error');

    const encoded = encodeURIComponent(password);
    const everything = [
      api.body,
      JSON.stringify(await kernel.db.selectFrom('camera_status').selectAll().execute()),
      JSON.stringify(await kernel.db.selectFrom('events').selectAll().execute()),
      (await kernel.inject({ url: '/api/events' })).body,
      (await kernel.inject({ url: '/api/cameras' })).body,
      logLines.join('\n'),
    ].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(encoded);
  });

  it('records video when the camera audio (G.711) cannot go into MP4, and says why', async () => {
    const camsim = await use.camsim([smallCamera('intercom', { audio: 'pcmu' })]);
    const kernel = await recordingKernel();
    await addCamera(kernel, { id: 'intercom', name: 'Intercom', stream_url: camsim.url('intercom'), segment_seconds: 2, record_audio: true });
    await kernel.startRecording();
    const dropped = await waitFor('audio dropped event', async () => (await eventsOf(kernel, 'intercom', 'recorder_audio_dropped'))[0], 20_000);
    expect(dropped.payload.reason).toBe("the camera's audio (pcm_mulaw) cannot be stored in MP4; recording video only");
    const rows = await waitFor('segments', async () => {
      const r = await segmentsOf(kernel, 'intercom');
      return r.length >= 2 ? r : undefined;
    }, 20_000);
    expect(rows[0]!.codecs).not.toContain('mp4a');
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOrphanRecorders } from '../src/recording/orphan-processes.js';
import { smallCamera } from './helpers/camsim.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

describe('recorder: continuous', () => {
  it('indexes each segment as ffmpeg closes it: final layout, contiguous, exact durations', async () => {
    const camsim = await use.camsim([smallCamera('lobby')]);
    const kernel = await use.recordingKernel();
    const created = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      payload: { id: 'lobby', name: 'Lobby', stream_url: camsim.url('lobby'), segment_seconds: 2 },
    });
    expect(created.statusCode).toBe(201);
    await kernel.startRecording();

    await waitFor('recording state', async () => (await kernel.status.get('lobby'))?.state === 'recording');
    const rows = await waitFor('4 segments', async () => {
      const r = await kernel.db.selectFrom('segments').selectAll().where('camera_id', '=', 'lobby').orderBy('start_ms').execute();
      return r.length >= 4 ? r : undefined;
    }, 30_000);

    for (const [i, row] of rows.entries()) {
      expect(row.path).toMatch(/^lobby\/\d{4}-\d\d-\d\d\/\d\d\/\d{8}T\d{6}\.\d{3}Z\.mp4$/);
      expect(existsSync(path.join(kernel.config.recordingsDir, row.path))).toBe(true);
      expect(row).toMatchObject({ codec: 'h264', width: 320, height: 240, container: 'fmp4' });
      expect(row.codecs).toMatch(/^avc1\./);
      // The run's first segment is cut early (its first keyframe after half a second), the rest whole.
      expect(row.duration_ms).toBeGreaterThanOrEqual(i === 0 ? 400 : 1900);
      expect(row.duration_ms).toBeLessThanOrEqual(i === 0 ? 1600 : 3100);
      expect(row.end_ms - row.start_ms).toBe(row.duration_ms);
      expect(row.fragments?.length).toBeGreaterThan(i === 0 ? 0 : 4);
    }
    for (let i = 1; i < rows.length; i++) {
      const seam = rows[i]!.start_ms - rows[i - 1]!.end_ms;
      expect(seam).toBeGreaterThanOrEqual(0);
      expect(seam).toBeLessThan(1000);
    }
    // The newest segment ended no later than now and not long before (a well-placed wall clock).
    expect(Date.now() - rows.at(-1)!.end_ms).toBeLessThan(5000);

    const api = (await kernel.inject({ url: `/api/cameras/lobby/segments?from=${new Date(rows[0]!.start_ms).toISOString()}` })).json();
    expect(api.segments.length).toBeGreaterThanOrEqual(rows.length);
    expect(api.segments[0]).toMatchObject({ id: rows[0]!.id, camera_id: 'lobby', codec: 'h264', width: 320, height: 240 });

    const status = (await kernel.inject({ url: '/api/cameras/lobby/status' })).json();
    expect(status).toMatchObject({ camera_id: 'lobby', state: 'recording', last_error: null });
    expect(status.pid).toBeGreaterThan(0);

    // A clean shutdown finishes the segment being written (ffmpeg gets `q`) and leaves no ffmpeg.
    const before = rows.length;
    const recordingsDir = kernel.config.recordingsDir;
    const db = kernel.db;
    await kernel.recorder.shutdown();
    const after = await db.selectFrom('segments').select('id').execute();
    expect(after.length).toBeGreaterThan(before);
    expect(await findOrphanRecorders(path.join(recordingsDir, '.staging'), [])).toEqual([]);
  });
});

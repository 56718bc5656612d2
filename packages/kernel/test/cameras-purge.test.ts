import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOrphanRecorders } from '../src/recording/orphan-processes.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

/** Every file and folder under the recordings root that belongs to `cameraId`. */
async function filesOf(kernel: TestKernel, cameraId: string): Promise<string[]> {
  const root = kernel.config.recordingsDir;
  const found: string[] = [];
  for (const top of [cameraId, `.staging/${cameraId}`]) {
    const entries = await readdir(path.join(root, top), { recursive: true }).catch(() => null);
    if (entries !== null) found.push(top, ...entries.map((e) => `${top}/${e}`));
  }
  return found;
}

describe('DELETE /api/cameras/:id?purge=true of a recording camera', () => {
  it('stops and awaits the recorder first: no row, file or ffmpeg of the camera is left, now or later', async () => {
    const camsim = await use.camsim([smallCamera('lobby'), smallCamera('yard')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'lobby', name: 'Lobby', stream_url: camsim.url('lobby'), segment_seconds: 2 });
    await addCamera(kernel, { id: 'yard', name: 'Yard', stream_url: camsim.url('yard'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('segments of both', async () => (await segmentsOf(kernel, 'lobby')).length >= 2 && (await segmentsOf(kernel, 'yard')).length >= 2, 20_000);
    // Mid-segment: ffmpeg has a file open in staging.
    await waitFor('a staging file with data', async () => (await filesOf(kernel, 'lobby')).some((f) => f.startsWith('.staging/lobby/') && f.endsWith('.mp4')), 10_000);

    const res = await kernel.inject({ method: 'DELETE', url: '/api/cameras/lobby?purge=true' });
    expect(res.statusCode).toBe(204);

    // When the answer comes, the recorder is gone and no ffmpeg writes into the camera's staging
    // folder: nothing can add a row or a file afterwards.
    expect(kernel.recorder.activeIds()).toEqual(['yard']);
    expect(await findOrphanRecorders(path.join(kernel.config.recordingsDir, '.staging', 'lobby'), [])).toEqual([]);
    expect(await segmentsOf(kernel, 'lobby')).toEqual([]);
    expect(await filesOf(kernel, 'lobby')).toEqual([]);
    expect(await kernel.db.selectFrom('camera_status').selectAll().where('camera_id', '=', 'lobby').execute()).toEqual([]);
    const [deleted] = await eventsOf(kernel, 'lobby', 'camera_deleted');
    expect(deleted!.payload.purged_segments).toBeGreaterThanOrEqual(3);

    // The other camera records on, untouched.
    const yard = (await segmentsOf(kernel, 'yard')).length;
    await waitFor('yard records on', async () => (await segmentsOf(kernel, 'yard')).length > yard, 20_000);
    expect(await segmentsOf(kernel, 'lobby')).toEqual([]);
    expect(await filesOf(kernel, 'lobby')).toEqual([]);
  });
});

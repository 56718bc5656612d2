import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { waitFor } from './helpers/test-kernel.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

describe('recorder: resolution change mid-stream', () => {
  it('new segments carry the new size', async () => {
    const camsim = await use.camsim([smallCamera('porch')]);
    const kernel = await use.recordingKernel();
    await addCamera(kernel, { id: 'porch', name: 'Porch', stream_url: camsim.url('porch'), segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('2 segments at 320×240', async () => (await segmentsOf(kernel, 'porch')).length >= 2, 20_000);
    await camsim.setFault('porch', { kind: 'resolution', width: 480, height: 270 });
    const rows = await waitFor('3 segments at 480×270', async () => {
      const r = await segmentsOf(kernel, 'porch');
      return r.filter((s) => s.width === 480 && s.height === 270).length >= 3 ? r : undefined;
    }, 40_000);
    const firstNew = rows.findIndex((s) => s.width === 480);
    expect(rows.slice(0, 2).every((s) => s.width === 320 && s.height === 240)).toBe(true);
    expect(rows.slice(firstNew).every((s) => s.width === 480 && s.height === 270)).toBe(true);
    // ffmpeg was restarted once so later files carry the new size in their own init segment too.
    const changed = await eventsOf(kernel, 'porch', 'camera_resolution_changed');
    expect(changed.map((e) => e.payload)).toEqual([{ width: 480, height: 270 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';


const use = testResources();

describe('recorder: index accuracy', () => {
  it('60 s of continuous recording: durations within 2 % of wall time, no gap over 1 s, times where they happened', { timeout: 120_000 }, async () => {
    const camsim = await use.camsim([smallCamera('field')]);
    const kernel = await use.recordingKernel({}, { recorderTickMs: 250 });
    await addCamera(kernel, { id: 'field', name: 'Field', stream_url: camsim.url('field'), segment_seconds: 4 });
    await kernel.startRecording();

    // Watch rows appear; note when each was first seen (the test's own wall clock).
    const seenAt = new Map<number, number>();
    const deadline = Date.now() + 75_000;
    let firstSeen: number | undefined;
    while (Date.now() < deadline) {
      for (const row of await segmentsOf(kernel, 'field')) {
        if (!seenAt.has(row.id)) seenAt.set(row.id, Date.now());
      }
      firstSeen ??= seenAt.size > 0 ? Date.now() : undefined;
      if (firstSeen !== undefined && Date.now() - firstSeen >= 60_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await segmentsOf(kernel, 'field');
    expect(rows.length).toBeGreaterThanOrEqual(14);

    // Wall time between the first and the last segment being indexed vs. the media indexed in between.
    const first = rows[0]!;
    const last = rows.at(-1)!;
    const wallMs = seenAt.get(last.id)! - seenAt.get(first.id)!;
    const mediaMs = rows.slice(1).reduce((sum, r) => sum + r.duration_ms, 0);
    const error = Math.abs(mediaMs - wallMs) / wallMs;
    console.log(`index accuracy: ${rows.length} segments, media ${mediaMs} ms vs wall ${wallMs} ms (${(error * 100).toFixed(2)} %)`);
    expect(error).toBeLessThan(0.02);

    for (let i = 1; i < rows.length; i++) {
      const seam = rows[i]!.start_ms - rows[i - 1]!.end_ms;
      expect(seam).toBeGreaterThanOrEqual(0);
      expect(seam).toBeLessThanOrEqual(1000);
    }
    // Each segment ends about when it was indexed (its row appears once ffmpeg closed it).
    for (const row of rows) {
      const lag = seenAt.get(row.id)! - row.end_ms;
      expect(lag).toBeGreaterThan(-1000);
      expect(lag).toBeLessThan(2500);
    }
  });
});

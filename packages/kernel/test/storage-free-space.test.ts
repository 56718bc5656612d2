import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';
import { eventsOfKind, exists, fakeVolumes } from './storage-fixtures.js';

const resources = testResources();

/** A pretend 600 kB recordings volume: the 50 % floor leaves room for about four 2-second segments. */
const CAPACITY = 600_000;
const FLOOR = CAPACITY / 2;

describe('free-space floor while recording', () => {
  it('retention keeps the volume above the floor while a camera keeps recording into it', async () => {
    const camsim = await resources.camsim([smallCamera('hall')]);
    const volumeStats = fakeVolumes(CAPACITY);
    const kernel = await resources.recordingKernel(
      { HELDAR_MIN_FREE_BYTES: '50%', HELDAR_RETENTION_INTERVAL_SECONDS: '1' },
      { storage: { volumeStats } },
    );
    await addCamera(kernel, { id: 'hall', name: 'Hall', stream_url: camsim.url('hall'), segment_seconds: 2 });
    await kernel.startRecording();

    // Watch sweeps and the index together until retention has deleted several segments and the
    // camera has kept indexing new ones after retention started deleting.
    const deletingSweeps = new Set<number>();
    let maxIdAtFirstDelete: number | null = null;
    const maxId = async () => (await kernel.db.selectFrom('segments').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0;
    await waitFor(
      'retention to delete while recording goes on',
      async () => {
        const last = kernel.modules.storage.retention.lastSweep;
        if (last && last.deleted.free_space > 0 && !deletingSweeps.has(last.at)) {
          deletingSweeps.add(last.at);
          maxIdAtFirstDelete ??= await maxId();
        }
        return deletingSweeps.size >= 3 && maxIdAtFirstDelete !== null && (await maxId()) >= maxIdAtFirstDelete + 3;
      },
      60_000,
      100,
    );

    const rows = await kernel.db.selectFrom('segments').select(['id', 'path']).where('camera_id', '=', 'hall').orderBy('id').execute();
    // Oldest first: what is left is an unbroken run of the newest segments…
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0]! + i));
    expect(ids[0]).toBeGreaterThan(3);
    // …and every row still has its file.
    for (const r of rows) expect(await exists(path.join(kernel.config.recordingsDir, r.path)), r.path).toBe(true);

    // After a sweep the floor holds — give or take what ffmpeg wrote into the staged segment since
    // the sweep measured (it counts as used space): at ~300 kbit/s, well under 40 kB a second.
    await kernel.modules.storage.retention.sweep();
    expect((await volumeStats(kernel.config.recordingsDir)).freeBytes).toBeGreaterThanOrEqual(FLOOR - 40_000);
    expect(await eventsOfKind(kernel, 'storage_pressure')).toEqual([]);
    // Footage lost to the floor is said, with how much: one event when a sweep starts deleting.
    const [floor] = await eventsOfKind(kernel, 'storage_floor_deleting');
    expect(floor).toBeDefined();
    const payload = floor!.payload as Record<string, number | string>;
    expect(payload).toMatchObject({ volume: 'recordings', min_free_bytes: FLOOR });
    expect(payload.deleted_segments).toBeGreaterThan(0);
    expect(payload.freed_bytes).toBeGreaterThan(0);
    expect(payload.free_bytes).toBeLessThan(FLOOR);
  });
});

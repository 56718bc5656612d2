import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { removeSegmentFiles, type SegmentFileRemover } from '../src/storage/segment-files.js';
import { toRfc3339 } from '../src/time.js';
import { testResources } from './helpers/resources.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';
import { HOUR, NOW, addSegments, addStillCamera, eventsOfKind, fileOf, rowIds, type SyntheticSegment } from './storage-fixtures.js';

const resources = testResources();

/**
 * Retention deletes in three steps: mark the rows (`deleting_at`), delete the files, delete the rows.
 * A remover that throws stands in for the process dying at a given point: every statement before it
 * is committed, nothing after it runs — the same database and disk a SIGKILL there would leave.
 */
async function crashedSweep(dataDir: string, removeFiles: SegmentFileRemover): Promise<{ old: SyntheticSegment[]; recent: SyntheticSegment[] }> {
  const kernel = await startTestKernel({ HELDAR_MIN_FREE_BYTES: '0' }, { dataDir, clock: new ManualClock(NOW), storage: { removeFiles } });
  try {
    // Footage of the last hour (inside the window recovery checks for rows whose file is gone): a
    // 2000-byte budget over seven 1000-byte segments deletes the five oldest.
    await addStillCamera(kernel, 'door', { retention_max_bytes: 2000 });
    const segments = await addSegments(kernel, 'door', { count: 7, start: NOW - HOUR });
    const old = segments.slice(0, 5);
    const recent = segments.slice(5);
    await expect(kernel.modules.storage.retention.sweep()).rejects.toThrow('simulated crash');

    // While "crashed": the marked rows still exist, but nothing hands them out.
    expect(await rowIds(kernel, 'door')).toEqual(segments.map((s) => s.id));
    const listed = await kernel.inject({ method: 'GET', url: `/api/cameras/door/segments?from=${toRfc3339(NOW - 2 * HOUR)}&to=${toRfc3339(NOW)}` });
    expect(listed.json<{ segments: { id: number }[] }>().segments.map((s) => s.id)).toEqual(recent.map((s) => s.id));
    const lease = await kernel.leases.acquire('clip:late', old.map((s) => s.id), 60_000);
    expect(lease.segmentIds).toEqual([]);
    return { old, recent };
  } finally {
    await kernel.close();
  }
}

async function restartWithRecovery(dataDir: string): Promise<TestKernel> {
  const kernel = await startTestKernel({ HELDAR_RECORDER_ENABLED: 'true', HELDAR_MIN_FREE_BYTES: '0' }, { dataDir, clock: new ManualClock(NOW) });
  resources.defer(() => kernel.dispose());
  return kernel;
}

describe('retention: a crash in the middle of a deletion', () => {
  it('crash between file delete and row delete leaves a state that recovery repairs', async () => {
    const dataDir = await resources.dir();
    const { old, recent } = await crashedSweep(dataDir, async (root, paths) => {
      await removeSegmentFiles(root, paths);
      throw new Error('simulated crash after the files were deleted, before the rows');
    });

    const kernel = await restartWithRecovery(dataDir);
    for (const s of old) expect(await fileOf(kernel, s)).toBe(false);
    const report = await kernel.startRecording();

    expect(report).toMatchObject({ deletionsFinished: 5, missingRowsRemoved: 0, unindexedIndexed: 0 });
    expect(await rowIds(kernel, 'door')).toEqual(recent.map((s) => s.id));
    for (const s of recent) expect(await fileOf(kernel, s)).toBe(true);
    // A finished deletion is not lost footage: no segment_missing alarm.
    expect(await eventsOfKind(kernel, 'segment_missing')).toEqual([]);
  });

  it('crash after marking, before any file was deleted: recovery deletes the files and the rows', async () => {
    const dataDir = await resources.dir();
    const { old, recent } = await crashedSweep(dataDir, () => Promise.reject(new Error('simulated crash before the files')));

    const kernel = await restartWithRecovery(dataDir);
    for (const s of old) expect(await fileOf(kernel, s)).toBe(true);
    const report = await kernel.startRecording();

    expect(report).toMatchObject({ deletionsFinished: 5, missingRowsRemoved: 0, unindexedIndexed: 0 });
    expect(await rowIds(kernel, 'door')).toEqual(recent.map((s) => s.id));
    for (const s of old) expect(await fileOf(kernel, s)).toBe(false);
  });

  it('without the recorder (no start-up recovery), the next sweep finishes the deletion', async () => {
    const dataDir = await resources.dir();
    const { recent } = await crashedSweep(dataDir, async (root, paths) => {
      await removeSegmentFiles(root, paths);
      throw new Error('simulated crash after the files were deleted, before the rows');
    });

    const kernel = await startTestKernel({ HELDAR_MIN_FREE_BYTES: '0' }, { dataDir, clock: new ManualClock(NOW) });
    resources.defer(() => kernel.dispose());
    const report = await kernel.modules.storage.retention.sweep();

    expect(report.deleted.pending).toBe(5);
    expect(report.filesMissing).toBe(5);
    expect(await rowIds(kernel, 'door')).toEqual(recent.map((s) => s.id));
  });
});

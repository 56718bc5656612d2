import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { FootageDeleter } from '../src/storage/footage-deleter.js';
import { RetentionRepository } from '../src/storage/retention.repository.js';
import { removeSegmentFiles, type SegmentFileRemover } from '../src/storage/segment-files.js';
import { toRfc3339 } from '../src/time.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';
import { DAY, HOUR, NOW, addSegments, addStillCamera, exists, fileOf, openIncident, rowIds, type SyntheticSegment } from './storage-fixtures.js';

const resources = testResources();

/** A kernel on real SQLite with one camera that never records (rows and files come from the fixtures). */
async function kernel(): Promise<TestKernel> {
  const k = await resources.kernel({ HELDAR_MIN_FREE_BYTES: '0' }, { clock: new ManualClock(NOW) });
  await addStillCamera(k, 'door');
  return k;
}

function deleter(k: TestKernel, removeFiles: SegmentFileRemover = removeSegmentFiles, mirrorRoot: string | null = null): FootageDeleter {
  return new FootageDeleter({ recordingsRoot: k.config.recordingsDir, mirrorRoot, segments: k.segments, marks: new RetentionRepository(k.db), removeFiles });
}

async function markedIds(k: TestKernel): Promise<number[]> {
  const rows = await k.db.selectFrom('segments').select('id').where('deleting_at', 'is not', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

describe('FootageDeleter: held and leased footage', () => {
  it('never deletes a segment under an open incident or an unexpired lease, whichever way it is asked', async () => {
    const k = await kernel();
    const segments = await addSegments(k, 'door', { count: 6, start: NOW - 2 * DAY });
    const [s0, s1, s2, s3, s4, s5] = segments.map((s) => s) as [SyntheticSegment, SyntheticSegment, SyntheticSegment, SyntheticSegment, SyntheticSegment, SyntheticSegment];
    // s1 is held by an incident, s3 by a lease (an export reading it).
    await openIncident(k, { title: 'evidence', cameras: ['door'], from: toRfc3339(s1.start), to: toRfc3339(s1.end) });
    const lease = await k.leases.acquire('clip:test', [s3.id], 60_000);
    expect(lease.segmentIds).toEqual([s3.id]);
    const footage = deleter(k);

    const byAge = await footage.deleteOlderThan('door', NOW - DAY, NOW, 100);
    const byBytes = await footage.deleteOldestBytes(null, 1_000_000, NOW, 100);
    const byPurge = await footage.deleteCameraBatch('door', NOW, 100);

    // In no particular order: PostgreSQL's UPDATE … RETURNING gives rows as they lie in the table.
    expect(byAge.marked.map((r) => r.id).sort((a, b) => a - b)).toEqual([s0.id, s2.id, s4.id, s5.id]);
    expect(byAge.outcome).toMatchObject({ rows: 4, bytes: 4000, missing: 0, failed: [] });
    expect(byBytes.marked).toEqual([]);
    expect(byPurge.marked).toEqual([]);
    expect(await rowIds(k, 'door')).toEqual([s1.id, s3.id]);
    for (const s of [s1, s3]) expect(await fileOf(k, s)).toBe(true);
    for (const s of [s0, s2, s4, s5]) expect(await fileOf(k, s)).toBe(false);

    // Once the lease is released the segment is fair game; the incident still holds its own.
    await k.leases.release(lease);
    expect((await footage.deleteCameraBatch('door', NOW, 100)).marked.map((r) => r.id)).toEqual([s3.id]);
    expect(await rowIds(k, 'door')).toEqual([s1.id]);
  });

  it('a lease taken on a marked segment is refused: mark and lease cannot both win', async () => {
    const k = await kernel();
    const [s] = await addSegments(k, 'door', { count: 1, start: NOW - 2 * DAY });
    // The files step never finishes here, so the row stays marked.
    const stuck = deleter(k, () => Promise.reject(new Error('simulated crash before the files')));
    await expect(stuck.deleteOlderThan('door', NOW - DAY, NOW, 10)).rejects.toThrow('simulated crash');

    const lease = await k.leases.acquire('clip:late', [s!.id], 60_000);
    expect(lease.segmentIds).toEqual([]);
    expect(lease.refused).toEqual([s!.id]);
  });
});

describe('FootageDeleter: a crash between mark and delete', () => {
  it('crash after the files, before the rows: finishPending removes the marked rows', async () => {
    const k = await kernel();
    const segments = await addSegments(k, 'door', { count: 4, start: NOW - 2 * DAY });
    const crashing = deleter(k, async (root, paths) => {
      await removeSegmentFiles(root, paths);
      throw new Error('simulated crash after the files were deleted, before the rows');
    });
    await expect(crashing.deleteOldestBytes('door', 2500, NOW, 10)).rejects.toThrow('simulated crash');
    const marked = segments.slice(0, 3).map((s) => s.id);
    expect(await markedIds(k)).toEqual(marked);

    const resumed = await deleter(k).finishPending();

    expect(resumed).toMatchObject({ rows: 3, bytes: 3000, missing: 3, failed: [] });
    expect(await rowIds(k, 'door')).toEqual([segments[3]!.id]);
    expect(await markedIds(k)).toEqual([]);
  });

  it('crash after marking, before any file: finishPending deletes the files, then the rows', async () => {
    const k = await kernel();
    const segments = await addSegments(k, 'door', { count: 3, start: NOW - 2 * DAY });
    const crashing = deleter(k, () => Promise.reject(new Error('simulated crash before the files')));
    await expect(crashing.deleteCameraBatch('door', NOW, 10)).rejects.toThrow('simulated crash');
    for (const s of segments) expect(await fileOf(k, s)).toBe(true);

    const resumed = await deleter(k).finishPending(2);

    expect(resumed).toMatchObject({ rows: 3, missing: 0, failed: [] });
    expect(await rowIds(k, 'door')).toEqual([]);
    for (const s of segments) expect(await fileOf(k, s)).toBe(false);
  });
});

describe('FootageDeleter: files', () => {
  it('files already gone are fine: their rows go and they are counted as missing', async () => {
    const k = await kernel();
    const gone = await addSegments(k, 'door', { count: 2, start: NOW - 3 * DAY, files: false });
    const present = await addSegments(k, 'door', { count: 1, start: NOW - 2 * DAY });

    const batch = await deleter(k).deleteOlderThan('door', NOW - DAY, NOW, 10);

    expect(batch.outcome).toMatchObject({ rows: 3, missing: 2, failed: [] });
    expect(batch.outcome.paths.sort()).toEqual([...gone, ...present].map((s) => s.path).sort());
    expect(await rowIds(k, 'door')).toEqual([]);
  });

  it('a file that cannot be deleted keeps its row marked until a later pass can delete it', async () => {
    const k = await kernel();
    const [s] = await addSegments(k, 'door', { count: 1, start: NOW - 2 * DAY, files: false });
    // A folder where the file should be: unlink fails with EISDIR/EPERM, not ENOENT.
    const blocker = path.join(k.config.recordingsDir, s!.path);
    await mkdir(blocker, { recursive: true });
    const footage = deleter(k);

    const batch = await footage.deleteOlderThan('door', NOW - DAY, NOW, 10);
    expect(batch.outcome.rows).toBe(0);
    expect(batch.outcome.failed.map((f) => f.path)).toEqual([s!.path]);
    expect(await markedIds(k)).toEqual([s!.id]);
    expect((await footage.finishPending()).failed).toHaveLength(1);

    await rm(blocker, { recursive: true });
    expect(await footage.finishPending()).toMatchObject({ rows: 1, missing: 1, failed: [] });
    expect(await rowIds(k, 'door')).toEqual([]);
  });

  it('removes a purged camera\'s folders, final and staging, and mirror copies (already gone is fine)', async () => {
    const k = await kernel();
    const mirror = await mkdtemp(path.join(os.tmpdir(), 'heldar-mirror-'));
    resources.defer(() => rm(mirror, { recursive: true, force: true }));
    await addSegments(k, 'door', { count: 1, start: NOW - HOUR });
    const staged = path.join(k.config.recordingsDir, '.staging', 'door', 'x.mp4');
    await mkdir(path.dirname(staged), { recursive: true });
    await writeFile(staged, 'x');
    const copy = 'door/2026-03-01/11/20260301T110000.000Z.mp4';
    await mkdir(path.join(mirror, 'door/2026-03-01/11'), { recursive: true });
    await writeFile(path.join(mirror, copy), 'x');
    const footage = deleter(k, removeSegmentFiles, mirror);

    await footage.removeCameraFolders('door');
    const removal = await footage.removeMirrorCopies([copy, 'door/2026-03-01/11/gone.mp4']);

    expect(await exists(path.join(k.config.recordingsDir, 'door'))).toBe(false);
    expect(await exists(path.dirname(staged))).toBe(false);
    expect(removal).toMatchObject({ missing: 1, failed: [] });
    expect(removal.gone.size).toBe(2);
    expect(await exists(path.join(mirror, copy))).toBe(false);
  });
});

import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDestination, createPolicy, jobOf, runJob, startJob, type JobJson } from './backup-helpers.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';
import { addSegments, addStillCamera, rowIds } from './storage-fixtures.js';

const use = testResources();
const START = Date.parse('2026-03-01T10:00:00Z');

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('backup to a local folder', () => {
  it('copies, verifies, writes day manifests; a second run copies nothing; damage is found and re-sent', async () => {
    const kernel = await use.kernel();
    const target = await use.dir('heldar-backup-');
    await addStillCamera(kernel, 'door');
    const segments = await addSegments(kernel, 'door', { count: 6, start: START, durationMs: 20 * 60_000, size: 5000 });
    const destination = await createDestination(kernel, { kind: 'local', path: target });
    const policy = await createPolicy(kernel, destination.id);

    const first = await runJob(kernel, policy.id);
    expect(first).toMatchObject({ state: 'completed', files_total: 6, files_done: 6, files_skipped: 0, bytes_total: 30_000, bytes_done: 30_000, resent: 0, error: null });
    for (const segment of segments) {
      const copy = await readFile(path.join(target, segment.path));
      expect(copy.equals(await readFile(path.join(kernel.config.recordingsDir, segment.path)))).toBe(true);
    }
    const manifest = JSON.parse(await readFile(path.join(target, 'door/2026-03-01/manifest.json'), 'utf8')) as { files: { file: string; size_bytes: number; sha256: string; start: string }[] };
    expect(manifest.files).toHaveLength(6);
    expect(manifest.files[0]).toEqual({ file: segments[0]!.path.slice('door/2026-03-01/'.length), size_bytes: 5000, sha256: sha256(Buffer.alloc(5000, 7)), start: '2026-03-01T10:00:00.000Z', end: '2026-03-01T10:20:00.000Z' });

    const second = await runJob(kernel, policy.id);
    expect(second).toMatchObject({ state: 'completed', files_total: 6, files_done: 0, files_skipped: 6, bytes_done: 0, resent: 0 });

    // One byte flipped (same size): only a read-back finds it; a truncated file is found by its size.
    const flipped = path.join(target, segments[1]!.path);
    const bytes = await readFile(flipped);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(flipped, bytes);
    const cheap = await runJob(kernel, policy.id);
    expect(cheap).toMatchObject({ state: 'completed', files_done: 0, resent: 0 });
    const full = await runJob(kernel, policy.id, { verify_all: true });
    expect(full).toMatchObject({ state: 'completed', files_done: 1, files_skipped: 5, resent: 1 });
    expect(sha256(await readFile(flipped))).toBe(sha256(Buffer.alloc(5000, 7)));

    await writeFile(path.join(target, segments[2]!.path), Buffer.alloc(10, 7));
    const truncated = await runJob(kernel, policy.id);
    expect(truncated).toMatchObject({ state: 'completed', files_done: 1, resent: 1 });
    expect((await stat(path.join(target, segments[2]!.path))).size).toBe(5000);

    const events = (await kernel.inject({ method: 'GET', url: '/api/events?kind=backup_job_done&limit=10' })).json<{ events: { payload: Record<string, unknown> }[] }>().events;
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.map((e) => e.payload.state)).toEqual(Array(events.length).fill('completed'));
  });

  it('a job cut short resumes: the next run copies only what the destination lacks', async () => {
    const kernel = await use.kernel();
    const target = await use.dir('heldar-backup-');
    await addStillCamera(kernel, 'yard');
    const segments = await addSegments(kernel, 'yard', { count: 8, start: START, durationMs: 15 * 60_000, size: 2000 });
    // A file where the second hour's folder must go: the copy fails there, after the first hour.
    const blocker = path.join(target, 'yard/2026-03-01/11');
    await mkdir(path.dirname(blocker), { recursive: true });
    await writeFile(blocker, 'not a folder');
    const destination = await createDestination(kernel, { kind: 'local', path: target });
    const policy = await createPolicy(kernel, destination.id);

    const cut = await runJob(kernel, policy.id);
    expect(cut.state).toBe('failed');
    expect(cut.files_done).toBe(4);
    expect(cut.error).toMatch(/ENOTDIR|EEXIST|not a directory|file already exists/i);
    const copiedAt = await stat(path.join(target, segments[0]!.path));

    await rm(blocker);
    const resumed = await runJob(kernel, policy.id);
    expect(resumed).toMatchObject({ state: 'completed', files_total: 8, files_skipped: 4, files_done: 4, bytes_done: 8000 });
    expect((await stat(path.join(target, segments[0]!.path))).mtimeMs).toBe(copiedAt.mtimeMs);
  });

  it('checks copies against the hash the recorder stored; a recording that no longer matches it fails the job', async () => {
    const kernel = await use.kernel();
    const target = await use.dir('heldar-backup-');
    await addStillCamera(kernel, 'shed');
    const segments = await addSegments(kernel, 'shed', { count: 3, start: START, size: 4000 });
    const good = sha256(Buffer.alloc(4000, 7));
    // As the recorder's segment hash recorder leaves them; the third row's hash is of other bytes.
    await kernel.db
      .insertInto('segment_hashes')
      .values(segments.map((s, i) => ({ segment_id: s.id, sha256: i === 2 ? sha256(Buffer.alloc(4000, 8)) : good, size_bytes: 4000, hashed_at: START })))
      .execute();
    const destination = await createDestination(kernel, { kind: 'local', path: target });
    const policy = await createPolicy(kernel, destination.id);

    const job = await runJob(kernel, policy.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/no longer matches its SHA-256 in the index \(damaged on this disk\?\)/);
    // The two good ones were verified, flushed and recorded before the job stopped.
    expect(job.files_done).toBe(2);
    const copies = await kernel.db.selectFrom('backup_copies').select(['segment_id', 'sha256']).orderBy('segment_id').execute();
    expect(copies).toEqual(segments.slice(0, 2).map((s) => ({ segment_id: s.id, sha256: good })));
  });

  it('cancels a running job; its lease keeps retention off the footage while it copies', async () => {
    const kernel = await use.kernel();
    const target = await use.dir('heldar-backup-');
    // Footage far older than its retention: only the job's lease keeps it.
    await addStillCamera(kernel, 'gate', { retention_days: 1 });
    const segments = await addSegments(kernel, 'gate', { count: 400, start: START, durationMs: 10_000, size: 64 * 1024 });
    const destination = await createDestination(kernel, { kind: 'local', path: target });
    const policy = await createPolicy(kernel, destination.id);
    const job = await startJob(kernel, policy.id);
    const held = await waitFor('the job lease', async () => {
      const ids = await kernel.leases.held(segments.map((s) => s.id));
      return ids.size > 0 && ids;
    });
    expect(held.size).toBe(400);
    const during = await kernel.modules.storage.retention.sweep();
    expect(during.deleted.age).toBe(0);
    expect(await rowIds(kernel, 'gate')).toHaveLength(400);
    const again = await kernel.inject({ method: 'POST', url: `/api/backup/policies/${policy.id}/run`, payload: {} });
    expect(again.statusCode).toBe(409);

    const cancel = await kernel.inject({ method: 'POST', url: `/api/backup/jobs/${job.id}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ state: 'cancelled', error: 'cancelled by a user' });
    expect((await jobOf(kernel, job.id)).files_done).toBeLessThan(400);
    expect((await kernel.leases.held(segments.map((s) => s.id))).size).toBe(0);
    expect((await kernel.inject({ method: 'POST', url: `/api/backup/jobs/${job.id}/cancel` })).statusCode).toBe(409);
    // Released: now retention takes it.
    expect((await kernel.modules.storage.retention.sweep()).deleted.age).toBe(400);
  });

  it('the scheduler runs enabled policies when they are due, and skips disabled ones', async () => {
    const kernel = await use.kernel({ HELDAR_BACKUP_SCHEDULER_SECONDS: '1' });
    await kernel.startRecording();
    const target = await use.dir('heldar-backup-');
    await addStillCamera(kernel, 'porch');
    await addSegments(kernel, 'porch', { count: 2, start: START, size: 100 });
    const destination = await createDestination(kernel, { kind: 'local', path: target });
    const paused = await createPolicy(kernel, destination.id, { name: 'Paused', enabled: false });
    const policy = await createPolicy(kernel, destination.id, { every_minutes: 1 });
    const job = await waitFor('a scheduled job to complete', async () => {
      const jobs = (await kernel.inject({ method: 'GET', url: '/api/backup/jobs' })).json<{ jobs: (JobJson & { policy_id: string })[] }>().jobs;
      return jobs.find((j) => j.state === 'completed');
    });
    expect(job).toMatchObject({ files_done: 2, policy_id: policy.id });
    const byPolicy = (await kernel.inject({ method: 'GET', url: `/api/backup/jobs?policy_id=${paused.id}` })).json<{ jobs: unknown[] }>().jobs;
    expect(byPolicy).toEqual([]);
    const listed = (await kernel.inject({ method: 'GET', url: '/api/backup/policies' })).json<{ policies: { id: string; last_run_at: string | null }[] }>().policies;
    expect(listed.find((p) => p.id === policy.id)?.last_run_at).not.toBeNull();
  });

  it('validates destinations and never shows their secrets', async () => {
    const kernel = await use.kernel();
    const bad = async (payload: Record<string, unknown>, message: RegExp): Promise<void> => {
      const res = await kernel.inject({ method: 'POST', url: '/api/backup/destinations', payload: { name: 'x', ...payload } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(message);
    };
    await bad({ kind: 'local', path: 'relative/folder' }, /absolute/);
    await bad({ kind: 'local', path: path.join(kernel.config.recordingsDir, 'copies') }, /inside the recordings/);
    await bad({ kind: 'sftp', host: 'backup.example', username: 'u', path: '/b' }, /password or a private_key/);
    await bad({ kind: 's3', endpoint: 'ftp://x', bucket: 'b', access_key_id: 'k', secret_key: 's' }, /http\(s\) URL/);
    await bad({ kind: 'local', path: '/tmp/x', bucket: 'b' }, /bucket: not a setting of a local destination/);

    const created = await createDestination(kernel, { kind: 's3', endpoint: 'http://127.0.0.1:1', bucket: 'b', access_key_id: 'AKID', secret_key: 'super-secret-value' });
    expect(created).toMatchObject({ secret_key_set: true, password_set: false });
    expect(JSON.stringify(created)).not.toContain('super-secret-value');
    const stored = await kernel.db.selectFrom('backup_destinations').select('secret_key').executeTakeFirstOrThrow();
    expect(stored.secret_key).toMatch(/^enc:v1:/);
    const listed = (await kernel.inject({ method: 'GET', url: '/api/backup/destinations' })).body;
    expect(listed).not.toContain('super-secret-value');
    // Loopback is refused unless HELDAR_OUTBOUND_ALLOW names it.
    const test = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${created.id}/test` })).json<{ ok: boolean; error: string }>();
    expect(test.ok).toBe(false);
    expect(test.error).toMatch(/127\.0\.0\.1/);
    expect(test.error).not.toContain('super-secret-value');
  });
});

import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDestination, createPolicy, runJob } from './backup-helpers.js';
import { testResources } from './helpers/resources.js';
import { TEST_DIALECT } from './helpers/test-database.js';
import { startSshd, type TestSshd } from './helpers/sshd.js';
import { addSegments, addStillCamera } from './storage-fixtures.js';

const use = testResources();
const START = Date.parse('2026-03-01T10:00:00Z');

async function sshd(): Promise<TestSshd> {
  const server = await startSshd();
  use.defer(() => server.close());
  return server;
}

describe('backup over SFTP (a real OpenSSH server on loopback)', () => {
  it('tests the connection, copies and verifies, skips what is there, re-sends a damaged copy', async () => {
    const server = await sshd();
    const kernel = await use.kernel({ HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    await addStillCamera(kernel, 'door');
    const segments = await addSegments(kernel, 'door', { count: 5, start: START, durationMs: 30 * 60_000, size: 300_000 });
    const remote = path.join(server.root, 'heldar');
    const destination = await createDestination(kernel, {
      kind: 'sftp',
      host: '127.0.0.1',
      port: server.port,
      username: server.username,
      private_key: server.privateKey,
      host_key_sha256: server.hostKeySha256,
      path: remote,
    });
    expect(destination).toMatchObject({ private_key_set: true, password_set: false, host_key_sha256: server.hostKeySha256 });
    expect(JSON.stringify(destination)).not.toContain('PRIVATE KEY');

    const test = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${destination.id}/test` })).json<{ ok: boolean; error: string | null; latency_ms: number }>();
    expect(test).toMatchObject({ ok: true, error: null });
    expect(test.latency_ms).toBeGreaterThan(0);

    // The database copy is SQLite's (PostgreSQL is backed up with pg_dump): on PostgreSQL the same
    // policy copies footage only.
    const withDatabase = TEST_DIALECT === 'sqlite';
    const policy = await createPolicy(kernel, destination.id, { include_database: withDatabase });
    const first = await runJob(kernel, policy.id);
    expect(first).toMatchObject({ state: 'completed', files_total: 5, files_done: 5, bytes_done: 1_500_000, error: null });
    for (const segment of segments) {
      expect((await readFile(path.join(remote, segment.path))).equals(await readFile(path.join(kernel.config.recordingsDir, segment.path)))).toBe(true);
    }
    const manifest = JSON.parse(await readFile(path.join(remote, 'door/2026-03-01/manifest.json'), 'utf8')) as { files: unknown[] };
    expect(manifest.files).toHaveLength(5);
    if (withDatabase) {
      // include_database: a consistent SQLite copy with its checksum file beside it.
      const dumps = (await readdir(path.join(remote, 'database'))).sort();
      expect(dumps).toHaveLength(2);
      expect(dumps[0]).toMatch(/^heldar-\d{8}T\d{6}Z\.sqlite$/);
      const dump = await readFile(path.join(remote, 'database', dumps[0]!));
      expect(dump.subarray(0, 15).toString()).toBe('SQLite format 3');
      expect(await readFile(path.join(remote, 'database', dumps[1]!), 'utf8')).toBe(`${createHash('sha256').update(dump).digest('hex')}  ${dumps[0]}\n`);
    } else {
      expect(await readdir(path.join(remote, 'database')).catch(() => [])).toEqual([]);
    }

    const second = await runJob(kernel, policy.id);
    expect(second).toMatchObject({ state: 'completed', files_skipped: 5, files_done: 0 });

    const damaged = path.join(remote, segments[3]!.path);
    const bytes = await readFile(damaged);
    bytes[1234] = bytes[1234]! ^ 1;
    await writeFile(damaged, bytes);
    const full = await runJob(kernel, policy.id, { verify_all: true });
    expect(full).toMatchObject({ state: 'completed', files_done: 1, resent: 1 });
    expect(createHash('sha256').update(await readFile(damaged)).digest('hex')).toBe(createHash('sha256').update(Buffer.alloc(300_000, 7)).digest('hex'));
  });

  it('reports a wrong host key and an unknown key as a failed test, without the key', async () => {
    const server = await sshd();
    const kernel = await use.kernel({ HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    const base = { kind: 'sftp', host: '127.0.0.1', port: server.port, username: server.username, path: path.join(server.root, 'x') };
    const pinnedWrong = await createDestination(kernel, { ...base, private_key: server.privateKey, host_key_sha256: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    const wrongHost = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${pinnedWrong.id}/test` })).json<{ ok: boolean; error: string }>();
    expect(wrongHost.ok).toBe(false);
    expect(wrongHost.error).toMatch(/host/i);
    const password = await createDestination(kernel, { ...base, password: 'not-the-password' });
    const denied = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${password.id}/test` })).json<{ ok: boolean; error: string }>();
    expect(denied.ok).toBe(false);
    expect(denied.error).toMatch(/authentication/i);
    expect(denied.error).not.toContain('not-the-password');
  });
});

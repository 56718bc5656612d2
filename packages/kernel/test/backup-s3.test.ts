import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { describe, expect, it } from 'vitest';
import { createDestination, createPolicy, runJob } from './backup-helpers.js';
import { freePort } from './helpers/mosquitto.js';
import { startSigV4Proxy, type SigV4Proxy } from './helpers/sigv4-proxy.js';
import { testResources } from './helpers/resources.js';
import { addSegments, addStillCamera } from './storage-fixtures.js';

const use = testResources();
const START = Date.parse('2026-03-01T10:00:00Z');
// s3rver's fixed test credentials. s3rver checks the access key id but does not recompute V4
// signatures, so Heldar reaches it through a proxy that does (helpers/sigv4-proxy.ts): every request
// the backup sends must carry a signature S3 would accept.
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

/**
 * s3rver (an S3-compatible server in Node: buckets, listing, multipart uploads) on a free loopback
 * port, and the signature-checking proxy in front of it: `endpoint` is the proxy's; `client` talks to
 * s3rver directly (the test's own view of the bucket).
 */
async function s3Server(bucket: string): Promise<{ endpoint: string; client: S3Client; proxy: SigV4Proxy }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'heldar-s3-'));
  const port = await freePort();
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const proxy = await startSigV4Proxy(endpoint, new Map([[ACCESS_KEY, SECRET_KEY]]));
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY } });
  use.defer(async () => {
    client.destroy();
    await proxy.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
  return { endpoint: proxy.endpoint, client, proxy };
}

async function objectHash(client: S3Client, bucket: string, key: string): Promise<string> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return createHash('sha256').update(await answer.Body!.transformToByteArray()).digest('hex');
}

describe('backup to S3 (s3rver, an S3-compatible server, on loopback)', () => {
  it('copies with multipart for large files, verifies, skips what is there, re-sends a damaged object, every request signed as S3 checks it; a wrong secret or an unknown access key fails the test', async () => {
    const { endpoint, client, proxy } = await s3Server('footage');
    const kernel = await use.kernel({ HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    await addStillCamera(kernel, 'door');
    // 9 MiB: above lib-storage's 8 MiB part size, so it goes up as a multipart upload.
    const segments = await addSegments(kernel, 'door', { count: 3, start: START, durationMs: 30 * 60_000, size: 9 * 1024 * 1024 });
    const destination = await createDestination(kernel, { kind: 's3', endpoint, bucket: 'footage', prefix: 'site-a', access_key_id: ACCESS_KEY, secret_key: SECRET_KEY, path_style: true });
    const test = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${destination.id}/test` })).json<{ ok: boolean; error: string | null }>();
    expect(test).toMatchObject({ ok: true, error: null });

    const policy = await createPolicy(kernel, destination.id);
    const first = await runJob(kernel, policy.id);
    expect(first).toMatchObject({ state: 'completed', files_done: 3, bytes_done: 3 * 9 * 1024 * 1024, error: null });
    const expected = createHash('sha256').update(Buffer.alloc(9 * 1024 * 1024, 7)).digest('hex');
    for (const segment of segments) expect(await objectHash(client, 'footage', `site-a/${segment.path}`)).toBe(expected);
    const manifest = await client.send(new GetObjectCommand({ Bucket: 'footage', Key: 'site-a/door/2026-03-01/manifest.json' }));
    expect((JSON.parse(await manifest.Body!.transformToString()) as { files: unknown[] }).files).toHaveLength(3);

    expect(await runJob(kernel, policy.id)).toMatchObject({ state: 'completed', files_skipped: 3, files_done: 0 });

    // Same size, other bytes: found by the read-back of verify_all and sent again.
    await client.send(new PutObjectCommand({ Bucket: 'footage', Key: `site-a/${segments[0]!.path}`, Body: Buffer.alloc(9 * 1024 * 1024, 8) }));
    expect(await runJob(kernel, policy.id, { verify_all: true })).toMatchObject({ state: 'completed', files_done: 1, resent: 1 });
    expect(await objectHash(client, 'footage', `site-a/${segments[0]!.path}`)).toBe(expected);

    // Every request of the test, the jobs' uploads (single and multipart), listings and read-backs verified.
    expect(proxy.refused).toEqual([]);
    expect(proxy.verified).toBeGreaterThan(20);

    const wrongSecret = await kernel.inject({ method: 'PATCH', url: `/api/backup/destinations/${destination.id}`, payload: { secret_key: 'not-the-secret-key' } });
    expect(wrongSecret.statusCode, wrongSecret.body).toBe(200);
    const unsigned = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${destination.id}/test` })).json<{ ok: boolean; error: string }>();
    expect(unsigned.ok).toBe(false);
    expect(unsigned.error).toMatch(/SignatureDoesNotMatch \(HTTP 403\)/);
    expect(unsigned.error).not.toContain('not-the-secret-key');

    const patched = await kernel.inject({ method: 'PATCH', url: `/api/backup/destinations/${destination.id}`, payload: { access_key_id: 'NOT-A-KEY', secret_key: 'another-secret-key' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const denied = (await kernel.inject({ method: 'POST', url: `/api/backup/destinations/${destination.id}/test` })).json<{ ok: boolean; error: string }>();
    expect(denied.ok).toBe(false);
    expect(denied.error).toMatch(/InvalidAccessKeyId \(HTTP 403\)/);
    expect(denied.error).not.toContain('another-secret-key');
  });
});

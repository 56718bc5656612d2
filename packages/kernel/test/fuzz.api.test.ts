import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { errorOf, httpRequest } from './helpers/http-client.js';
import { badRequests, operationsOf, schemaChecker, type FuzzRequest } from './helpers/openapi-fuzz.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';

/**
 * Property-based fuzzing of every route in the OpenAPI document, as an administrator: each request
 * breaks a rule (wrong types, missing and extra fields, boundary and non-finite numbers, huge and
 * invalid strings, bad ids, malformed bodies) and must get a 4xx in the `{error, message}` shape,
 * change nothing in the database, and leave the server answering.
 *
 * Deterministic in CI; a long local run: `HELDAR_FUZZ_RUNS=2000 HELDAR_FUZZ_SEED=$RANDOM npx vitest
 * run packages/kernel/test/fuzz.api.test.ts` (a failure prints the seed and path to replay it).
 */
const RUNS = Number(process.env.HELDAR_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.HELDAR_FUZZ_SEED ?? 14);

const resources = testResources();

/** Every table but the audit log (rejected calls are audited, by design) and the migration bookkeeping. */
async function snapshot(kernel: TestKernel): Promise<string> {
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'sqlite_sequence') AND name NOT LIKE 'kysely_%' ORDER BY name`.execute(kernel.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)} ORDER BY rowid`.execute(kernel.db);
    // An API key's last use is written at most once a minute by every authenticated call.
    parts.push(name, JSON.stringify(rows.rows.map(({ last_used_at: _ignored, ...row }) => row)));
  }
  return parts.join('\n');
}

/** A camera, a zone, an incident and a module, so that ids in paths can name something real. */
async function seed(kernel: TestKernel): Promise<void> {
  const calls: [string, string, object][] = [
    ['POST', '/api/cameras', { id: 'cam1', name: 'Fuzz', address: '10.0.0.1' }],
    ['POST', '/api/cameras/cam1/zones', { name: 'Gate', kind: 'polygon', points: [[0, 0], [1, 0], [1, 1]] }],
    ['POST', '/api/incidents', { title: 'Held', cameras: ['cam1'], from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }],
    ['POST', '/api/modules', { name: 'fuzzmod', version: '1', consumes: ['zone_*'] }],
  ];
  for (const [method, url, payload] of calls) {
    const res = await kernel.inject({ method: method as 'POST', url, payload });
    if (res.statusCode >= 300) throw new Error(`seeding ${url} failed: ${res.statusCode} ${res.body}`);
  }
}

const FIXTURES = { id: 'cam1', zid: '1', name: 'fuzzmod', file: 'index.m3u8' } as Record<string, string>;

describe('fuzzing every route of the OpenAPI document', () => {
  it(`answers ${RUNS} bad requests per route with a 4xx in the error shape, changing nothing`, async () => {
    const kernel = await resources.kernel();
    const base = await kernel.listen();
    await seed(kernel);
    const auth = { authorization: `Bearer ${kernel.adminKey}` };
    const doc = await httpRequest(base, { path: '/api/docs/json', headers: auth });
    const operations = operationsOf(JSON.parse(doc.body) as Parameters<typeof operationsOf>[0]);
    expect(operations.length).toBeGreaterThan(40);
    const before = await snapshot(kernel);
    const valid = schemaChecker();
    const covered: string[] = [];
    const noInput: string[] = [];
    let sent = 0;

    for (const op of operations) {
      const requests = badRequests(op, { pathValue: (name) => FIXTURES[name] ?? 'x' }, valid);
      if (requests === null) {
        noInput.push(`${op.method} ${op.path}`);
        continue;
      }
      covered.push(`${op.method} ${op.path}`);
      await fc.assert(
        fc.asyncProperty(requests, async (request: FuzzRequest) => {
          sent++;
          const res = await httpRequest(base, {
            method: request.method,
            path: request.path,
            headers: { ...auth, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
            body: request.body,
          });
          const what = `${request.method} ${request.path.slice(0, 120)} (${request.broken}) → ${res.status} ${res.body.slice(0, 200)}`;
          expect(res.status >= 400 && res.status < 500, what).toBe(true);
          expect(() => errorOf(res.body), what).not.toThrow();
          expect(res.body.length, what).toBeLessThan(1000);
          expect(await snapshot(kernel), what).toBe(before);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      const health = await httpRequest(base, { path: '/api/health' });
      expect(health.status, `server after ${op.method} ${op.path}`).toBe(200);
    }

    // Only parameterless reads are left out: there is nothing in them a client could get wrong.
    expect(noInput.every((r) => r.startsWith('GET ')), noInput.join(', ')).toBe(true);
    expect(covered.length).toBeGreaterThan(40);
    expect(sent).toBeGreaterThanOrEqual(covered.length * RUNS);
  }, 300_000);
});

import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, httpRequest, rawExchange, type RawResponse } from './helpers/http-client.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';

const resources = testResources();
let kernel: TestKernel;
let base: string;

beforeEach(async () => {
  kernel = await resources.kernel();
  base = await kernel.listen();
});

function send(method: string, path: string, body?: string | Buffer): Promise<RawResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${kernel.adminKey}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return httpRequest(base, { method, path, headers, body });
}

async function cameras(): Promise<string> {
  const res = await send('GET', '/api/cameras');
  expect(res.status).toBe(200);
  return res.body;
}

/** A 400 in the one error shape whose message contains `words`. */
function expectRefused(res: RawResponse, words: string): void {
  expect(res.status, res.body).toBe(400);
  expect(errorOf(res.body)).toEqual({ error: 'bad_request', message: expect.stringContaining(words) as string });
}

const camera = (fields: string) => `{"name":"Dock","address":"10.0.0.9",${fields}}`;

describe('request bodies are validated without coercion', () => {
  it.each([
    ['a numeric string "Infinity"', camera('"segment_seconds":"Infinity"'), 'segment_seconds must be an integer'],
    ['a numeric string "1e999"', camera('"retention_days":"1e999"'), 'retention_days must be an integer or null'],
    ['a JSON number that overflows to Infinity', camera('"pre_roll_seconds":1e999'), 'pre_roll_seconds must be a finite number'],
    ['a huge integer', camera('"retention_max_bytes":1e300'), 'retention_max_bytes must be between'],
    ['a hexadecimal string', camera('"post_roll_seconds":"0x10"'), 'post_roll_seconds must be an integer'],
    ['null for a boolean', camera('"enabled":null'), 'enabled must be a boolean'],
    ['a number as the name', '{"name":42,"address":"10.0.0.9"}', 'name must be a string'],
    ['a boolean as the id', camera('"id":true'), 'id must be a string'],
    ['a NUL in the name', '{"name":"Do\\u0000ck","address":"10.0.0.9"}', 'must not contain control characters (U+0000)'],
    ['a line break in the name', '{"name":"Do\\nck","address":"10.0.0.9"}', 'name must be one line of text'],
    ['a lone surrogate in the name', '{"name":"Do\\ud800ck","address":"10.0.0.9"}', 'must be valid Unicode'],
    ['a "__proto__" key', camera('"__proto__":{"admin":true}'), 'the field name "__proto__" is not allowed'],
    ['a "constructor.prototype" key', camera('"constructor":{"prototype":{"x":1}}'), '"constructor" may not hold a "prototype"'],
    ['a body that is not JSON', '{"name":', 'the request body is not valid JSON'],
  ])('refuses %s with a 400 naming the problem, and stores nothing', async (_what, body, words) => {
    const before = await cameras();
    expectRefused(await send('POST', '/api/cameras', body), words);
    expect(await cameras()).toBe(before);
  });

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"Do'), Buffer.from([0xff, 0xfe]), Buffer.from('ck","address":"10.0.0.9"}')]);
    expectRefused(await send('POST', '/api/cameras', body), 'not valid UTF-8');
    expect(await cameras()).toBe('{"cameras":[]}');
  });

  it('leaves a camera unchanged when a PATCH is refused', async () => {
    expect((await send('POST', '/api/cameras', camera('"id":"dock"'))).status).toBe(201);
    const before = (await send('GET', '/api/cameras/dock')).body;
    for (const body of ['{"enabled":null}', '{"segment_seconds":"12"}', '{"detect_fps":"Infinity"}', '{"detect_fps":1e999}', '{"name":"a\\u001bb"}']) {
      const res = await send('PATCH', '/api/cameras/dock', body);
      expect(res.status, body).toBe(400);
      errorOf(res.body);
    }
    expect((await send('GET', '/api/cameras/dock')).body).toBe(before);
  });

  it('refuses null and numeric strings in zone numbers instead of turning them into 0 or null', async () => {
    expect((await send('POST', '/api/cameras', camera('"id":"dock"'))).status).toBe(201);
    const zone = (extra: string) => `{"name":"Gate","kind":"polygon","points":[[0,0],[1,0],[1,1]]${extra}}`;
    for (const extra of [',"min_confidence":null', ',"min_confidence":"Infinity"', ',"dwell_seconds":"1e999"', ',"dwell_seconds":"5"']) {
      const res = await send('POST', '/api/cameras/dock/zones', zone(extra));
      expect(res.status, extra).toBe(400);
      errorOf(res.body);
    }
    expect(JSON.parse((await send('GET', '/api/cameras/dock/zones')).body)).toEqual({ zones: [] });
  });

  it('still accepts what is right, including non-ASCII names and multi-line notes', async () => {
    const res = await send('POST', '/api/cameras', '{"name":"Tür 🚪 Nord","address":"10.0.0.9","segment_seconds":6,"detect_fps":2.5}');
    expect(res.status, res.body).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ name: 'Tür 🚪 Nord', segment_seconds: 6, detect_fps: 2.5 });
  });
});

describe('query strings are coerced carefully', () => {
  it.each([['limit=0x10'], ['limit=1e1'], ['limit=Infinity'], ['limit=%20'], ['limit=10&limit=20'], ['before_id=-0x1']])('refuses %s', async (query) => {
    const res = await send('GET', `/api/events?${query}`);
    expect(res.status, res.body).toBe(400);
    errorOf(res.body);
  });

  it('takes decimal integers and true/false', async () => {
    expect((await send('GET', '/api/events?limit=10')).status).toBe(200);
    expect((await send('POST', '/api/cameras', camera('"id":"dock"'))).status).toBe(201);
    expectRefused(await send('DELETE', '/api/cameras/dock?purge=yes'), 'purge must be a boolean');
    expect((await send('DELETE', '/api/cameras/dock?purge=true')).status).toBe(204);
  });
});

describe('errors have one shape and stay short', () => {
  it('quotes only a short prefix of a huge value', async () => {
    const from = 'x'.repeat(900_000);
    const res = await send('GET', `/api/events?from=${from}`);
    // Node's parser refuses such a request line outright; either way the answer is small and shaped.
    expect([400, 431]).toContain(res.status);
    expect(errorOf(res.body).message.length).toBeLessThan(300);
    const moderate = await send('GET', `/api/events?from=${'y'.repeat(10_000)}`);
    expectRefused(moderate, 'must be an RFC 3339 time');
    expect(moderate.body.length).toBeLessThan(300);
  });

  it('bounds a huge unknown field name', async () => {
    const res = await send('POST', '/api/cameras', camera(`"${'z'.repeat(50_000)}":1`));
    expectRefused(res, 'unknown field');
    expect(res.body.length).toBeLessThan(300);
  });

  it('answers an over-long id with 414 in the same shape, not the framework\'s', async () => {
    const res = await send('PATCH', `/api/cameras/${'a'.repeat(5000)}`, '{"enabled":false}');
    expect(res.status).toBe(414);
    expect(errorOf(res.body).error).toBe('uri_too_long');
    expect(res.body).not.toContain('aaaa');
    // A GET falls through to the web UI's catch-all route: a 404, just as short.
    const get = await send('GET', `/api/cameras/${'a'.repeat(5000)}`);
    expect(get.status).toBe(404);
    expect(errorOf(get.body).message.length).toBeLessThan(120);
  });

  it('answers headers over the limit with 431 in the same shape', async () => {
    const reply = await rawExchange(base, `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(errorOf(reply.slice(reply.indexOf('\r\n\r\n') + 4)).error).toBe('headers_too_large');
  });

  it('answers unknown routes, bad percent-encoding, wrong content types and big bodies in the same shape', async () => {
    const notFound = await send('GET', `/api/nothing-${'q'.repeat(2000)}`);
    expect(notFound.status).toBe(404);
    expect(errorOf(notFound.body).message.length).toBeLessThan(120);
    const badUrl = await send('GET', '/api/cameras/%E0%A4%A');
    expect(badUrl.status).toBe(400);
    errorOf(badUrl.body);
    const text = await httpRequest(base, { method: 'POST', path: '/api/cameras', headers: { authorization: `Bearer ${kernel.adminKey}`, 'content-type': 'text/x-evil' }, body: 'hi' });
    expect(text.status).toBe(415);
    errorOf(text.body);
    const big = await send('POST', '/api/cameras', camera(`"notes":"${'n'.repeat(1_100_000)}"`));
    expect(big.status).toBe(413);
    expect(errorOf(big.body).error).toBe('payload_too_large');
  });
});

describe('bad values stored before strict validation', () => {
  it('do not break reading the cameras', async () => {
    expect((await send('POST', '/api/cameras', camera('"id":"dock"'))).status).toBe(201);
    await sql`UPDATE cameras SET segment_seconds = 9e999, retention_days = -9e999, detect_fps = 9e999, pre_roll_seconds = 1e12`.execute(kernel.db);
    const one = await send('GET', '/api/cameras/dock');
    expect(one.status, one.body).toBe(200);
    expect(JSON.parse(one.body)).toMatchObject({ segment_seconds: 10, retention_days: null, detect_fps: null, pre_roll_seconds: 5 });
    expect((await send('GET', '/api/cameras')).status).toBe(200);
  });

  it('are repaired by the migration at the next start', async () => {
    expect((await send('POST', '/api/cameras', camera('"id":"dock"'))).status).toBe(201);
    await sql`UPDATE cameras SET segment_seconds = 9e999, retention_days = 9e999, retention_max_bytes = -5`.execute(kernel.db);
    // Back to the database as it was before the repair: later migrations undone, then all run again.
    const { MIGRATIONS } = await import('../src/db/migrations/index.js');
    const names = Object.keys(MIGRATIONS);
    for (const name of names.slice(names.indexOf('2026-12-02T00-repair-camera-numbers') + 1).reverse()) await MIGRATIONS[name]!.down!(kernel.db as never);
    await sql`DELETE FROM kysely_migration WHERE name >= '2026-12-02T00-repair-camera-numbers'`.execute(kernel.db);
    const { migrateToLatest } = await import('../src/db/database.js');
    await migrateToLatest(kernel.db);
    const row = await kernel.db.selectFrom('cameras').select(['segment_seconds', 'retention_days', 'retention_max_bytes']).executeTakeFirstOrThrow();
    expect(row).toEqual({ segment_seconds: 10, retention_days: null, retention_max_bytes: null });
    expect((await send('GET', '/api/storage')).status).toBe(200);
  });
});

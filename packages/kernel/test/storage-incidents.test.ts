import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { toRfc3339 } from '../src/time.js';
import { testResources } from './helpers/resources.js';
import type { TestKernel } from './helpers/test-kernel.js';
import { HOUR, NOW, addSegments, addStillCamera, eventsOfKind } from './storage-fixtures.js';

const resources = testResources();

async function kernel(): Promise<TestKernel> {
  const k = await resources.kernel({ HELDAR_MIN_FREE_BYTES: '0' }, { clock: new ManualClock(NOW) });
  await addStillCamera(k, 'door');
  await addStillCamera(k, 'yard');
  return k;
}

const range = { from: toRfc3339(NOW - HOUR), to: toRfc3339(NOW) };

describe('incidents API', () => {
  it('opens an incident that holds the cameras\' footage in the range, lists it, and releases it once', async () => {
    const k = await kernel();
    await addSegments(k, 'door', { count: 3, start: NOW - 30_000, size: 500 });
    await addSegments(k, 'yard', { count: 2, start: NOW - 2 * HOUR, size: 700 });

    const created = await k.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { title: '  Break-in at the back door ', notes: 'Police report 4711', cameras: ['door', 'yard', 'door'], ...range },
    });
    expect(created.statusCode).toBe(201);
    const incident = created.json<Record<string, unknown> & { id: number }>();
    expect(incident).toEqual({
      id: incident.id,
      title: 'Break-in at the back door',
      notes: 'Police report 4711',
      cameras: ['door', 'yard'],
      from: '2026-03-01T11:00:00.000Z',
      to: '2026-03-01T12:00:00.000Z',
      status: 'open',
      created_by: 'test-admin',
      created_at: '2026-03-01T12:00:00.000Z',
      released_at: null,
      released_by: null,
      // door's three segments; yard's footage is older than the range.
      segments: 3,
      bytes: 1500,
    });
    expect(await eventsOfKind(k, 'incident_opened')).toMatchObject([
      { camera_id: null, severity: 'info', payload: { incident_id: incident.id, title: 'Break-in at the back door', cameras: ['door', 'yard'], ...range, created_by: 'test-admin' } },
    ]);

    expect((await k.inject({ method: 'GET', url: `/api/incidents/${incident.id}` })).json()).toEqual(incident);
    expect((await k.inject({ method: 'GET', url: '/api/incidents?status=open' })).json()).toEqual({ incidents: [incident] });
    expect((await k.inject({ method: 'GET', url: '/api/incidents?status=released' })).json()).toEqual({ incidents: [] });

    const released = await k.inject({ method: 'POST', url: `/api/incidents/${incident.id}/release` });
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ id: incident.id, status: 'released', released_at: '2026-03-01T12:00:00.000Z', released_by: 'test-admin' });
    expect(await eventsOfKind(k, 'incident_released')).toMatchObject([{ payload: { incident_id: incident.id, released_by: 'test-admin' } }]);

    const again = await k.inject({ method: 'POST', url: `/api/incidents/${incident.id}/release` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: 'conflict', message: `incident ${incident.id} was already released at 2026-03-01T12:00:00.000Z` });
    expect((await k.inject({ method: 'GET', url: '/api/incidents' })).json<{ incidents: unknown[] }>().incidents).toHaveLength(1);
  });

  const invalid: [string, Record<string, unknown>, number, string][] = [
    ['an unknown camera', { title: 'x', cameras: ['door', 'ghost'], ...range }, 404, 'camera ghost not found'],
    ['`to` before `from`', { title: 'x', cameras: ['door'], from: range.to, to: range.from }, 400, '`to` must be after `from`'],
    ['an empty range', { title: 'x', cameras: ['door'], from: range.from, to: range.from }, 400, '`to` must be after `from`'],
    ['a time that is not RFC 3339', { title: 'x', cameras: ['door'], from: 'yesterday', to: range.to }, 400, '`from` must be an RFC 3339 time such as 2024-05-01T12:00:00Z (got "yesterday")'],
    ['no cameras', { title: 'x', cameras: [], ...range }, 400, 'cameras must name at least one camera'],
    ['no title', { cameras: ['door'], ...range }, 400, 'title is required'],
    ['a blank title', { title: '   ', cameras: ['door'], ...range }, 400, 'title must not be empty'],
    ['an unknown field', { title: 'x', camera: 'door', cameras: ['door'], ...range }, 400, 'unknown field "camera"'],
  ];
  it.each(invalid)('rejects %s with a message and creates nothing', async (_what, payload, status, message) => {
    const k = await kernel();
    const res = await k.inject({ method: 'POST', url: '/api/incidents', payload });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: status === 404 ? 'not_found' : 'bad_request', message });
    expect((await k.inject({ method: 'GET', url: '/api/incidents' })).json()).toEqual({ incidents: [] });
    expect(await eventsOfKind(k, 'incident_opened')).toEqual([]);
  });

  it('answers 404 for an unknown incident and 400 for an id that is not one', async () => {
    const k = await kernel();
    expect((await k.inject({ method: 'GET', url: '/api/incidents/99' })).json()).toEqual({ error: 'not_found', message: 'incident 99 not found' });
    expect((await k.inject({ method: 'POST', url: '/api/incidents/99/release' })).statusCode).toBe(404);
    expect((await k.inject({ method: 'GET', url: '/api/incidents/abc' })).statusCode).toBe(400);
  });

  it('needs a signed-in caller', async () => {
    const k = await kernel();
    expect((await k.injectAnonymous({ method: 'POST', url: '/api/incidents', payload: { title: 'x', cameras: ['door'], ...range } })).statusCode).toBe(401);
    expect((await k.injectAnonymous({ method: 'GET', url: '/api/incidents' })).statusCode).toBe(401);
  });
});

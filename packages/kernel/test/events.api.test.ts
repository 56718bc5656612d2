import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { EVENT_KIND_NAMES } from '../src/events/event-kinds.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

let kernel: TestKernel;
const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'));
beforeEach(async () => {
  clock.set(Date.parse('2026-03-01T00:00:00Z'));
  kernel = await startTestKernel({}, { clock });
});
afterEach(async () => {
  await kernel.dispose();
});

describe('event log', () => {
  it('stores events through one function and serves them newest first with filters', async () => {
    await kernel.events.log('a', 'camera_offline', 'warning', { ran_seconds: 3 });
    clock.advance(60_000);
    await kernel.events.log('b', 'camera_offline', 'warning', {});
    clock.advance(60_000);
    await kernel.events.log('a', 'recorder_error', 'error', { reason: 'boom' });
    clock.advance(60_000);
    await kernel.events.log(null, 'storage_pressure', 'warning', { nested: { list: [1, 'two'] } });

    const all = (await kernel.inject({ url: '/api/events' })).json().events;
    expect(all.map((e: { kind: string }) => e.kind)).toEqual(['storage_pressure', 'recorder_error', 'camera_offline', 'camera_offline']);
    expect(all[0]).toMatchObject({ camera_id: null, severity: 'warning', payload: { nested: { list: [1, 'two'] } }, at: '2026-03-01T00:03:00.000Z' });

    const byCamera = (await kernel.inject({ url: '/api/events?camera_id=a' })).json().events;
    expect(byCamera.map((e: { kind: string }) => e.kind)).toEqual(['recorder_error', 'camera_offline']);
    const byKind = (await kernel.inject({ url: '/api/events?kind=camera_offline&limit=1' })).json().events;
    expect(byKind).toHaveLength(1);
    expect(byKind[0].camera_id).toBe('b');
    const range = (await kernel.inject({ url: '/api/events?from=2026-03-01T00:01:00Z&to=2026-03-01T00:03:00Z' })).json().events;
    expect(range.map((e: { kind: string }) => e.kind)).toEqual(['recorder_error', 'camera_offline']);
    const page2 = (await kernel.inject({ url: `/api/events?before_id=${all[1].id}` })).json().events;
    expect(page2.map((e: { id: number }) => e.id)).toEqual([all[2].id, all[3].id]);
  });

  it('masks credentials in every string of a payload', async () => {
    await kernel.events.log('a', 'recorder_error', 'error', {
      detail: 'rtsp://admin:hunter22@10.0.0.1/live: 401 Unauthorized',
      tail: ['x', 'http://u:pw999@h/'],
    });
    const res = await kernel.inject({ url: '/api/events' });
    expect(res.body).not.toContain('hunter22');
    expect(res.body).not.toContain('pw999');
    expect(res.json().events[0].payload.detail).toBe('rtsp://admin:***@10.0.0.1/live: 401 Unauthorized');
  });

  it('hands each event to live subscribers', async () => {
    const seen: string[] = [];
    kernel.bus.subscribe((e) => seen.push(`${e.camera_id}:${e.kind}`));
    kernel.bus.subscribe(() => {
      throw new Error('a broken consumer must not break the log');
    });
    await kernel.events.log('a', 'zone_enter', 'info', {});
    expect(seen).toEqual(['a:zone_enter']);
  });

  const bad: [string, string][] = [
    ['limit=0', 'limit must be at least 1'],
    ['limit=5000', 'limit must be at most 1000'],
    ['from=yesterday', '`from` must be an RFC 3339 time such as 2024-05-01T12:00:00Z (got "yesterday")'],
    ['to=2026-03-01', '`to` must be an RFC 3339 time such as 2024-05-01T12:00:00Z (got "2026-03-01")'],
    ['colour=red', 'unknown field "colour"'],
  ];
  it.each(bad)('rejects ?%s', async (query, message) => {
    const res = await kernel.inject({ url: `/api/events?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_request', message });
  });

  it("documents the registry's kinds as the EventKind enum of the event object and the kind filter", async () => {
    type Schema = { title?: string; $ref?: string; properties?: Record<string, Schema> };
    const doc = (await kernel.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, { get: { parameters: { name: string; schema: Schema }[] } }>;
      components: { schemas: Record<string, Schema> };
    };
    const byTitle = (title: string) => Object.entries(doc.components.schemas).find(([, schema]) => schema.title === title);
    const [kindName, kindSchema] = byTitle('EventKind') ?? [];
    expect(kindSchema).toMatchObject({ type: 'string', enum: EVENT_KIND_NAMES });
    const ref = `#/components/schemas/${kindName}`;
    expect(byTitle('Event')?.[1].properties?.kind?.$ref).toBe(ref);
    expect(doc.paths['/api/events']?.get.parameters.find((p) => p.name === 'kind')?.schema.$ref).toBe(ref);
    expect(EVENT_KIND_NAMES.length).toBeGreaterThan(30);
  });

  it('rejects a kind filter the registry does not know', async () => {
    const res = await kernel.inject({ url: '/api/events?kind=camera_ofline' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad_request' });
    expect(res.json().message).toMatch(/^kind /);
  });
});

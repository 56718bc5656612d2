import { describe, expect, it } from 'vitest';
import { verifySignature } from '../src/integrations/webhooks/webhook-signature.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.js';

const use = testResources();
const ALLOW = { HELDAR_OUTBOUND_ALLOW: '127.0.0.1', HELDAR_WEBHOOK_RETRY_INITIAL_MS: '20' };

interface WebhookJson {
  id: string;
  secret: string;
  state: string;
  enabled: boolean;
  consecutive_failures: number;
  pause_reason: string | null;
}

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver();
  use.defer(() => r.close());
  return r;
}

async function started(env: Record<string, string> = {}): Promise<TestKernel> {
  const kernel = await use.kernel({ ...ALLOW, ...env });
  await kernel.startRecording();
  return kernel;
}

async function cursorOf(kernel: TestKernel, id: string): Promise<number | undefined> {
  return (await kernel.db.selectFrom('webhooks').select('cursor').where('id', '=', id).executeTakeFirst())?.cursor;
}

async function subscribe(kernel: TestKernel, payload: Record<string, unknown>): Promise<WebhookJson> {
  const res = await kernel.inject({ method: 'POST', url: '/api/webhooks', payload: { name: 'Receiver', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<WebhookJson>();
}

describe('webhooks', () => {
  it('delivers events signed; the secret is shown once; filters by kind, severity and camera', async () => {
    const kernel = await started();
    const hook = await receiver();
    const created = await subscribe(kernel, { url: hook.url, kinds: ['camera_added', 'recorder_error'], min_severity: 'info', cameras: ['door'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = (await kernel.inject({ method: 'GET', url: '/api/webhooks' })).json<{ webhooks: WebhookJson[] }>().webhooks;
    expect(listed).toMatchObject([{ id: created.id, secret: '***', state: 'active' }]);

    await kernel.events.log('yard', 'camera_added', 'info', { name: 'Yard' }); // another camera
    await kernel.events.log('door', 'camera_updated', 'info', { fields: ['name'] }); // another kind
    const wanted = await kernel.events.log('door', 'camera_added', 'info', { name: 'Door' });
    await kernel.events.log('door', 'recorder_error', 'error', { reason: 'test' });
    await waitFor('two deliveries', () => hook.received.length >= 2);

    // Pipelined (max_in_flight 8 by default): the two may arrive in either order.
    const received = [...hook.received].sort((a, b) => a.body.event.id! - b.body.event.id!);
    expect(received.map((d) => d.body.event.kind)).toEqual(['camera_added', 'recorder_error']);
    const [first] = received;
    expect(first!.body).toEqual({
      delivery_id: `${created.id}.${wanted.id}`,
      webhook_id: created.id,
      event: { id: wanted.id, kind: 'camera_added', severity: 'info', camera_id: 'door', payload: { name: 'Door' }, at: new Date(wanted.at).toISOString() },
    });
    expect(first!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-heldar-event': 'camera_added',
      'x-heldar-delivery': `${created.id}.${wanted.id}`,
    });
    const signature = String(first!.headers['x-heldar-signature']);
    const t = Number(first!.headers['x-heldar-timestamp']);
    expect(signature).toMatch(new RegExp(`^t=${t},v1=[0-9a-f]{64}$`));
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(created.secret, signature, first!.raw, now)).toBe(true);
    expect(verifySignature(created.secret, signature, first!.raw.replace('Door', 'Dorr'), now)).toBe(false);
    expect(verifySignature('whsec_another_secret_entirely', signature, first!.raw, now)).toBe(false);
    // A captured delivery replayed ten minutes later fails: the timestamp is signed.
    expect(verifySignature(created.secret, signature, first!.raw, now + 600)).toBe(false);

    const log = await waitFor('the delivery log', async () => {
      const rows = (await kernel.inject({ method: 'GET', url: `/api/webhooks/${created.id}/deliveries` })).json<{ deliveries: { ok: boolean; status: number; attempt: number; event_kind: string; event_id: number; latency_ms: number }[] }>().deliveries;
      return rows.length === 2 && rows;
    });
    log.sort((a, b) => b.event_id - a.event_id);
    expect(log.map((d) => [d.event_kind, d.status, d.ok, d.attempt])).toEqual([
      ['recorder_error', 200, true, 1],
      ['camera_added', 200, true, 1],
    ]);
    expect(log[0]!.latency_ms).toBeGreaterThan(0);
  });

  it('retries after a 500 with the same delivery id, then goes on in order', async () => {
    const kernel = await started();
    const hook = await receiver();
    let failures = 2;
    hook.answer = (d) => (d.body.event.payload.name === 'First' && failures-- > 0 ? 500 : 200);
    // One in flight: strict order, so Second waits for First's retries.
    const created = await subscribe(kernel, { url: hook.url, max_in_flight: 1 });
    await kernel.events.log('a', 'camera_added', 'info', { name: 'First' });
    await kernel.events.log('b', 'camera_added', 'info', { name: 'Second' });
    await waitFor('four requests', () => hook.received.length >= 4);
    expect(hook.received.map((d) => d.body.event.payload.name)).toEqual(['First', 'First', 'First', 'Second']);
    const ids = hook.received.map((d) => d.headers['x-heldar-delivery']);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);
    const log = await waitFor('four log rows', async () => {
      const rows = (await kernel.inject({ method: 'GET', url: `/api/webhooks/${created.id}/deliveries` })).json<{ deliveries: { status: number; attempt: number; error: string | null }[] }>().deliveries;
      return rows.length === 4 && rows;
    });
    expect(log.reverse().map((d) => [d.status, d.attempt, d.error])).toEqual([
      [500, 1, 'the receiver answered HTTP 500'],
      [500, 2, 'the receiver answered HTTP 500'],
      [200, 3, null],
      [200, 1, null],
    ]);
    expect((await kernel.inject({ method: 'GET', url: '/api/webhooks' })).json<{ webhooks: WebhookJson[] }>().webhooks[0]!.consecutive_failures).toBe(0);
  });

  it('pipelines up to max_in_flight deliveries; every event once, the cursor at the last; 1 keeps strict order', async () => {
    const kernel = await started();
    const pipelined = await receiver();
    const strict = await receiver();
    pipelined.delayMs = 30;
    strict.delayMs = 5;
    const fast = await subscribe(kernel, { url: pipelined.url, max_in_flight: 4 });
    const ordered = await subscribe(kernel, { url: strict.url, max_in_flight: 1 });
    expect(fast).toMatchObject({ max_in_flight: 4 });
    const logged: number[] = [];
    for (let i = 0; i < 40; i++) logged.push((await kernel.events.log(null, 'camera_added', 'info', { name: `n${i}` })).id);
    await waitFor('every event at both receivers', () => pipelined.received.length >= 40 && strict.received.length >= 40, 30_000);
    const ids = (r: WebhookReceiver) => r.received.map((d) => d.body.event.id!);
    expect([...ids(pipelined)].sort((a, b) => a - b)).toEqual(logged);
    expect(ids(strict)).toEqual(logged);
    expect(pipelined.maxConcurrent).toBeGreaterThan(1);
    expect(pipelined.maxConcurrent).toBeLessThanOrEqual(4);
    expect(strict.maxConcurrent).toBe(1);
    // The cursor reaches the last event once all before it are done (the journal writes it).
    await waitFor('both cursors at the last event', async () => {
      const hooks = await kernel.modules.webhooks.webhooks.list();
      return hooks.length === 2 && (await Promise.all([fast.id, ordered.id].map((id) => cursorOf(kernel, id)))).every((c) => c === logged.at(-1));
    });
    const patched = await kernel.inject({ method: 'PATCH', url: `/api/webhooks/${fast.id}`, payload: { max_in_flight: 0 } });
    expect(patched.statusCode).toBe(400);
    expect(patched.json<{ message: string }>().message).toMatch(/max_in_flight/);
  });

  it('pauses after repeated failures with a webhook_paused event; resuming delivers what waited', async () => {
    const kernel = await started({ HELDAR_WEBHOOK_MAX_FAILURES: '3' });
    const hook = await receiver();
    hook.answer = () => 503;
    const created = await subscribe(kernel, { url: hook.url, kinds: ['camera_added'] });
    await kernel.events.log('a', 'camera_added', 'info', { name: 'Waiting' });
    const paused = await waitFor('the webhook_paused event', async () => (await kernel.events.find({ kind: 'webhook_paused', limit: 1 }))[0]);
    expect(paused).toMatchObject({ severity: 'warning', payload: { webhook_id: created.id, name: 'Receiver', failures: 3, last_error: 'the receiver answered HTTP 503' } });
    expect(hook.received).toHaveLength(3);
    const state = (await kernel.inject({ method: 'GET', url: '/api/webhooks' })).json<{ webhooks: WebhookJson[] }>().webhooks[0]!;
    expect(state).toMatchObject({ state: 'paused', enabled: false, consecutive_failures: 3, pause_reason: '3 deliveries in a row failed; the last: the receiver answered HTTP 503' });

    hook.answer = () => 204;
    const resumed = await kernel.inject({ method: 'PATCH', url: `/api/webhooks/${created.id}`, payload: { enabled: true } });
    expect(resumed.json()).toMatchObject({ state: 'active', consecutive_failures: 0, pause_reason: null, paused_at: null });
    await waitFor('the waiting event delivered', () => hook.received.length === 4);
    expect(hook.received[3]!.body.event.payload).toEqual({ name: 'Waiting' });
    expect(hook.received[3]!.headers['x-heldar-delivery']).toBe(hook.received[0]!.headers['x-heldar-delivery']);
  });

  it('a test delivery, deletion, and the outbound guard at creation', async () => {
    const kernel = await started();
    const hook = await receiver();
    const created = await subscribe(kernel, { url: hook.url, secret: 'my own secret of 24 chars' });
    expect(created.secret).toBe('my own secret of 24 chars');
    const tested = await kernel.inject({ method: 'POST', url: `/api/webhooks/${created.id}/test` });
    expect(tested.json()).toMatchObject({ ok: true, status: 200, attempt: 1, event_kind: 'test', event_id: null });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers['x-heldar-event']).toBe('test');
    expect(verifySignature('my own secret of 24 chars', String(hook.received[0]!.headers['x-heldar-signature']), hook.received[0]!.raw, Math.floor(Date.now() / 1000))).toBe(true);

    expect((await kernel.inject({ method: 'DELETE', url: `/api/webhooks/${created.id}` })).statusCode).toBe(204);
    expect((await kernel.inject({ method: 'GET', url: `/api/webhooks/${created.id}/deliveries` })).statusCode).toBe(404);

    const guarded = await use.kernel({});
    for (const url of ['http://127.0.0.1:9/hook', 'http://169.254.169.254/latest/meta-data/', 'http://localhost:9/']) {
      const refused = await guarded.inject({ method: 'POST', url: '/api/webhooks', payload: { name: 'x', url } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ message: string }>().message).toMatch(/^url: .* is (a loopback|a link-local) address.*; add it to HELDAR_OUTBOUND_ALLOW to allow it$/);
    }
  });

  it('needs an admin or an integration key; lists the event types', async () => {
    const kernel = await started();
    const { key: worker } = await kernel.modules.auth.keys.create({ name: 'w', scopes: ['worker'] }, 'test');
    const { key: integration } = await kernel.modules.auth.keys.create({ name: 'i', scopes: ['integration'] }, 'test');
    expect((await kernel.inject({ method: 'GET', url: '/api/webhooks', headers: { authorization: `Bearer ${worker}` } })).statusCode).toBe(403);
    expect((await kernel.inject({ method: 'GET', url: '/api/webhooks', headers: { authorization: `Bearer ${integration}` } })).statusCode).toBe(200);
    const types = (await kernel.inject({ method: 'GET', url: '/api/events/types' })).json<{ types: { kind: string; severities: string[] }[] }>().types;
    expect(types.find((t) => t.kind === 'webhook_paused')).toMatchObject({ severities: ['warning'] });
    expect(types.length).toBeGreaterThan(30);
  });
});

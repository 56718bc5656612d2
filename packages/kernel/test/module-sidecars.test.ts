import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../src/integrations/webhooks/webhook-signature.js';
import { addUser, browser, signIn } from './helpers/auth.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const use = testResources();

interface Echo {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real sidecar: /healthz, /heldar/webhook (keeps deliveries), and anything else echoed back as JSON. */
async function startSidecar(): Promise<{ baseUrl: string; webhooks: { headers: http.IncomingHttpHeaders; raw: string }[]; healthy: { value: boolean } }> {
  const webhooks: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
  const healthy = { value: true };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/healthz') return res.writeHead(healthy.value ? 200 : 503).end();
      if (req.url === '/heldar/webhook') {
        webhooks.push({ headers: req.headers, raw: body });
        return res.writeHead(204).end();
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sidecar=1' }).end(JSON.stringify({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body } satisfies Echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  use.defer(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, webhooks, healthy };
}

interface Registered {
  sidecar: { proxy_path: string; health: string; navigation: { label: string; path: string }[]; webhook_id: string; api_key_id: string } | null;
  credentials?: { api_key: string; webhook_id: string; webhook_secret: string };
}

describe('module sidecars', () => {
  it('issues a key and a signed webhook, proxies /m/<name>/ with the user signed and the credentials stripped, checks health, revokes on delete', async () => {
    const kernel = await use.kernel({ HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    await kernel.startRecording();
    const sidecar = await startSidecar();
    const manifest = { name: 'retail', version: '1.0.0', consumes: ['zone_*'], base_url: `${sidecar.baseUrl}/`, navigation: [{ label: 'Footfall', path: '/app/' }] };
    const res = await kernel.inject({ method: 'POST', url: '/api/modules', payload: manifest });
    expect(res.statusCode, res.body).toBe(201);
    const registered = res.json<Registered>();
    expect(registered.credentials).toMatchObject({ api_key: expect.stringMatching(/^hk_/) as unknown, webhook_secret: expect.stringMatching(/^whsec_/) as unknown });
    expect(registered.sidecar).toMatchObject({ proxy_path: '/m/retail/', navigation: [{ label: 'Footfall', path: '/app/' }], webhook_id: registered.credentials!.webhook_id });
    const { api_key: apiKey, webhook_secret: secret } = registered.credentials!;

    // Health: checked at registration and every interval.
    const listed = await waitFor('the sidecar healthy', async () => {
      const modules = (await kernel.inject({ url: '/api/modules' })).json<{ modules: Registered[] }>().modules;
      return modules[0]?.sidecar?.health === 'up' && modules;
    });
    expect(listed[0]).not.toHaveProperty('credentials');

    // The key works with the integration scope.
    expect((await kernel.inject({ url: '/api/cameras', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBe(200);

    // The proxy: path, query, method and body pass; cookies, Authorization and forged user headers do not.
    const proxied = await kernel.inject({
      method: 'POST',
      url: '/m/retail/app/report?day=2026-12-03',
      headers: { 'content-type': 'text/plain', 'x-heldar-user': 'mallory', authorization: `Bearer ${kernel.adminKey}`, cookie: 'tracking=abc' },
      payload: 'hello sidecar',
    });
    expect(proxied.statusCode, proxied.body).toBe(200);
    const echo = proxied.json<Echo>();
    expect(echo).toMatchObject({ method: 'POST', url: '/app/report?day=2026-12-03', body: 'hello sidecar' });
    expect(echo.headers).not.toHaveProperty('authorization');
    expect(echo.headers).not.toHaveProperty('cookie');
    expect(echo.headers).toMatchObject({ 'x-heldar-user': 'test-admin', 'x-heldar-role': 'admin' });
    const [t, v1] = String(echo.headers['x-heldar-user-signature']).split(',').map((p) => p.split('=')[1]!);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.test-admin.admin`).digest('hex'));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(30);
    expect((await kernel.injectAnonymous({ url: '/m/retail/app/' })).statusCode).toBe(401);

    // The webhook: the kinds the manifest consumes, signed with the secret handed out.
    await kernel.events.log('door', 'camera_added', 'info', { name: 'not consumed' });
    await kernel.events.log('door', 'zone_enter', 'info', { zone: 'entrance' });
    await waitFor('the sidecar webhook', () => sidecar.webhooks.length >= 1);
    const delivery = sidecar.webhooks[0]!;
    expect(JSON.parse(delivery.raw)).toMatchObject({ event: { kind: 'zone_enter', payload: { zone: 'entrance' } } });
    expect(verifySignature(secret, String(delivery.headers['x-heldar-signature']), delivery.raw, Math.floor(Date.now() / 1000))).toBe(true);

    // Unhealthy is seen at the next check.
    sidecar.healthy.value = false;
    await kernel.modules.modules.sidecars.check('retail');
    expect((await kernel.inject({ url: '/api/modules/retail' })).json<Registered>().sidecar?.health).toBe('down');

    // Unregistering revokes all of it.
    expect((await kernel.inject({ method: 'DELETE', url: '/api/modules/retail' })).statusCode).toBe(204);
    expect((await kernel.inject({ url: '/api/cameras', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBe(401);
    expect((await kernel.inject({ url: '/api/webhooks' })).json<{ webhooks: unknown[] }>().webhooks).toEqual([]);
    expect((await kernel.inject({ url: '/m/retail/app/' })).statusCode).toBe(404);
  });

  it('refuses a base_url the outbound guard refuses; re-registering replaces the credentials', async () => {
    const guarded = await use.kernel({});
    const refused = await guarded.inject({ method: 'POST', url: '/api/modules', payload: { name: 'meta', version: '1', consumes: [], base_url: 'http://169.254.169.254' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ message: string }>().message).toBe('base_url: 169.254.169.254 is a link-local address (cloud metadata services live there); add it to HELDAR_OUTBOUND_ALLOW to allow it');
    expect((await guarded.inject({ url: '/api/modules' })).json<{ modules: unknown[] }>().modules).toEqual([]);

    const kernel = await use.kernel({ HELDAR_OUTBOUND_ALLOW: '127.0.0.0/8' });
    const sidecar = await startSidecar();
    const manifest = { name: 'site', version: '1', consumes: [], base_url: sidecar.baseUrl };
    // An operator may register a manifest, not a sidecar (it would get a webhook of its own).
    const operator = await addUser(kernel, 'olga', 'operator');
    const asOperator = await kernel.inject({ method: 'POST', url: '/api/modules', headers: browser(await signIn(kernel, operator.username, operator.password)), payload: manifest });
    expect(asOperator.statusCode).toBe(403);
    expect(asOperator.json<{ message: string }>().message).toBe('registering a sidecar (base_url) needs the admin role or an integration key');
    const first = (await kernel.inject({ method: 'POST', url: '/api/modules', payload: manifest })).json<Registered>().credentials!;
    const second = await kernel.inject({ method: 'POST', url: '/api/modules', payload: manifest });
    expect(second.statusCode).toBe(200);
    const renewed = second.json<Registered>().credentials!;
    expect(renewed.api_key).not.toBe(first.api_key);
    expect((await kernel.inject({ url: '/api/cameras', headers: { authorization: `Bearer ${first.api_key}` } })).statusCode).toBe(401);
    expect((await kernel.inject({ url: '/api/webhooks' })).json<{ webhooks: { id: string; module: string }[] }>().webhooks).toEqual([expect.objectContaining({ id: renewed.webhook_id, module: 'site' })]);
    // Without base_url it is a plain catalog entry again.
    const plain = await kernel.inject({ method: 'POST', url: '/api/modules', payload: { name: 'site', version: '2', consumes: [] } });
    expect(plain.json<Registered>().sidecar).toBeNull();
    expect((await kernel.inject({ url: '/api/webhooks' })).json<{ webhooks: unknown[] }>().webhooks).toEqual([]);
  });
});

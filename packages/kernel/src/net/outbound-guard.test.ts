import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOutboundAllow } from './outbound-allow.js';
import { OutboundGuard, OutboundRefused, type Resolver } from './outbound-guard.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

/** A real receiver on loopback; `handler` answers each request. */
async function receiver(handler: http.RequestListener, host = '127.0.0.1'): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** Names the tests invent, resolved without DNS: receiver.test is loopback like a rebinding attacker's name. */
const fakeDns: Resolver = (host) => {
  if (host === 'receiver.test') return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  if (host === 'split.test') return Promise.resolve([{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }]);
  return Promise.reject(new Error(`ENOTFOUND ${host}`));
};

describe('outbound guard: refused without the allow-list', () => {
  const guard = new OutboundGuard(parseOutboundAllow(''));
  it.each([
    ['http://127.0.0.1:9/hook', '127.0.0.1:9 is a loopback address; add it to HELDAR_OUTBOUND_ALLOW to allow it'],
    ['http://[::1]:9/hook', '[::1]:9 is a loopback address; add it to HELDAR_OUTBOUND_ALLOW to allow it'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address (cloud metadata services live there)'],
    ['http://10.0.0.1/hook', '10.0.0.1 is a private network address'],
    ['http://100.64.0.1/hook', '100.64.0.1 is a carrier-grade NAT address'],
    ['http://[fd00::1]/hook', '[fd00::1] is a unique-local (private) IPv6 address'],
    ['http://[::ffff:127.0.0.1]/hook', 'is a loopback address'],
    ['http://0.0.0.0:9/', '0.0.0.0:9 is the unspecified address'],
    ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
    ['http://localhost:9/hook', 'localhost:9 is a loopback address (localhost resolves to'],
    ['ftp://example.com/', 'only http and https URLs can be called (got ftp)'],
    ['http://user:pw@example.com/', 'the URL must not contain a user name or password'],
  ])('%s', async (url, message) => {
    const refused = guard.request(url, { method: 'POST', body: '{}' });
    await expect(refused).rejects.toBeInstanceOf(OutboundRefused);
    await expect(refused).rejects.toThrow(message);
  });

  it('a name with one private address among public ones is refused', async () => {
    await expect(new OutboundGuard(parseOutboundAllow(''), fakeDns).check('https://split.test/')).rejects.toThrow('split.test resolves to 10.1.2.3');
  });
});

describe('outbound guard: the allow-list', () => {
  it('admits loopback by CIDR, by address and by host name; the request reaches the receiver', async () => {
    const bodies: string[] = [];
    const port = await receiver((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(201).end('ok');
      });
    });
    for (const allow of ['127.0.0.0/8', '127.0.0.1', 'localhost']) {
      const guard = new OutboundGuard(parseOutboundAllow(allow));
      const host = allow === 'localhost' ? 'localhost' : '127.0.0.1';
      const response = await guard.request(`http://${host}:${port}/hook`, { method: 'POST', body: allow });
      expect(response.status).toBe(201);
      expect(response.body.toString()).toBe('ok');
      guard.close();
    }
    expect(bodies).toEqual(['POST /hook 127.0.0.0/8', 'POST /hook 127.0.0.1', 'POST /hook localhost']);
  });

  it('admits [::1] by its CIDR', async () => {
    const port = await receiver((_req, res) => res.writeHead(204).end(), '::1');
    const guard = new OutboundGuard(parseOutboundAllow('::1/128'));
    expect((await guard.request(`http://[::1]:${port}/`)).status).toBe(204);
    guard.close();
  });

  it('connects to the address it checked: the name is never looked up again (no DNS rebinding window)', async () => {
    const port = await receiver((_req, res) => res.writeHead(200).end('pinned'));
    // receiver.test exists only in the fake resolver: a second lookup by the OS would fail.
    const guard = new OutboundGuard(parseOutboundAllow('receiver.test'), fakeDns);
    const response = await guard.request(`http://receiver.test:${port}/`);
    expect(response.body.toString()).toBe('pinned');
    guard.close();
  });

  it('re-checks a redirect: an allowed receiver cannot send the request on to loopback', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end('internal'));
    const port = await receiver((_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${target}/admin` }).end());
    const guard = new OutboundGuard(parseOutboundAllow('receiver.test'), fakeDns);
    await expect(guard.request(`http://receiver.test:${port}/`, { maxRedirects: 3 })).rejects.toThrow('127.0.0.1:' + target + ' is a loopback address');
    // Without redirects allowed, the 307 is the answer, nothing is followed.
    expect((await guard.request(`http://receiver.test:${port}/`)).status).toBe(307);
    guard.close();
    // With loopback allowed, the redirect is followed.
    const open = new OutboundGuard(parseOutboundAllow('receiver.test,127.0.0.1'), fakeDns);
    const followed = await open.request(`http://receiver.test:${port}/`, { maxRedirects: 3 });
    expect(followed.body.toString()).toBe('internal');
    open.close();
  });

  it('times out a receiver that never answers', async () => {
    const port = await receiver(() => undefined);
    const guard = new OutboundGuard(parseOutboundAllow('127.0.0.1'));
    await expect(guard.request(`http://127.0.0.1:${port}/`, { totalTimeoutMs: 300 })).rejects.toThrow(`127.0.0.1:${port} did not answer within 300 ms`);
    guard.close();
  });

  it('a bad allow-list entry is named', () => {
    expect(() => parseOutboundAllow('hooks.lan, 10.0.0.0/33')).toThrow('"10.0.0.0/33" is not a valid CIDR range');
    expect(() => parseOutboundAllow('hooks_lan')).toThrow('"hooks_lan" is neither a host name');
  });
});

import { startCamsim, type Camsim } from '@heldar/camsim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { startTestKernel, waitFor, type TestKernel } from './helpers/test-kernel.js';

// Loopback addresses of their own (127.0.0.0/8 is all loopback on Linux), away from the 127.0.0.1
// other tests use: the /28 scanned below holds only the simulators started here.
const NET = '127.0.86';
const sims: Camsim[] = [];
let kernel: TestKernel;
let rtspPort: number;

beforeAll(async () => {
  // HELDAR_DISCOVERY_INTERFACE on lo: a multicast Probe from this test never leaves the machine.
  kernel = await startTestKernel({ HELDAR_DISCOVERY_INTERFACE: '127.0.0.1' });
  const first = await startCamsim({ host: `${NET}.3`, port: 0, cameras: [smallCamera('stream1')], discovery: { interfaceAddress: '127.0.0.1', unicastPort: 3702, name: 'Gate', hardware: 'DS-2CD2043G2-I' } });
  sims.push(first);
  rtspPort = first.port;
  sims.push(await startCamsim({ host: `${NET}.7`, port: rtspPort, cameras: [smallCamera('live', { username: 'admin', password: 'S3cret-pw' })] }));
  sims.push(await startCamsim({ host: `${NET}.11`, port: rtspPort, cameras: [smallCamera('h264Preview_01_main')] }));
}, 120_000);

afterAll(async () => {
  await kernel.dispose();
  for (const s of sims) await s.close();
});

describe('ONVIF discovery', () => {
  it('finds the simulator by a unicast Probe, with its scopes, and marks it registered once a camera has its address', async () => {
    const responder = sims[0]!.discovery!;
    const body = { addresses: [`${responder.unicast.host}:${responder.unicast.port}`], multicast: false, timeout_ms: 1000 };
    const res = await kernel.inject({ method: 'POST', url: '/api/discovery/onvif', payload: body });
    expect(res.statusCode).toBe(200);
    const devices = res.json().devices as { address: string; name: string; hardware: string; xaddrs: string[]; endpoint_reference: string; registered: boolean }[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({
      address: `${NET}.3`,
      name: 'Gate',
      hardware: 'DS-2CD2043G2-I',
      xaddrs: [`http://${NET}.3:${rtspPort}/onvif/device_service`],
      endpoint_reference: responder.device.endpointReference,
      registered: false,
    });
    expect((await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { name: 'Gate', address: `${NET}.3` } })).statusCode).toBe(201);
    const again = await kernel.inject({ method: 'POST', url: '/api/discovery/onvif', payload: body });
    expect(again.json().devices[0].registered).toBe(true);
    await kernel.inject({ method: 'DELETE', url: '/api/cameras/gate' });
  });

  it('finds the simulator by a multicast Probe on lo', async () => {
    const res = await kernel.inject({ method: 'POST', url: '/api/discovery/onvif', payload: { interface: '127.0.0.1', timeout_ms: 1000 } });
    expect(res.statusCode).toBe(200);
    const refs = (res.json().devices as { endpoint_reference: string }[]).map((d) => d.endpoint_reference);
    // Simulators of other tests on this machine may answer as well; ours must be there.
    expect(refs).toContain(sims[0]!.discovery!.device.endpointReference);
  });

  it('refuses an interface this machine does not have and a bad address', async () => {
    const noIface = await kernel.inject({ method: 'POST', url: '/api/discovery/onvif', payload: { interface: '203.0.113.9' } });
    expect(noIface.statusCode).toBe(400);
    expect(noIface.json().message).toMatch(/no network interface of this machine has the address 203\.0\.113\.9/);
    const badAddr = await kernel.inject({ method: 'POST', url: '/api/discovery/onvif', payload: { addresses: ['http://x/'], multicast: false } });
    expect(badAddr.statusCode).toBe(400);
    const tooLong = await kernel.inject({ method: 'POST', url: '/api/discovery/onvif', payload: { timeout_ms: 60000 } });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('vendor templates', () => {
  it('lists every maker with its paths', async () => {
    const res = await kernel.inject({ url: '/api/discovery/vendors' });
    expect(res.statusCode).toBe(200);
    const vendors = res.json().vendors as { id: string; main_path: string; locks_accounts: boolean }[];
    expect(vendors.map((v) => v.id)).toEqual(['hikvision', 'dahua', 'axis', 'reolink', 'amcrest', 'generic']);
    expect(vendors[0]).toMatchObject({ main_path: '/Streaming/Channels/101', locks_accounts: true });
  });
});

describe('network scan', () => {
  it.each([
    ['10.0.0.0/8', /10\.0\.0\.0\/8 covers 16777216 addresses; a scan covers at most 1024/],
    ['127.0.0.1-127.0.5.0', /covers 1280 addresses/],
    ['garbage', /"garbage" is not an IPv4 address, range or CIDR block/],
    ['fe80::/64', /IPv6 blocks cannot be scanned/],
    ['127.0.0.0/22, 127.0.9.1, 127.0.9.2, 127.0.9.3', /targets cover 1027 addresses; a scan covers at most 1024/],
  ])('refuses %s with 400 and starts nothing', async (targets, message) => {
    const before = (await kernel.inject({ url: '/api/events?kind=discovery_scan_done' })).json().events.length as number;
    const res = await kernel.inject({ method: 'POST', url: '/api/discovery/scan', payload: { targets } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
    expect((await kernel.inject({ url: '/api/events?kind=discovery_scan_done' })).json().events.length).toBe(before);
  });

  it('finds exactly the simulators in a /28, each with a verified RTSP URL, and reports progress', async () => {
    const startedAt = Date.now();
    const res = await kernel.inject({
      method: 'POST',
      url: '/api/discovery/scan',
      payload: { targets: `${NET}.0/28`, ports: [554, rtspPort], credentials: [{ username: 'admin', password: 'S3cret-pw' }] },
    });
    expect(res.statusCode).toBe(202);
    const { id, targets } = res.json();
    expect(targets).toBe(14);
    const scan = await waitFor('the scan to end', async () => {
      const r = (await kernel.inject({ url: `/api/discovery/scans/${id}` })).json();
      return r.state !== 'running' && r;
    });
    const seconds = (Date.now() - startedAt) / 1000;
    expect(scan.state).toBe('done');
    expect(seconds).toBeLessThan(15);
    expect(scan.hosts.map((h: { address: string }) => h.address)).toEqual([`${NET}.3`, `${NET}.7`, `${NET}.11`]);
    const [open, withLogin, reolinkPath] = scan.hosts;
    expect(open).toMatchObject({ rtsp_url: `rtsp://${NET}.3:${rtspPort}/stream1`, rtsp_port: rtspPort, credential_index: null, video: { codec: 'h264', width: 320, height: 240 } });
    // The simulator's ONVIF hardware scope names a Hikvision model: the guess rests on it.
    expect(open).toMatchObject({ onvif: { name: 'Gate', hardware: 'DS-2CD2043G2-I' }, vendor: 'hikvision', vendor_clue: 'ONVIF scope: DS-2CD2043G2-I' });
    expect(withLogin).toMatchObject({ vendor: null, vendor_clue: 'RTSP Server: heldar-camsim/0.1' });
    expect(withLogin).toMatchObject({ rtsp_url: `rtsp://admin:***@${NET}.7:${rtspPort}/live`, credential_index: 0, video: { codec: 'h264' } });
    expect(reolinkPath).toMatchObject({ rtsp_url: `rtsp://${NET}.11:${rtspPort}/h264Preview_01_main` });
    expect(JSON.stringify(scan)).not.toContain('S3cret-pw');

    const progress = (await kernel.inject({ url: '/api/events?kind=discovery_scan_progress' })).json().events as { payload: { scan_id: string; scanned: number } }[];
    expect(progress.filter((e) => e.payload.scan_id === id).length).toBeGreaterThan(0);
    const done = (await kernel.inject({ url: '/api/events?kind=discovery_scan_done' })).json().events as { payload: Record<string, unknown> }[];
    expect(done.find((e) => e.payload['scan_id'] === id)?.payload).toMatchObject({ state: 'done', targets: 14, hosts: 3, streams: 3 });
    console.info(`scan of a /28 with 3 simulators: ${seconds.toFixed(2)} s`);
  }, 60_000);

  it('is an operator\'s call, and audited with the scan id', async () => {
    const { key } = await kernel.modules.auth.keys.create({ name: 'viewer-ish', scopes: ['worker'] }, 'test');
    const denied = await kernel.inject({ method: 'POST', url: '/api/discovery/scan', headers: { authorization: `Bearer ${key}` }, payload: { targets: `${NET}.1` } });
    expect(denied.statusCode).toBe(403);
    const started = await kernel.inject({ method: 'POST', url: '/api/discovery/scan', payload: { targets: `${NET}.1`, ports: [9] } });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    const audit = (await kernel.inject({ url: '/api/audit?action=POST%20%2Fapi%2Fdiscovery%2Fscan' })).json().entries as { target_id: string | null; status: number; outcome: string }[];
    expect(audit.find((a) => a.target_id === id)).toMatchObject({ status: 202, outcome: 'ok' });
    expect(audit.some((a) => a.status === 403 && a.outcome === 'denied')).toBe(true);
    await waitFor('the one-address scan to end', async () => (await kernel.inject({ url: `/api/discovery/scans/${id}` })).json().state === 'done');
  });

  it('says 404 for a scan it does not know', async () => {
    expect((await kernel.inject({ url: '/api/discovery/scans/nope' })).statusCode).toBe(404);
  });
});

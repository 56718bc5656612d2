import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../cli-args.js';
import { startOnvifDevice, type CamsimOnvif } from './onvif-device.js';
import { parseDuration } from './pull-point.js';
import type { OnvifSource } from './device-context.js';

// Requests written by hand after the ONVIF Core specification's examples (not with the simulator's
// own XML builder), so the device is checked against the spec's wire format.
const SOURCE: OnvifSource = {
  name: 'cam1',
  width: 640,
  height: 360,
  fps: 15,
  bitrateKbps: 800,
  audio: 'aac',
  mainUrl: 'rtsp://127.0.0.1:8554/cam1',
  sub: { url: 'rtsp://127.0.0.1:8554/cam1', width: 640, height: 360, fps: 15, bitrateKbps: 800 },
};

let device: CamsimOnvif | undefined;
afterEach(async () => {
  await device?.close();
  device = undefined;
});

function security(user: string, password: string, createdMs = Date.now()): string {
  const nonce = randomBytes(16);
  const created = new Date(createdMs).toISOString();
  const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)])).digest('base64');
  return `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken><wsse:Username>${user}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</wsse:Password><wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`;
}

async function soap(url: string, body: string, header = ''): Promise<{ status: number; text: string }> {
  const envelope = `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tev="http://www.onvif.org/ver10/events/wsdl"><env:Header>${header}</env:Header><env:Body>${body}</env:Body></env:Envelope>`;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body: envelope });
  return { status: res.status, text: await res.text() };
}

describe('simulated ONVIF device, raw SOAP', () => {
  it('answers GetSystemDateAndTime without credentials, in its own (offset) time', async () => {
    device = await startOnvifDevice({ username: 'admin', password: 'pw', clockOffsetMs: -2 * 3_600_000 }, { sources: () => [SOURCE] });
    const r = await soap(device.deviceServiceUrl, '<tds:GetSystemDateAndTime/>');
    expect(r.status).toBe(200);
    const hour = Number(/<tt:Hour>(\d+)<\/tt:Hour>/.exec(r.text)?.[1]);
    expect(hour).toBe(new Date(Date.now() - 2 * 3_600_000).getUTCHours());
  });

  it('refuses a wrong password, a missing token and a token from the wrong time with 401 ter:NotAuthorized', async () => {
    device = await startOnvifDevice({ username: 'admin', password: 'pw' }, { sources: () => [SOURCE] });
    for (const header of ['', security('admin', 'wrong'), security('admin', 'pw', Date.now() - 3_600_000)]) {
      const r = await soap(device.deviceServiceUrl, '<tds:GetDeviceInformation/>', header);
      expect(r.status).toBe(401);
      expect(r.text).toContain('<s:Value>ter:NotAuthorized</s:Value>');
    }
    const ok = await soap(device.deviceServiceUrl, '<tds:GetDeviceInformation/>', security('admin', 'pw'));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<tds:SerialNumber>CAMSIM-0001</tds:SerialNumber>');
  });

  it('gives profiles with encoder facts and a stream URI; unknown operations and tokens are faults', async () => {
    device = await startOnvifDevice({}, { sources: () => [SOURCE] });
    const media = device.deviceServiceUrl.replace('device_service', 'media_service');
    const profiles = await soap(media, '<trt:GetProfiles/>');
    expect(profiles.text).toContain('<trt:Profiles token="cam1_main" fixed="true">');
    expect(profiles.text).toContain('<tt:Resolution><tt:Width>640</tt:Width><tt:Height>360</tt:Height></tt:Resolution>');
    expect(profiles.text).toContain('<tt:Encoding>AAC</tt:Encoding>');
    const uri = await soap(media, '<trt:GetStreamUri><trt:StreamSetup/><trt:ProfileToken>cam1_sub</trt:ProfileToken></trt:GetStreamUri>');
    expect(uri.text).toContain('<tt:Uri>rtsp://127.0.0.1:8554/cam1</tt:Uri>');
    const bad = await soap(media, '<trt:GetStreamUri><trt:ProfileToken>nope</trt:ProfileToken></trt:GetStreamUri>');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('no profile with token nope');
    const unknown = await soap(media, '<trt:GetOSDs/>');
    expect(unknown.text).toContain('GetOSDs is not supported');
    expect((await fetch(`${device.deviceServiceUrl.replace('/onvif/device_service', '')}/camsim/motion?camera=zz`, { method: 'POST' })).status).toBe(404);
  });

  it('holds PullMessages until an event arrives (HTTP control), and ends a subscription at its termination time', async () => {
    device = await startOnvifDevice({}, { sources: () => [SOURCE] });
    const events = device.deviceServiceUrl.replace('device_service', 'events_service');
    const created = await soap(events, '<tev:CreatePullPointSubscription><tev:InitialTerminationTime>PT1S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>');
    const address = /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(created.text)?.[1];
    expect(address).toMatch(/\/onvif\/subscription\/[0-9a-f]+$/);
    const base = device.deviceServiceUrl.replace('/onvif/device_service', '');
    const t0 = Date.now();
    const pulling = soap(address!, '<tev:PullMessages><tev:Timeout>PT5S</tev:Timeout><tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>');
    setTimeout(() => void fetch(`${base}/camsim/motion?camera=cam1&state=on`, { method: 'POST' }), 200);
    const pulled = await pulling;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(pulled.text).toContain('tns1:RuleEngine/CellMotionDetector/Motion');
    expect(pulled.text).toContain('<tt:SimpleItem Name="IsMotion" Value="true"/>');
    const expired = async () => (await soap(address!, '<tev:PullMessages><tev:Timeout>PT0S</tev:Timeout><tev:MessageLimit>1</tev:MessageLimit></tev:PullMessages>')).status;
    await expect.poll(expired, { timeout: 5000, interval: 200 }).toBe(400);
    expect(device.subscriptionCount()).toBe(0);
  });

  it('reads ISO 8601 durations', () => {
    expect(parseDuration('PT60S')).toBe(60_000);
    expect(parseDuration('PT1M30S')).toBe(90_000);
    expect(parseDuration('PT0.5S')).toBe(500);
    expect(parseDuration('P1DT1H')).toBe(25 * 3_600_000);
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('60')).toBeUndefined();
  });

  it('takes its options from the command line', () => {
    const r = parseCliArgs(['--onvif-port', '0', '--user', 'u', '--password', 'p', '--onvif-clock-offset=-3600', '--onvif-motion-every', '30']);
    expect(r).toMatchObject({ kind: 'run', config: { onvif: { port: 0, username: 'u', password: 'p', clockOffsetMs: -3_600_000, motionEverySeconds: 30 } } });
    expect(parseCliArgs(['--onvif-user', 'x'])).toEqual({ kind: 'error', message: '--onvif-user needs --onvif-port' });
    expect(parseCliArgs(['--onvif-port', '0', '--onvif-clock-offset', '1.5'])).toMatchObject({ kind: 'error' });
  });
});

import { startCamsim, type Camsim } from '@heldar/camsim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanHost, type HostScanDeps } from './scan-host.js';

// Its own loopback address, away from other tests' simulators.
const HOST = '127.0.89.2';
const RIGHT = { username: 'admin', password: 'right-pw-1' };
const WRONG = { username: 'admin', password: 'wrong-pw-1' };
let sim: Camsim;

beforeAll(async () => {
  sim = await startCamsim({ host: HOST, port: 0, cameras: [{ name: 'stream1', width: 320, height: 240, fps: 10, bitrateKbps: 300, clipSeconds: 4, ...RIGHT }] });
}, 60_000);
afterAll(async () => {
  await sim.close();
});

/** Real ffprobe runs, counted: each one with credentials is a login attempt on the camera. */
function counting(): { deps: HostScanDeps; runs: () => number } {
  let runs = 0;
  return {
    deps: {
      ffprobeBin: 'ffprobe',
      verifySlot: (run) => {
        runs++;
        return run();
      },
    },
    runs: () => runs,
  };
}

describe('scanHost credentials', () => {
  it('spends one attempt on a maker that locks accounts, and says what it held back', async () => {
    const { deps, runs } = counting();
    const clues = { address: HOST, openPorts: [sim.port], registered: false, onvif: { xaddrs: [], name: null, hardware: 'DS-2CD2043G2-I' } };
    const host = await scanHost(clues, [WRONG, RIGHT], deps);
    expect(host.vendor).toBe('hikvision');
    expect(runs()).toBe(1);
    expect(host.rtsp_url).toBeNull();
    expect(host.note).toBe('Hikvision locks accounts after failed logins: only the first credential was tried, and it did not open /Streaming/Channels/101 (1 not tried)');
  }, 60_000);

  it('tries the given credentials in turn on other cameras and reports the one that opened the stream, masked', async () => {
    const { deps, runs } = counting();
    const host = await scanHost({ address: HOST, openPorts: [sim.port], registered: false, onvif: null }, [WRONG, RIGHT], deps);
    expect(runs()).toBe(2);
    expect(host).toMatchObject({ vendor: null, rtsp_url: `rtsp://admin:***@${HOST}:${sim.port}/stream1`, credential_index: 1, video: { codec: 'h264', width: 320, height: 240 } });
  }, 60_000);

  it('asks for credentials rather than guessing any', async () => {
    const { deps, runs } = counting();
    const host = await scanHost({ address: HOST, openPorts: [sim.port], registered: false, onvif: null }, [], deps);
    expect(runs()).toBe(0);
    expect(host.note).toBe('the camera wants a login: scan again with credentials');
  });
});

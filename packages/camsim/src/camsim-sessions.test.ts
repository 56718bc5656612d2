import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { small } from '../test/support/cameras.js';
import { RawRtsp } from '../test/support/rtsp-raw.js';
import { startCamsim, type Camsim } from './index.js';

let sim: Camsim;

beforeAll(async () => {
  sim = await startCamsim({ cameras: [small('main'), small('sub', { width: 160, height: 120 })] });
});

afterAll(async () => {
  await sim.close();
});

/** OPTIONS…PLAY on one camera over a new connection; returns the client and its session id. */
async function play(name: string): Promise<{ c: RawRtsp; id: string }> {
  const c = await RawRtsp.open(sim.port);
  const base = `rtsp://127.0.0.1:${sim.port}/${name}`;
  expect((await c.request('DESCRIBE', base, 1))?.status).toBe(200);
  const setup = await c.request('SETUP', `${base}/trackID=0`, 2, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
  const id = setup?.headers.get('session')?.split(';')[0] ?? '';
  expect((await c.request('PLAY', base, 3, { Session: id }))?.status).toBe(200);
  return { c, id };
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('sessions per path', () => {
  it('counts the sessions streaming each path now and all that ever did', async () => {
    expect([sim.activeSessions('main'), sim.sessionsOpened('main')]).toEqual([0, 0]);
    // A DESCRIBE alone is no session.
    const looker = await RawRtsp.open(sim.port);
    expect((await looker.request('DESCRIBE', `rtsp://127.0.0.1:${sim.port}/main`, 1))?.status).toBe(200);
    expect(sim.activeSessions('main')).toBe(0);
    looker.close();

    const a = await play('main');
    const b = await play('main');
    const s = await play('sub');
    expect([sim.activeSessions('main'), sim.sessionsOpened('main')]).toEqual([2, 2]);
    expect([sim.activeSessions('sub'), sim.sessionsOpened('sub')]).toEqual([1, 1]);

    // TEARDOWN ends one; a dropped connection ends another.
    expect((await a.c.request('TEARDOWN', `rtsp://127.0.0.1:${sim.port}/main`, 4, { Session: a.id }))?.status).toBe(200);
    expect(sim.activeSessions('main')).toBe(1);
    b.c.close();
    await until('the dropped session to end', () => sim.activeSessions('main') === 0);
    expect(sim.sessionsOpened('main')).toBe(2);
    expect(sim.stats().cameras.find((c) => c.name === 'main')).toMatchObject({ clients: 0, sessionsOpened: 2 });
    a.c.close();
    s.c.close();
    await until('the sub session to end', () => sim.activeSessions('sub') === 0);
    expect(sim.sessionsOpened('sub')).toBe(1);
  });

  it('refuses a path it does not serve', () => {
    expect(() => sim.activeSessions('nope')).toThrow('no camera named nope');
  });
});

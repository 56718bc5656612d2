import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeStream, waitUntilAnswering } from './stream-probe.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** A loopback server answering each connection with `reply` (or closing it when null). */
async function server(reply: string | null): Promise<number> {
  const s = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply === null) socket.destroy();
      else socket.end(reply);
    });
  });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('probeStream', () => {
  it('an RTSP camera answers OPTIONS below 500; refusing, closing or not listening is not answering', async () => {
    const ok = await server('RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n');
    const auth = await server('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n');
    const busy = await server('RTSP/1.0 503 Service Unavailable\r\nCSeq: 1\r\n\r\n');
    const closes = await server(null);
    expect(await probeStream(`rtsp://u:p@127.0.0.1:${ok}/live`, 1000)).toBe(true);
    expect(await probeStream(`rtsp://127.0.0.1:${auth}/live`, 1000)).toBe(true);
    expect(await probeStream(`rtsp://127.0.0.1:${busy}/live`, 1000)).toBe(false);
    expect(await probeStream(`rtsp://127.0.0.1:${closes}/live`, 1000)).toBe(false);
    servers.pop()!.close();
    expect(await probeStream(`rtsp://127.0.0.1:${closes}/live`, 1000)).toBe(false);
    // HTTP: the connection is enough; a file has no server to wait for.
    expect(await probeStream(`http://127.0.0.1:${ok}/video`, 1000)).toBe(true);
    expect(await probeStream('/srv/demo.mp4', 1000)).toBe(true);
  });
});

describe('waitUntilAnswering', () => {
  it('ends as soon as a camera that was away answers, and waits it out when it answered all along', async () => {
    let now = 0;
    const answers = [false, false, true];
    const pauses: number[] = [];
    const deps = {
      now: () => now,
      pause: async (ms: number) => {
        pauses.push(ms);
        now += ms;
      },
      signal: new AbortController().signal,
    };
    await waitUntilAnswering('rtsp://cam/', 30_000, { ...deps, probe: async () => answers.shift() ?? true });
    expect(now).toBe(1000);
    now = 0;
    pauses.length = 0;
    await waitUntilAnswering('rtsp://cam/', 2000, { ...deps, probe: async () => true });
    expect(now).toBe(2000);
    expect(pauses).toEqual([500, 500, 500, 500]);
  });
});

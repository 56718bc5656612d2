import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { small } from '../test/support/cameras.js';
import { probe } from '../test/support/ffmpeg.js';
import { RawRtsp } from '../test/support/rtsp-raw.js';
import { digestResponse } from '@heldar/rtsp';
import { startCamsim, type Camsim } from './index.js';

let sim: Camsim;

beforeAll(async () => {
  sim = await startCamsim({
    cameras: [
      small('open', { audio: 'aac' }),
      small('basic', { username: 'admin', password: 'p@ss:word', auth: 'basic' }),
      small('digest', { username: 'admin', password: 'secret', auth: 'digest' }),
    ],
  });
});

afterAll(async () => {
  await sim.close();
});

const withCreds = (name: string, user: string, pass: string) =>
  `rtsp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${sim.port}/${name}`;

describe.concurrent('authentication with ffprobe', () => {
  it('answers 401 without credentials', async () => {
    for (const name of ['basic', 'digest']) {
      const { result } = await probe(sim.url(name, { credentials: false }));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/401 Unauthorized/);
    }
  });

  it('answers 401 to wrong credentials', async () => {
    for (const name of ['basic', 'digest']) {
      const { result } = await probe(withCreds(name, 'admin', 'wrong'));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/401 Unauthorized/);
    }
  });

  it('serves basic and digest cameras to the right credentials', async () => {
    expect(sim.url('basic')).toBe(`rtsp://admin:p%40ss%3Aword@127.0.0.1:${sim.port}/basic`);
    for (const name of ['basic', 'digest']) {
      const { result, streams } = await probe(sim.url(name));
      expect(result.code, result.stderr).toBe(0);
      expect(streams[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
    }
  });

  it('answers 404 to an unknown path', async () => {
    const { result } = await probe(`rtsp://127.0.0.1:${sim.port}/nope`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/404 Not Found/);
  });
});

describe.concurrent('RTSP exchanges', () => {
  it('runs OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN with CSeq echoed', async () => {
    const c = await RawRtsp.open(sim.port);
    try {
      const base = `rtsp://127.0.0.1:${sim.port}/open`;
      const options = await c.request('OPTIONS', base, 1);
      expect(options?.status).toBe(200);
      expect(options?.headers.get('cseq')).toBe('1');
      expect(options?.headers.get('public')).toContain('GET_PARAMETER');

      const describe = await c.request('DESCRIBE', base, 2, { Accept: 'application/sdp' });
      expect(describe?.status).toBe(200);
      expect(describe?.headers.get('content-type')).toBe('application/sdp');
      expect(describe?.headers.get('content-base')).toBe(`${base}/`);
      expect(describe?.body).toMatch(/a=fmtp:96 packetization-mode=1;profile-level-id=4d40[0-9a-f]{2};sprop-parameter-sets=Z[^,]+,aO/);
      expect(describe?.body).toContain('a=control:trackID=0');
      expect(describe?.body).toContain('a=rtpmap:97 mpeg4-generic/16000/1');
      expect(describe?.body).toContain('a=control:trackID=1');

      const udp = await c.request('SETUP', `${base}/trackID=0`, 3, { Transport: 'RTP/AVP;unicast;client_port=5000-5001' });
      expect(udp?.status).toBe(461);

      const setup = await c.request('SETUP', `${base}/trackID=0`, 4, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
      expect(setup?.status).toBe(200);
      expect(setup?.headers.get('transport')).toMatch(/^RTP\/AVP\/TCP;unicast;interleaved=0-1;ssrc=[0-9A-F]{8}$/);
      const session = setup?.headers.get('session') ?? '';
      expect(session).toMatch(/^[0-9a-f]{16};timeout=60$/);
      const id = session.split(';')[0] ?? '';

      const wrongSession = await c.request('PLAY', base, 5, { Session: 'deadbeef' });
      expect(wrongSession?.status).toBe(454);
      const play = await c.request('PLAY', base, 6, { Session: id });
      expect(play?.status).toBe(200);
      expect(play?.headers.get('cseq')).toBe('6');
      const keepAlive = await c.request('GET_PARAMETER', base, 7, { Session: id });
      expect(keepAlive?.status).toBe(200);
      const pause = await c.request('PAUSE', base, 8, { Session: id });
      expect(pause?.status).toBe(501);
      const teardown = await c.request('TEARDOWN', base, 9, { Session: id });
      expect(teardown?.status).toBe(200);
    } finally {
      c.close();
    }
  });

  it('challenges with Digest and accepts a computed response', async () => {
    const c = await RawRtsp.open(sim.port);
    try {
      const uri = `rtsp://127.0.0.1:${sim.port}/digest`;
      const first = await c.request('DESCRIBE', uri, 1);
      expect(first?.status).toBe(401);
      const challenge = first?.headers.get('www-authenticate') ?? '';
      const m = /^Digest realm="([^"]+)", nonce="([^"]+)"$/.exec(challenge);
      expect(m).not.toBeNull();
      const [, realm = '', nonce = ''] = m ?? [];
      const response = digestResponse({ username: 'admin', password: 'secret', realm, nonce, method: 'DESCRIBE', uri });
      const auth = `Digest username="admin", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}"`;
      const second = await c.request('DESCRIBE', uri, 2, { Authorization: auth });
      expect(second?.status).toBe(200);
      expect(second?.headers.get('cseq')).toBe('2');
    } finally {
      c.close();
    }
  });

  it('answers 404 to unknown cameras and tracks, 400 to garbage', async () => {
    const c = await RawRtsp.open(sim.port);
    try {
      expect((await c.request('DESCRIBE', `rtsp://127.0.0.1:${sim.port}/missing`, 1))?.status).toBe(404);
      const track = await c.request('SETUP', `rtsp://127.0.0.1:${sim.port}/open/trackID=7`, 2, {
        Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1',
      });
      expect(track?.status).toBe(404);
      const garbage = await c.sendRaw('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(garbage?.status).toBe(400);
    } finally {
      c.close();
    }
  });
});

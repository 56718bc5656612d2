import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { digestResponse, parseAuthParams } from '@heldar/rtsp';
import type { Camsim } from '@heldar/camsim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSink } from '../src/recording/live-sink.js';
import { smallCamera, startTestCamsim } from './helpers/camsim.js';
import { addCamera } from './helpers/recording.js';
import { startTestKernel, waitFor, type TestKernel } from './helpers/test-kernel.js';

/** The recorder's part: one ffmpeg reading the camera, its live copy (fMP4 on stdout) into a tap. */
function feedFromCamera(sink: LiveSink, url: string): ChildProcess {
  const ffmpeg = spawn('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url],
    ...['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'mp4'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1', '-flush_packets', '1', 'pipe:1'],
  ]);
  const tap = sink.open('front', 'main', 'recorder');
  ffmpeg.stdout.on('data', (chunk: Buffer) => tap.write(chunk));
  ffmpeg.on('exit', () => tap.end());
  return ffmpeg;
}

/** One RTSP request on a fresh connection; resolves with the status line and headers of the answer. */
function rtspRequest(port: number, lines: string[]): Promise<{ status: number; headers: Map<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.destroy();
      const [first = '', ...rest] = text.slice(0, end).split('\r\n');
      const headers = new Map(rest.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
      resolve({ status: Number(first.split(' ')[1]), headers });
    });
    socket.on('error', reject);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** DESCRIBE with digest credentials answered to the server's challenge (one connection per try, so one nonce each). */
async function describeAs(port: number, path: string, username: string, password: string) {
  const uri = `rtsp://127.0.0.1:${port}${path}`;
  return new Promise<{ status: number; reason: string | undefined }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let sent = false;
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = text.slice(0, end);
      const status = Number(head.split(' ')[1]);
      if (!sent && status === 401) {
        sent = true;
        text = '';
        const challenge = /WWW-Authenticate: Digest (.*)/i.exec(head)?.[1] ?? '';
        const p = parseAuthParams(challenge);
        const realm = p.get('realm') ?? '';
        const nonce = p.get('nonce') ?? '';
        const response = digestResponse({ username, password, realm, nonce, method: 'DESCRIBE', uri });
        const auth = `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}"`;
        socket.write(`DESCRIBE ${uri} RTSP/1.0\r\nCSeq: 2\r\nAuthorization: ${auth}\r\n\r\n`);
        return;
      }
      socket.destroy();
      resolve({ status, reason: /\r\nReason: (.*)/.exec(head)?.[1] });
    });
    socket.on('error', reject);
    socket.write(`DESCRIBE ${uri} RTSP/1.0\r\nCSeq: 1\r\n\r\n`);
  });
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface CreatedKey {
  id: string;
  rtsp_password: string;
}

describe('RTSP restream', () => {
  let sim: Camsim;
  let kernel: TestKernel;
  let port: number;
  let feeder: ChildProcess;
  let key: CreatedKey;
  let workerKey: CreatedKey;

  async function createKey(name: string, scopes: string[]): Promise<CreatedKey> {
    const res = await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name, scopes } });
    expect(res.statusCode).toBe(201);
    const created = res.json<CreatedKey>();
    expect(created.rtsp_password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    return created;
  }

  beforeAll(async () => {
    sim = await startTestCamsim([smallCamera('front', { audio: 'aac', username: 'cam', password: 'campass' })]);
    kernel = await startTestKernel({ HELDAR_RTSP_PORT: '0', HELDAR_LIVE_MAX_VIEWERS_PER_USER: '2' });
    await kernel.startRecording();
    port = kernel.modules.rtsp.port() ?? 0;
    expect(port).toBeGreaterThan(0);
    await addCamera(kernel, { id: 'front', name: 'Front', stream_url: sim.url('front'), record_enabled: false });
    key = await createKey('home assistant', ['integration']);
    workerKey = await createKey('motion', ['worker']);
    // The recorder's part, played by one ffmpeg: the live hub gets its fMP4 copy.
    feeder = feedFromCamera(kernel.modules.live.hubs, sim.url('front'));
    const hub = await kernel.modules.live.hubs.acquire('front', 'main');
    await waitFor('the live copy to reach the hub', () => hub.recent().length > 0, 30_000);
  });

  afterAll(async () => {
    feeder?.kill('SIGKILL');
    await kernel?.dispose();
    await sim?.close();
  });

  it('ffmpeg plays about 5 s of H.264 + AAC over TCP without a decoding error, on the camera connection the recorder holds', async () => {
    const url = `rtsp://${key.id}:${key.rtsp_password}@127.0.0.1:${port}/front`;
    const play = run('ffmpeg', ['-hide_banner', '-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '5', '-map', '0', '-f', 'framemd5', 'pipe:1']);
    await waitFor('the player to be watching', () => kernel.modules.live.hubs.viewerCount() >= 1);
    // One camera session (the recorder's ffmpeg) however many players watch.
    expect(sim.activeSessions('front')).toBe(1);
    const { code, stdout, stderr } = await play;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const videoFrames = rows.filter((l) => l.startsWith('0,')).length;
    // 10 fps camera, 5 s asked: about 50 frames (the GOP the hub hands a new viewer may add a few).
    expect(videoFrames).toBeGreaterThanOrEqual(40);
    expect(videoFrames).toBeLessThanOrEqual(60);
    // framemd5 rows: stream, dts, pts, duration, size, hash; `#tb 1: 1/<rate>` gives the audio time base.
    const audioRate = Number(/^#tb 1: 1\/(\d+)$/m.exec(stdout)?.[1]);
    const audioSeconds = rows.filter((l) => l.startsWith('1,')).reduce((sum, l) => sum + Number(l.split(',')[3]), 0) / audioRate;
    expect(audioSeconds).toBeGreaterThan(4);
    expect(audioSeconds).toBeLessThan(6);
    const audit = await kernel.inject({ url: '/api/audit?action=live_view' });
    expect(audit.json<{ entries: Array<Record<string, unknown>> }>().entries).toContainEqual(
      expect.objectContaining({ actor_kind: 'api_key', actor_id: key.id, route: 'rtsp', target_id: 'front', outcome: 'ok', detail: { stream: 'main' } }),
    );
    expect(sim.activeSessions('front')).toBe(1);
    expect(sim.sessionsOpened('front')).toBe(1);
    // The player hung up: its hub viewer and its viewer slot are given back.
    await waitFor('the RTSP viewer to leave', () => kernel.modules.live.hubs.viewerCount() === 0);
    expect(kernel.modules.rtsp.port()).toBe(port);
  });

  it('ffprobe sees H.264 at the camera size and AAC in the SDP', async () => {
    const url = `rtsp://${key.id}:${key.rtsp_password}@127.0.0.1:${port}/front`;
    const probe = await run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', url]);
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim().split('\n').sort()).toEqual(['aac', 'h264,320,240']);
  });

  it('answers 401 with a digest challenge without or with wrong credentials', async () => {
    const bare = await rtspRequest(port, [`DESCRIBE rtsp://127.0.0.1:${port}/front RTSP/1.0`, 'CSeq: 1']);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Digest realm="Heldar", nonce="[0-9a-f]{32}"$/);
    expect((await describeAs(port, '/front', key.id, 'wrong-password')).status).toBe(401);
    expect((await describeAs(port, '/front', 'ffffffffffffffff', key.rtsp_password)).status).toBe(401);
    expect((await describeAs(port, '/front', key.id, key.rtsp_password)).status).toBe(200);
  });

  it('refuses a worker key (403) and an unknown camera (404)', async () => {
    const worker = await describeAs(port, '/front', workerKey.id, workerKey.rtsp_password);
    expect(worker.status).toBe(403);
    expect(worker.reason).toMatch(/worker key/);
    const unknown = await describeAs(port, '/nope', key.id, key.rtsp_password);
    expect(unknown.status).toBe(404);
    expect(unknown.reason).toMatch(/no camera 'nope'/);
  });

  it('answers OPTIONS without credentials and challenges a keep-alive that has none', async () => {
    const keepAlive = await rtspRequest(port, [`GET_PARAMETER rtsp://127.0.0.1:${port}/front RTSP/1.0`, 'CSeq: 1']);
    // Unauthenticated keep-alives are challenged like everything but OPTIONS.
    expect(keepAlive.status).toBe(401);
    const options = await rtspRequest(port, [`OPTIONS rtsp://127.0.0.1:${port}/front RTSP/1.0`, 'CSeq: 7']);
    expect(options.status).toBe(200);
    expect(options.headers.get('cseq')).toBe('7');
    expect(options.headers.get('public')).toBe('OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER');
  });

  it('answers 453 with the reason when the viewer limit is reached', async () => {
    const slots = [kernel.modules.live.hubs.admitViewer(key.id), kernel.modules.live.hubs.admitViewer(key.id)];
    try {
      const full = await describeAs(port, '/front', key.id, key.rtsp_password);
      expect(full.status).toBe(453);
      expect(full.reason).toMatch(/HELDAR_LIVE_MAX_VIEWERS_PER_USER/);
    } finally {
      for (const give of slots) give();
    }
  });
});

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addUser, signIn } from './helpers/auth.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);
const use = testResources();

interface Received {
  at: number;
  text?: Record<string, unknown>;
  binary?: Buffer;
}

/** A live WebSocket client that records every message with its arrival time. */
function openLive(url: string, headers: Record<string, string>) {
  const socket = new WebSocket(url, { headers });
  const messages: Received[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    messages.push(isBinary ? { at: Date.now(), binary: Buffer.from(data) } : { at: Date.now(), text: JSON.parse(data.toString('utf8')) as Record<string, unknown> });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  use.defer(async () => {
    if (socket.readyState !== WebSocket.CLOSED) {
      socket.terminate();
      await closed;
    }
  });
  return { socket, messages, opened, closed };
}

/** The HTTP answer to a refused upgrade. */
async function refusal(url: string, headers: Record<string, string>): Promise<{ status: number; body: { error: string; message: string } }> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) as { error: string; message: string } }));
    });
    socket.once('error', () => undefined);
  });
}

const binaries = (messages: readonly Received[]) => messages.filter((m) => m.binary !== undefined);
const texts = (messages: readonly Received[], type: string) => messages.filter((m) => m.text?.type === type).map((m) => m.text!);

/** A kernel with the recorder off: every camera is watched through the kernel's own on-demand runs. */
async function liveKernel(env: Record<string, string> = {}): Promise<{ k: TestKernel; base: string; wsBase: string }> {
  const k = await use.kernel({ HELDAR_LIVE_IDLE_STOP_SECONDS: '1', ...env });
  const base = await k.listen();
  return { k, base, wsBase: base.replace(/^http/, 'ws') };
}

describe('live view over WebSocket', () => {
  it('streams an on-demand camera that decodes for as long as it was watched, then stops the idle run', async () => {
    const camsim = await use.camsim([smallCamera('porch')]);
    const { k, base, wsBase } = await liveKernel();
    await addCamera(k, { id: 'porch', name: 'Porch', stream_url: camsim.url('porch'), record_enabled: false });
    await addUser(k, 'vera', 'viewer');
    const cookie = await signIn(k, 'vera', 'vera pass phrase 1');

    const viewer = openLive(`${wsBase}/api/cameras/porch/live?stream=sub`, { cookie, origin: base });
    await viewer.opened;
    // The first viewer started a live-only stream: one camera connection.
    await waitFor('the live-only connection', () => camsim.activeSessions('porch') === 1);
    // The first fragment, then ~4 s of live stream.
    await waitFor('the first fragment', () => binaries(viewer.messages).length >= 2, 20_000);
    const firstAt = binaries(viewer.messages)[1]!.at;
    await waitFor('4 s of live stream', () => Date.now() - firstAt >= 4000);
    viewer.socket.close();
    await viewer.closed;
    const watchedS = (binaries(viewer.messages).at(-1)!.at - firstAt) / 1000;

    const [stream, ...rest] = viewer.messages;
    // No sub-stream: main is served, and the first message says so.
    expect(stream?.text).toMatchObject({ type: 'stream', camera_id: 'porch', stream: 'main', generation: 1, audio: null, video: { width: 320, height: 240 } });
    expect(stream?.text?.codecs).toMatch(/^avc1\.[0-9a-f]{6}$/);
    expect(stream?.text?.mime).toBe(`video/mp4; codecs="${String(stream?.text?.codecs)}"`);
    expect(rest[0]?.binary?.toString('latin1', 4, 8)).toBe('ftyp');
    // A sync message before every keyframe: one per second (1 s GOP), with the arrival time in ms.
    const syncs = texts(viewer.messages, 'sync');
    expect(syncs.length).toBeGreaterThanOrEqual(4);
    expect(syncs[0]?.received_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const syncIndex = viewer.messages.findIndex((m) => m.text?.type === 'sync');
    expect(viewer.messages[syncIndex + 1]?.binary?.includes('moof')).toBe(true);

    // Init + fragments, concatenated, decode without a single error, and last as long as watched (±1 GOP).
    const file = join(await use.dir('heldar-live-'), 'live.mp4');
    await writeFile(file, Buffer.concat(binaries(viewer.messages).map((m) => m.binary!)));
    const { stderr } = await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(stderr).toBe('');
    const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    // A starting ffmpeg hands over what it read while probing the camera in one burst: that lead is
    // content from before the stream went live (a player catches up to the live edge over it).
    const firstSync = Date.parse(String(syncs[0]!.received_at));
    const burst = syncs.filter((m) => Date.parse(String(m.received_at)) - firstSync < 200);
    const leadS = Number(burst.at(-1)!.decode_time_ms) / 1000;
    expect(leadS).toBeLessThan(6);
    expect(Math.abs(Number(stdout.trim()) - leadS - watchedS)).toBeLessThanOrEqual(1.2);

    // Audited once for the session.
    const audit = await k.modules.auth.audit.find({ action: 'live_view', limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'vera', target_id: 'porch', status: 101, outcome: 'ok', detail: { stream: 'main' } });

    // The last viewer left: the live-only ffmpeg is gone after the idle time (1 s here).
    await waitFor('the idle on-demand run to stop', () => camsim.activeSessions('porch') === 0, 10_000);
    expect(camsim.sessionsOpened('porch')).toBe(1);
    expect(k.modules.live.hubs.onDemandRunning('porch', 'main')).toBe(false);
    const metrics = await k.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/^heldar_live_viewers 0$/m);
  }, 60_000);

  it('serves a recording camera from the recorder’s own ffmpeg: one camera connection, no live-only run', async () => {
    const camsim = await use.camsim([smallCamera('yard')]);
    const k = await use.recordingKernel({ HELDAR_LIVE_IDLE_STOP_SECONDS: '1' });
    await addCamera(k, { id: 'yard', name: 'Yard', stream_url: camsim.url('yard'), segment_seconds: 2 });
    await k.startRecording();
    const base = await k.listen();
    await waitFor('the recorder connected', () => camsim.activeSessions('yard') === 1, 20_000);
    const viewer = openLive(`${base.replace(/^http/, 'ws')}/api/cameras/yard/live`, { authorization: `Bearer ${k.adminKey}` });
    await viewer.opened;
    await waitFor('3 keyframes', () => texts(viewer.messages, 'sync').length >= 3, 20_000);
    expect(viewer.messages[0]?.text).toMatchObject({ type: 'stream', camera_id: 'yard', stream: 'main' });
    expect(k.modules.live.hubs.onDemandRunning('yard', 'main')).toBe(false);
    expect(camsim.activeSessions('yard')).toBe(1);
    expect(camsim.sessionsOpened('yard')).toBe(1);
    expect(k.modules.live.hubs.viewerCount()).toBe(1);
  }, 60_000);

  it('with the live taps off (HELDAR_LIVE_ENABLED=false), watches a recording camera through an on-demand run of its own, stopped when idle', async () => {
    const camsim = await use.camsim([smallCamera('dock')]);
    const k = await use.recordingKernel({ HELDAR_LIVE_ENABLED: 'false', HELDAR_LIVE_IDLE_STOP_SECONDS: '1' });
    await addCamera(k, { id: 'dock', name: 'Dock', stream_url: camsim.url('dock'), segment_seconds: 2 });
    await k.startRecording();
    const base = await k.listen();
    await waitFor('the recorder connected', () => camsim.activeSessions('dock') === 1, 20_000);
    const viewer = openLive(`${base.replace(/^http/, 'ws')}/api/cameras/dock/live`, { authorization: `Bearer ${k.adminKey}` });
    await viewer.opened;
    await waitFor('2 keyframes', () => texts(viewer.messages, 'sync').length >= 2, 20_000);
    expect(viewer.messages[0]?.text).toMatchObject({ type: 'stream', camera_id: 'dock', stream: 'main' });
    expect(binaries(viewer.messages).length).toBeGreaterThan(2);
    // The recorder writes no live copy: the viewer costs a second camera connection while it watches.
    expect(k.modules.live.hubs.onDemandRunning('dock', 'main')).toBe(true);
    expect(camsim.activeSessions('dock')).toBe(2);
    viewer.socket.close();
    await waitFor('the idle on-demand run stopped', () => camsim.activeSessions('dock') === 1 && !k.modules.live.hubs.onDemandRunning('dock', 'main'), 20_000);
    const before = (await k.db.selectFrom('segments').select('id').where('camera_id', '=', 'dock').execute()).length;
    await waitFor('recording went on', async () => (await k.db.selectFrom('segments').select('id').where('camera_id', '=', 'dock').execute()).length > before, 20_000);
  }, 60_000);

  it('gives the live copy to at most HELDAR_LIVE_RECORDER_COPIES recorders: a recording camera past it is watched through a live-only run', async () => {
    const camsim = await use.camsim([smallCamera('north'), smallCamera('south')]);
    const k = await use.recordingKernel({ HELDAR_LIVE_RECORDER_COPIES: '1', HELDAR_LIVE_IDLE_STOP_SECONDS: '1' });
    await addCamera(k, { id: 'north', name: 'North', stream_url: camsim.url('north'), segment_seconds: 2 });
    await k.startRecording();
    await waitFor('north recording', () => camsim.activeSessions('north') === 1, 20_000);
    // Started second: the node's one live copy is north's recorder's.
    await addCamera(k, { id: 'south', name: 'South', stream_url: camsim.url('south'), segment_seconds: 2 });
    await waitFor('south recording', () => camsim.activeSessions('south') === 1, 20_000);
    const base = await k.listen();
    for (const id of ['north', 'south']) {
      const viewer = openLive(`${base.replace(/^http/, 'ws')}/api/cameras/${id}/live`, { authorization: `Bearer ${k.adminKey}` });
      await viewer.opened;
      await waitFor(`2 keyframes of ${id}`, () => texts(viewer.messages, 'sync').length >= 2, 20_000);
      expect(viewer.messages[0]?.text).toMatchObject({ type: 'stream', camera_id: id, stream: 'main' });
    }
    expect([k.modules.live.hubs.onDemandRunning('north', 'main'), camsim.activeSessions('north'), camsim.sessionsOpened('north')]).toEqual([false, 1, 1]);
    expect([k.modules.live.hubs.onDemandRunning('south', 'main'), camsim.activeSessions('south')]).toEqual([true, 2]);
    const before = (await k.db.selectFrom('segments').select('id').where('camera_id', '=', 'south').execute()).length;
    await waitFor('south recording went on', async () => (await k.db.selectFrom('segments').select('id').where('camera_id', '=', 'south').execute()).length > before, 20_000);
  }, 60_000);

  it('refuses unauthenticated, foreign-origin, unknown-camera and over-the-limit upgrades before upgrading', async () => {
    const camsim = await use.camsim([smallCamera('gate')]);
    const { k, base, wsBase } = await liveKernel({ HELDAR_LIVE_MAX_VIEWERS_PER_USER: '1' });
    await addCamera(k, { id: 'gate', name: 'Gate', stream_url: camsim.url('gate'), record_enabled: false });
    await addUser(k, 'vic', 'viewer');
    const cookie = await signIn(k, 'vic', 'vic pass phrase 1');
    const url = `${wsBase}/api/cameras/gate/live`;

    expect((await refusal(url, { origin: base })).status).toBe(401);
    const foreign = await refusal(url, { cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/cross-site/);
    expect((await refusal(`${wsBase}/api/cameras/nope/live`, { cookie, origin: base })).status).toBe(404);
    expect((await refusal(`${url}?stream=side`, { cookie, origin: base })).status).toBe(400);
    // A plain GET is told to upgrade.
    const plain = await k.inject({ url: '/api/cameras/gate/live' });
    expect(plain.statusCode).toBe(426);

    const first = openLive(url, { cookie, origin: base });
    await first.opened;
    const second = await refusal(url, { cookie, origin: base });
    expect(second.status).toBe(429);
    expect(second.body.message).toMatch(/HELDAR_LIVE_MAX_VIEWERS_PER_USER/);
    // Another user (an API key) still gets in; the slot comes back when the first viewer leaves.
    const other = openLive(url, { authorization: `Bearer ${k.adminKey}` });
    await other.opened;
    first.socket.close();
    await first.closed;
    await waitFor('the slot to come back', async () => {
      const again = openLive(url, { cookie, origin: base });
      try {
        await again.opened;
        return true;
      } catch {
        return false;
      }
    }, 5000);
  }, 60_000);

  it('keeps a viewer that never reads from delaying another, and tells it what it missed when it reads again', async () => {
    // A heavy stream (~8 Mbit/s) so the stalled viewer's backlog passes 1 MiB within a few seconds.
    const camsim = await use.camsim([smallCamera('dock', { width: 1280, height: 720, bitrateKbps: 8000 })]);
    const { k, base, wsBase } = await liveKernel({ HELDAR_LIVE_VIEWER_BACKLOG_MIB: '1' });
    await addCamera(k, { id: 'dock', name: 'Dock', stream_url: camsim.url('dock'), record_enabled: false });
    const headers = { authorization: `Bearer ${k.adminKey}`, origin: base };
    const slow = openLive(`${wsBase}/api/cameras/dock/live`, headers);
    const fast = openLive(`${wsBase}/api/cameras/dock/live`, headers);
    await Promise.all([slow.opened, fast.opened]);
    await waitFor('fragments', () => binaries(slow.messages).length > 2 && binaries(fast.messages).length > 2, 20_000);

    slow.socket.pause();
    const from = fast.messages.length;
    const pausedAt = Date.now();
    await waitFor('8 s of stream for the fast viewer', () => Date.now() - pausedAt >= 8000, 15_000);
    // The fast viewer kept getting fragments at the camera's rate: no gap longer than a GOP.
    const arrivals = binaries(fast.messages.slice(from)).map((m) => m.at);
    expect(arrivals.length).toBeGreaterThan(40);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(Math.max(...gaps)).toBeLessThan(1500);
    expect(texts(fast.messages, 'skipped')).toEqual([]);

    slow.socket.resume();
    await waitFor('the skipped message', () => texts(slow.messages, 'skipped').length > 0, 15_000);
    const skipped = texts(slow.messages, 'skipped')[0]!;
    expect(skipped.dropped).toBeGreaterThan(0);
    // After the skip: a sync and a keyframe fragment.
    const at = slow.messages.findIndex((m) => m.text?.type === 'skipped');
    expect(slow.messages[at + 1]?.text?.type).toBe('sync');
  }, 90_000);
});

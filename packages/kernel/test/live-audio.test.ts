import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeCheck, probeMedia } from '../src/ffmpeg/probe.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();

interface Watched {
  /** The first text message (`stream`). */
  stream: Record<string, unknown>;
  /** Init segment + fragments, as received. */
  bytes: Buffer[];
}

/** Watches a camera until `fragments` binary messages came; returns the first message and the bytes. */
async function watch(k: TestKernel, base: string, cameraId: string, fragments: number): Promise<Watched> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/cameras/${cameraId}/live`, { headers: { authorization: `Bearer ${k.adminKey}` } });
  const texts: Record<string, unknown>[] = [];
  const bytes: Buffer[] = [];
  socket.on('message', (data: Buffer, binary: boolean) => {
    if (binary) bytes.push(Buffer.from(data));
    else texts.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
  });
  const closed = new Promise((resolve) => socket.once('close', resolve));
  use.defer(async () => {
    if (socket.readyState === WebSocket.CLOSED) return;
    socket.terminate();
    await closed;
  });
  await waitFor(`${fragments} live messages of ${cameraId}`, () => bytes.length >= fragments, 30_000);
  socket.close();
  await closed;
  return { stream: texts[0]!, bytes };
}

/** The streams ffprobe sees in the received bytes; they must decode without an error. */
async function streamsOf(watched: Watched, dir: string, name: string): Promise<string[]> {
  const file = path.join(dir, name);
  await writeFile(file, Buffer.concat(watched.bytes));
  const check = await decodeCheck('ffmpeg', file);
  expect(check.errors).toBe('');
  return (await probeMedia('ffprobe', file)).streams.map((s) => `${s.type}:${s.codec}`);
}

const G711_NOTE = 'camera audio is G.711 µ-law (pcm_mulaw), which MP4 cannot carry; live view is video only';

describe('live view: camera audio', () => {
  it('a recording G.711 camera: live is video only and the first message says why; recording goes on', async () => {
    const camsim = await use.camsim([smallCamera('hall', { audio: 'pcmu' })]);
    const k = await use.recordingKernel();
    const dir = await use.dir('heldar-live-audio-');
    await addCamera(k, { id: 'hall', name: 'Hall', stream_url: camsim.url('hall'), segment_seconds: 2, record_audio: true });
    await k.startRecording();
    const base = await k.listen();

    const watched = await watch(k, base, 'hall', 30);
    expect(watched.stream).toMatchObject({ type: 'stream', camera_id: 'hall', audio: { codec: 'pcm_mulaw', included: false, note: G711_NOTE } });
    expect(watched.stream.codecs).toMatch(/^avc1\.[0-9a-f]{6}$/);
    expect(await streamsOf(watched, dir, 'hall.mp4')).toEqual(['video:h264']);
    // Recording is not held up by live view: the recorder's segments keep coming.
    const before = (await segmentsOf(k, 'hall')).length;
    await waitFor('two more segments', async () => (await segmentsOf(k, 'hall')).length >= before + 2, 30_000);
  }, 90_000);

  it('on demand: G.711 is left out with the note, AAC goes through', async () => {
    const camsim = await use.camsim([smallCamera('mulaw', { audio: 'pcmu' }), smallCamera('aac', { audio: 'aac' })]);
    const k = await use.kernel();
    const dir = await use.dir('heldar-live-audio-');
    for (const id of ['mulaw', 'aac']) await addCamera(k, { id, name: id, stream_url: camsim.url(id), record_enabled: false, record_audio: true });
    const base = await k.listen();

    const mulaw = await watch(k, base, 'mulaw', 20);
    expect(mulaw.stream).toMatchObject({ camera_id: 'mulaw', audio: { codec: 'pcm_mulaw', included: false, note: G711_NOTE } });
    expect(await streamsOf(mulaw, dir, 'mulaw.mp4')).toEqual(['video:h264']);

    const aac = await watch(k, base, 'aac', 20);
    expect(aac.stream).toMatchObject({ camera_id: 'aac', audio: { codec: 'mp4a.40.2', included: true } });
    expect(aac.stream.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    expect(await streamsOf(aac, dir, 'aac.mp4')).toEqual(['video:h264', 'audio:aac']);
  }, 90_000);
});

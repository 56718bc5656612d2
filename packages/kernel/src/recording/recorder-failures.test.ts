import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MirrorFallback } from './mirror-fallback.js';
import type { RunExit } from './process-launcher.js';
import { RecorderFailures } from './recorder-failures.js';
import { RecorderStatus } from './recorder-status.js';
import { addCamera, eventKinds, harness, statusOf, type Harness } from './supervisor-harness.test-helper.js';

let h: Harness;
let status: RecorderStatus;
let failures: RecorderFailures;
let freeBytes: number;

const exit = (fields: Partial<RunExit>): RunExit => ({ reason: 'exited', code: 1, signal: null, stderrTail: '', ranMs: 3000, ...fields });

beforeEach(async () => {
  h = await harness();
  await addCamera(h, 'cam', { record_audio: true });
  const log = pino({ level: 'silent' });
  status = new RecorderStatus('cam', h.deps.status, h.deps.events, h.clock, log);
  freeBytes = 1e12;
  const volumes = new MirrorFallback('cam', h.deps, status, log);
  failures = new RecorderFailures({ status, volumes, volumeStats: () => Promise.resolve({ freeBytes, totalBytes: 2e12 }), stallGraceMs: 30_000, log });
});

afterEach(async () => {
  await status.settle();
  await h.close();
});

describe('RecorderFailures', () => {
  it('drops audio ffmpeg cannot store, without counting a reconnect', async () => {
    const cam = (await h.cameras.find('cam'))!;
    expect(failures.recordsAudio(cam)).toBe(true);
    expect(failures.audioLeftOut(cam)).toBeUndefined();
    const state = await failures.afterUnexpectedExit(cam, exit({ stderrTail: 'Could not find tag for codec pcm_alaw in stream #1' }), 0, h.root, null);
    await status.idle();
    expect(state).toBe('offline');
    expect(failures.recordsAudio(cam)).toBe(false);
    // The next run's live copy is told which codec it leaves out; not when audio is not wanted at all.
    expect(failures.audioLeftOut(cam)).toBe('pcm_alaw');
    expect(failures.audioLeftOut({ ...cam, record_audio: false })).toBeUndefined();
    expect((await statusOf(h, 'cam')).reconnect_count).toBe(0);
    expect(await eventKinds(h, 'cam')).toEqual(['recorder_audio_dropped']);
  });

  it('reports the health check reason over what ffmpeg said', async () => {
    const cam = (await h.cameras.find('cam'))!;
    const state = await failures.afterUnexpectedExit(cam, exit({ reason: 'stopped', code: 0 }), 1000, h.root, 'no new segment for 64 s');
    await status.idle();
    expect(state).toBe('error');
    const row = await statusOf(h, 'cam');
    expect(row).toMatchObject({ state: 'error', last_error: 'no new segment for 64 s', reconnect_count: 1 });
    expect(await eventKinds(h, 'cam')).toEqual(['camera_offline']);
  });

  it('says the volume is full when ffmpeg failed on a full volume', async () => {
    const cam = (await h.cameras.find('cam'))!;
    freeBytes = 1000;
    const state = await failures.afterUnexpectedExit(cam, exit({ reason: 'failed', stderrTail: 'Error initializing output stream 0:0 --' }), 1000, h.root, null);
    await status.idle();
    expect(state).toBe('error');
    expect((await statusOf(h, 'cam')).last_error).toBe(`recordings volume full: ${h.root} has 1000 bytes free`);
  });

  it('logs recorder_error once per episode, however often it fails', async () => {
    failures.fail('no stream URL');
    failures.fail('no stream URL');
    await status.idle();
    expect(await eventKinds(h, 'cam')).toEqual(['recorder_error']);
    expect((await statusOf(h, 'cam')).state).toBe('error');
  });
});

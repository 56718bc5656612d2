import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camsim, CamsimOnvif } from '@heldar/camsim';
import { OnvifClient } from '../src/onvif/onvif-client.js';
import { OnvifReplayBridge } from '../src/recording/backfill/onvif-replay-bridge.js';
import { ffmpegReplayRunner } from '../src/recording/backfill/replay-recorder.js';
import { inspectSegment } from '../src/recording/segment-inspector.js';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from './helpers/camsim.js';
import { tempDir, waitFor } from './helpers/test-kernel.js';

// ONVIF Profile G replay against the simulator: the recording and its replay URI over SOAP, then a
// past span recorded by the recorder's own ffmpeg through the bridge that sends PLAY's
// `Range: clock=` and `Require: onvif-replay` (and answers the camera's digest challenge).

let sim: Camsim & { onvif: CamsimOnvif };
let bornAt: number;
const RTSP = { username: 'viewer', password: 'rtsp secret' };

beforeAll(async () => {
  bornAt = Date.now();
  sim = await startOnvifCamsim([smallCamera('gate', RTSP)]);
  await waitFor('8 s of the camera’s life to replay', () => Date.now() - bornAt > 8000 || undefined, 15_000);
});

afterAll(async () => {
  await sim?.close();
});

async function replayUri(): Promise<string> {
  const client = await OnvifClient.connect({ url: sim.onvif.deviceUrl('gate'), username: ONVIF_USER, password: ONVIF_PASSWORD });
  const recordings = await client.recordings();
  expect(recordings).toEqual([{ token: 'rec_gate', sourceId: 'vs_gate', address: sim.url('gate', { credentials: false }) }]);
  return client.replayUri('rec_gate');
}

async function record(bridge: OnvifReplayBridge, dir: string) {
  const runner = ffmpegReplayRunner('ffmpeg', pino({ level: 'silent' }));
  return runner({ url: bridge.url, secrets: [], segmentSeconds: 2, recordAudio: false, outputPattern: path.join(dir, 'replay-%06d.mp4'), timeoutMs: 30_000, signal: new AbortController().signal });
}

describe('ONVIF Profile G replay', () => {
  it('finds the recording, and records a past span through the bridge: its whole length, in segments that parse', async () => {
    const uri = await replayUri();
    expect(uri).toBe(`${sim.url('gate', { credentials: false })}/recording`);
    const { dir, remove } = await tempDir('onvif-replay-');
    const fromMs = Math.ceil((bornAt + 1000) / 1000) * 1000;
    const bridge = await OnvifReplayBridge.start({ replayUri: uri, ...RTSP, fromMs, toMs: fromMs + 5000, connectTimeoutMs: 5000 });
    try {
      const result = await record(bridge, dir);
      expect(result.exit, result.exit.stderrTail).toMatchObject({ reason: 'exited', code: 0 });
      expect(bridge.problem).toBeNull();
      expect(result.entries.length).toBeGreaterThanOrEqual(2);
      let total = 0;
      for (const entry of result.entries) total += (await inspectSegment(path.join(dir, path.basename(entry.name)))).durationMs;
      expect(total).toBeGreaterThanOrEqual(4800);
      expect(total).toBeLessThanOrEqual(5200);
      expect(result.entries[0]!.startSec).toBe(0);
    } finally {
      await bridge.close();
      await remove();
    }
  });

  it('says why when the camera has no recording of the span, or refuses the credentials', async () => {
    const uri = await replayUri();
    const { dir, remove } = await tempDir('onvif-replay-');
    try {
      const before = await OnvifReplayBridge.start({ replayUri: uri, ...RTSP, fromMs: bornAt - 60_000, toMs: bornAt - 50_000, connectTimeoutMs: 5000 });
      const early = await record(before, dir);
      await before.close();
      expect(early.entries).toEqual([]);
      expect(before.problem).toBe('the camera answered PLAY with 457 Invalid Range');

      const wrong = await OnvifReplayBridge.start({ replayUri: uri, username: 'viewer', password: 'not it', fromMs: bornAt + 1000, toMs: bornAt + 3000, connectTimeoutMs: 5000 });
      const refused = await record(wrong, dir);
      await wrong.close();
      expect(refused.entries).toEqual([]);
      expect(wrong.problem).toBe('the camera answered DESCRIBE with 401 Unauthorized');
    } finally {
      await remove();
    }
  });
});

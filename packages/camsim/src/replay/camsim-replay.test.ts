import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { small } from '../../test/support/cameras.js';
import { formatDuration, videoPackets } from '../../test/support/ffmpeg.js';
import { run, waitFor, withTempDir } from '../../test/support/processes.js';
import { startCamsim, type Camsim } from '../index.js';

let sim: Camsim;
let bornAt: number;

beforeAll(async () => {
  bornAt = Date.now();
  sim = await startCamsim({ cameras: [small('gate', { username: 'u', password: 'p' })] });
  // Some past to replay.
  await waitFor('4 s of history', () => Date.now() - bornAt > 4500 || undefined, 10_000, 100);
});

afterAll(async () => {
  await sim.close();
});

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '.$1Z');

function replayUrl(from: number, to: number, rate: number): string {
  return `${sim.url('gate')}/replay?starttime=${stamp(from)}&endtime=${stamp(to)}&rate=${rate}`;
}

describe('replay of a past span', () => {
  it('streams exactly the span, faster than real time when asked, and ends by itself', async () => {
    await withTempDir(async (dir) => {
      const to = Date.now() - 500;
      const from = to - 3000;
      const out = join(dir, 'replay.mp4');
      const r = await run('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', replayUrl(from, to, 0), '-c', 'copy', '-f', 'mp4', out], 20_000);
      expect(r.code, r.stderr).toBe(0);
      // As fast as the connection takes it: the same span at real time takes its 3 s longer
      // (compared with each other, as ffmpeg's own start-up time varies with the machine's load).
      const paced = await run('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', replayUrl(from, to, 1), '-c', 'copy', '-f', 'null', '-'], 20_000);
      expect(paced.code, paced.stderr).toBe(0);
      expect(paced.ms - r.ms).toBeGreaterThan(1500);
      const packets = await videoPackets(out);
      // 25 fps: frames at 0, 40, … 2960 ms; the frame due at the span's end belongs to the next span.
      expect(packets).toHaveLength(75);
      expect(packets[0]).toEqual({ pts: 0, key: true });
      // A keyframe each second (ffmpeg may start the first frame's timestamp one frame off).
      const keys = packets.filter((p) => p.key).map((p) => p.pts);
      expect(keys).toHaveLength(3);
      keys.forEach((pts, i) => expect(Math.abs(pts - i)).toBeLessThanOrEqual(0.041));
      expect(await formatDuration(out)).toBeCloseTo(3, 1);
      const decode = await run('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'], 20_000);
      expect(decode.stderr).toBe('');
    });
  });

  it('paces a replay at the rate asked for', async () => {
    const to = Date.now() - 500;
    const r = await run('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', replayUrl(to - 4000, to, 2), '-c', 'copy', '-f', 'null', '-'], 20_000);
    expect(r.code, r.stderr).toBe(0);
    // 4 s at twice real time: at least 2 s.
    expect(r.ms).toBeGreaterThan(1900);
  });

  it('answers 457 for a span the camera never streamed', async () => {
    const r = await run('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', replayUrl(bornAt - 60_000, bornAt - 30_000, 0), '-f', 'null', '-'], 20_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('DESCRIBE failed: 457');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VideoClip } from './media-clip.js';
import { LEAD_MS, WallClockFeeder, type WallClockCamera } from './wall-clock.js';

const WALL0 = Date.UTC(2026, 11, 2, 18, 0, 0, 250);
const clipOf = (n: number) => ({ n }) as unknown as VideoClip;

/** A camera whose timeline started at monotonic 0, wall WALL0; keyframes every second. */
function fakeCamera(): WallClockCamera & { shown: { at: number; clip: VideoClip }[] } {
  const shown: { at: number; clip: VideoClip }[] = [];
  return {
    name: 'cam',
    shown,
    keyframeAtOrAfter: (mono) => Math.max(0, Math.ceil(mono / 1000)) * 1000,
    wallAt: (mono) => WALL0 + mono,
    showNext: (clip) => void shown.push({ at: Date.now(), clip }),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WallClockFeeder', () => {
  it('makes each clip for the wall time of the keyframe it will start at, and hands it over just before', async () => {
    const camera = fakeCamera();
    const made: number[] = [];
    const feeder = new WallClockFeeder(camera, async (wall) => (made.push(wall), clipOf(made.length)), { now: () => Date.now(), wallNow: () => WALL0 + Date.now() }, 10_000, () => undefined);
    feeder.start();
    await vi.advanceTimersByTimeAsync(LEAD_MS + 10_000 + 100);
    // First keyframe at or after now + lead, then one clip per 10 s stretch.
    expect(made.slice(0, 2)).toEqual([WALL0 + LEAD_MS, WALL0 + LEAD_MS + 10_000]);
    expect(camera.shown.map((s) => s.at)).toEqual([LEAD_MS - 400, LEAD_MS + 10_000 - 400]);
    await feeder.stop();
  });

  it('a clip made too late for its keyframe is made again for a later one, never shown with a wrong time', async () => {
    const camera = fakeCamera();
    const made: number[] = [];
    let slow = true;
    const make = (wall: number) =>
      new Promise<VideoClip>((resolve) => {
        made.push(wall);
        const ms = slow ? LEAD_MS + 1000 : 10;
        slow = false;
        setTimeout(() => resolve(clipOf(made.length)), ms);
      });
    const feeder = new WallClockFeeder(camera, make, { now: () => Date.now(), wallNow: () => WALL0 + Date.now() }, 10_000, () => undefined);
    feeder.start();
    await vi.advanceTimersByTimeAsync(3 * LEAD_MS);
    expect(made[0]).toBe(WALL0 + LEAD_MS);
    // Done at LEAD + 1000, past its hand-over: aimed again at the keyframe LEAD after that.
    expect(made[1]).toBe(WALL0 + 2 * LEAD_MS + 1000);
    expect(camera.shown[0]).toEqual({ at: 2 * LEAD_MS + 1000 - 400, clip: clipOf(2) });
    await feeder.stop();
  });
});

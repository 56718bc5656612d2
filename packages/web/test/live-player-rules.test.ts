import { describe, expect, it } from 'vitest';
import { decideCatchUp, FAST_RATE, MAX_SLACK_S, MIN_SLACK_S, slackFor } from '../src/live/catch-up.js';
import { LatencyClock } from '../src/live/latency.js';
import { parseLiveMessage } from '../src/live/live-messages.js';

describe('live catch-up', () => {
  it('leaves a video close to the edge alone', () => {
    expect(decideCatchUp([[0, 10]], 9.8, 1)).toBeNull();
    expect(decideCatchUp([], 0, 1)).toBeNull();
  });

  it('speeds up above slack + 0.2 s behind, and returns to normal speed within the slack', () => {
    expect(decideCatchUp([[0, 10]], 9, 1)).toEqual({ rate: FAST_RATE });
    expect(decideCatchUp([[0, 10]], 9, FAST_RATE)).toBeNull();
    // Between the slack (0.3 s) and 0.5 s it keeps the speed it has (no flapping around one threshold).
    expect(decideCatchUp([[0, 10]], 9.6, FAST_RATE)).toBeNull();
    expect(decideCatchUp([[0, 10]], 9.6, 1)).toBeNull();
    expect(decideCatchUp([[0, 10]], 9.8, FAST_RATE)).toEqual({ rate: 1 });
    // Shorter fragments, a smaller slack: 0.45 s behind is already too far.
    expect(decideCatchUp([[0, 10]], 9.55, 1, 0.2)).toEqual({ rate: FAST_RATE });
  });

  it('jumps to the slack behind the edge when more than 1.5 s behind', () => {
    expect(decideCatchUp([[0, 10]], 7, 1)).toEqual({ seekTo: 9.7 });
    expect(decideCatchUp([[0, 10]], 7, 1, 0.2)).toEqual({ seekTo: 9.8 });
  });

  it('jumps over a gap to the newest range (after a skip, or at the start)', () => {
    expect(decideCatchUp([[0, 4], [6, 6.2]], 3.9, 1)).toEqual({ seekTo: 6 });
    expect(decideCatchUp([[5, 5.1]], 0, 1)).toEqual({ seekTo: 5 });
  });

  it('holds about two fragment intervals, within bounds', () => {
    expect(slackFor(0.2)).toBeCloseTo(0.4);
    expect(slackFor(0.02)).toBe(MIN_SLACK_S);
    expect(slackFor(2)).toBe(MAX_SLACK_S);
    expect(slackFor(null)).toBe(0.3);
  });
});

describe('live latency from sync messages', () => {
  it('maps a media time to the server receive time of its keyframe plus the time since', () => {
    const clock = new LatencyClock();
    expect(clock.latencyMs(1000, 5000)).toBeNull();
    clock.add(0, 1_000_000);
    clock.add(2000, 1_002_010);
    expect(clock.receivedAt(2500)).toBe(1_002_510);
    expect(clock.receivedAt(1500)).toBe(1_001_500);
    expect(clock.latencyMs(2500, 1_002_900)).toBe(390);
  });
});

describe('live messages', () => {
  it('parses the kinds it knows and ignores others', () => {
    expect(parseLiveMessage('{"type":"sync","decode_time_ms":40,"received_at":"2026-12-03T10:00:00.000Z"}')).toEqual({ type: 'sync', decode_time_ms: 40, received_at: '2026-12-03T10:00:00.000Z' });
    expect(parseLiveMessage('{"type":"skipped","dropped":3}')).toEqual({ type: 'skipped', dropped: 3 });
    expect(parseLiveMessage('{"type":"end","reason":"camera deleted"}')).toEqual({ type: 'end', reason: 'camera deleted' });
    expect(parseLiveMessage('{"type":"future"}')).toBeNull();
    expect(parseLiveMessage('not json')).toBeNull();
    expect(parseLiveMessage('{"type":"stream"}')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { Tracker } from './tracker.js';

const T0 = Date.UTC(2026, 0, 1);

function tracker(): Tracker {
  let n = 0;
  return new Tracker('cam', 'yolo', () => `t${++n}`);
}

describe('Tracker', () => {
  it('continues tracks by overlap, one box per track, and starts new ones for the rest', () => {
    const t = tracker();
    const first = t.update('f1', T0, [
      { label: 'person', confidence: 0.6, box: [0.1, 0.1, 0.2, 0.4] },
      { label: 'person', confidence: 0.7, box: [0.6, 0.1, 0.2, 0.4] },
    ]);
    expect(first.map((x) => x.id)).toEqual(['t1', 't2']);
    const second = t.update('f2', T0 + 200, [
      { label: 'person', confidence: 0.9, box: [0.62, 0.12, 0.2, 0.4] }, // t2 moved a little
      { label: 'person', confidence: 0.8, box: [0.12, 0.1, 0.2, 0.4] }, // t1 moved a little
      { label: 'car', confidence: 0.8, box: [0.12, 0.1, 0.2, 0.4] }, // same place, other label: new
    ]);
    expect(second.map((x) => x.id)).toEqual(['t2', 't1', 't3']);
    expect(second[0]).toMatchObject({ firstSeen: T0, lastSeen: T0 + 200, detections: 2, bestFrameId: 'f2', bestConfidence: 0.9, bestAt: T0 + 200 });
    expect(second[1]).toMatchObject({ bestFrameId: 'f2', bestConfidence: 0.8 });
  });

  it('follows worker-given track ids whatever the boxes do, and keeps the best frame', () => {
    const t = tracker();
    const [a] = t.update('f1', T0, [{ label: 'car', confidence: 0.9, box: [0, 0, 0.1, 0.1], track_id: '17' }]);
    const [b] = t.update('f2', T0 + 100, [{ label: 'car', confidence: 0.5, box: [0.8, 0.8, 0.1, 0.1], track_id: '17' }]);
    expect(b).toBe(a);
    expect(b).toMatchObject({ externalId: '17', detections: 2, bestFrameId: 'f1', bestConfidence: 0.9, box: [0.8, 0.8, 0.1, 0.1] });
  });

  it('closes tracks unseen for longer than the timeout, and a slow worker gets a longer one', () => {
    const t = tracker();
    t.update('f1', T0, [{ label: 'p', confidence: 1, box: [0, 0, 0.1, 0.1] }]);
    expect(t.expire(T0 + 2000)).toEqual([]);
    const closed = t.expire(T0 + 2001);
    expect(closed.map((x) => [x.id, x.closedAt])).toEqual([['t1', T0]]);
    expect(t.openTracks).toEqual([]);

    const slow = tracker();
    for (let i = 0; i < 4; i++) slow.update(`f${i}`, T0 + i * 2000, [{ label: 'p', confidence: 1, box: [0, 0, 0.1, 0.1] }]);
    expect(slow.expire(T0 + 6000 + 9000)).toEqual([]); // 5 intervals of 2 s = 10 s
    expect(slow.expire(T0 + 6000 + 10_001)).toHaveLength(1);
  });
});

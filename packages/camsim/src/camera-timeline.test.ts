import { describe, expect, it } from 'vitest';
import { CameraTimeline, type MediaItem } from './camera-timeline.js';
import { FakeClock, fakeAudio, fakeVideo } from '../test/support/fakes.js';

const rtp = (items: MediaItem[], track: number) => items.filter((i) => i.track === track && !i.rtcp);
const seqs = (items: MediaItem[]) => items.flatMap((i) => [...i.offsets].map((o) => i.data.readUInt16BE(o + 6)));
const stamps = (items: MediaItem[]) => items.map((i) => i.data.readUInt32BE(8));
/** Fixed randomness: SSRC, initial sequence number and timestamp all start mid-range. */
const seq = () => 0.5;

describe('CameraTimeline', () => {
  it('keeps RTP timestamps and sequence numbers continuous across clip loops', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25), undefined, clock, seq);
    clock.t += 1000; // 25 frames: the 10-frame clip loops twice and a half
    const video = rtp(tl.produce(clock.t, { emit: true, withholdKeyframes: false }).items, 0);
    expect(video).toHaveLength(26);
    const ts = stamps(video);
    expect(ts.slice(1).map((t, i) => (t - (ts[i] ?? 0)) >>> 0)).toEqual(Array(25).fill(3600));
    const s = seqs(video);
    expect(s.slice(1).every((v, i) => v === (((s[i] ?? 0) + 1) & 0xffff))).toBe(true);
    expect(video.filter((i) => i.key)).toHaveLength(6);
  });

  it('produces nothing before the next frame is due and everything after, in time order', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25), fakeAudio(50), clock, seq);
    expect(tl.produce(clock.t, { emit: true, withholdKeyframes: false }).items.filter((i) => !i.rtcp)).toHaveLength(2);
    expect(tl.produce(clock.t + 19, { emit: true, withholdKeyframes: false }).items).toHaveLength(0);
    const later = tl.produce(clock.t + 100, { emit: true, withholdKeyframes: false }).items;
    expect(later.map((i) => i.timeMs)).toEqual([...later.map((i) => i.timeMs)].sort((a, b) => a - b));
    expect(rtp(later, 1)).toHaveLength(5);
    expect(rtp(later, 0)).toHaveLength(2);
  });

  it('sends a sender report before the first keyframe with the RTP time of that frame', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25), undefined, clock, seq);
    const items = tl.produce(clock.t, { emit: true, withholdKeyframes: false }).items;
    expect(items.map((i) => i.rtcp)).toEqual([true, false]);
    const sr = items[0]?.data as Buffer;
    expect(sr[1]).toBe(1);
    expect(sr[5]).toBe(200);
    expect(sr.readUInt32BE(4 + 16)).toBe(items[1]?.data.readUInt32BE(8));
    expect(sr.readUInt32BE(4 + 8)).toBe(Math.floor(clock.wallNow() / 1000) + 2_208_988_800);
  });

  it('tells the wall time of frame 0, from which every frame is due at i/fps', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25), undefined, clock, seq);
    expect(tl.startWallMs).toBe(clock.wallNow());
    expect(tl.wallAt(tl.keyframeAtOrAfter(clock.t + 1)) - tl.startWallMs).toBe(1000);
  });

  it('withholds IDR frames but keeps P frames flowing', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25), undefined, clock, seq);
    const items = rtp(tl.produce(clock.t + 400, { emit: true, withholdKeyframes: true }).items, 0);
    expect(items).toHaveLength(8);
    expect(items.some((i) => i.key)).toBe(false);
  });

  it('switches clips at the next keyframe', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25, 320), undefined, clock, seq);
    tl.produce(clock.t + 40, { emit: true, withholdKeyframes: false });
    const other = fakeVideo(10, 5, 25, 160);
    tl.switchVideo(other);
    expect(tl.advertisedVideo).toBe(other);
    expect(tl.currentVideo.width).toBe(320);
    const items = rtp(tl.produce(clock.t + 400, { emit: true, withholdKeyframes: false }).items, 0);
    const firstKey = items.findIndex((i) => i.key);
    expect(firstKey).toBe(3);
    expect(tl.currentVideo).toBe(other);
    // The first packet of the switched-to keyframe carries the new clip's "SPS" (width byte 160).
    expect(items[firstKey]?.data[17]).toBe(160);
  });

  it('skips frames that are more than a second late and reports the gap', () => {
    const clock = new FakeClock();
    const tl = new CameraTimeline(fakeVideo(10, 5, 25), undefined, clock, seq);
    const r = tl.produce(clock.t + 3000, { emit: true, withholdKeyframes: false });
    expect(r.gap).toBe(true);
    expect(rtp(r.items, 0).length).toBeLessThanOrEqual(26);
  });
});

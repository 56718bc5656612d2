import { describe, expect, it } from 'vitest';
import { gapsBetween } from './backfill-gap.js';
import { checkReplayTemplate, replayTime, replayUrl } from './replay-url.js';

const camera = { stream_url: null, address: '192.0.2.10', port: 554, path: '/Streaming/Channels/101', username: 'admin', password: 'p@ss:w/rd' };

describe('replay URLs', () => {
  it('fills the Hikvision default with UTC whole-second times, the camera host and its encoded credentials', () => {
    const from = Date.UTC(2026, 11, 3, 10, 15, 0);
    expect(replayTime(from + 999)).toBe('20261203T101500Z');
    expect(replayUrl(null, camera, from, from + 60_000)).toBe('rtsp://admin:p%40ss%3Aw%2Frd@192.0.2.10:554/Streaming/tracks/101?starttime=20261203T101500Z&endtime=20261203T101600Z');
  });

  it('takes the host from an explicit stream URL and keeps a template without {host} as written', () => {
    const explicit = { ...camera, stream_url: 'rtsp://cam.example:8554/live', username: null, password: null };
    expect(replayUrl('rtsp://{host}/replay?starttime={start}&endtime={end}', explicit, 0, 1000)).toBe('rtsp://cam.example:8554/replay?starttime=19700101T000000Z&endtime=19700101T000001Z');
    expect(replayUrl('rtsp://10.0.0.9/r?s={start}&e={end}', { ...camera, address: null, username: null }, 0, 1000)).toBe('rtsp://10.0.0.9/r?s=19700101T000000Z&e=19700101T000001Z');
    expect(replayUrl(null, { ...camera, address: null }, 0, 1000)).toBeNull();
  });

  it('refuses templates without {start} or {end} or not rtsp', () => {
    expect(() => checkReplayTemplate('rtsp://{host}/r?s={start}')).toThrow('replay_url_template must contain {end}');
    expect(() => checkReplayTemplate('http://{host}/r?s={start}&e={end}')).toThrow('replay_url_template must be an rtsp:// or rtsps:// URL');
  });
});

describe('gapsBetween', () => {
  const s = (start_ms: number, end_ms: number) => ({ start_ms, end_ms });
  it('finds gaps of at least the minimum between recorded spans, not after the last one', () => {
    expect(gapsBetween([s(0, 2000), s(2500, 4000), s(10_000, 12_000), s(12_100, 14_000)], 0, 3000)).toEqual([{ from: 4000, to: 10_000 }]);
  });
  it('counts overlapping segments as recorded and skips gaps that start before `since`', () => {
    expect(gapsBetween([s(0, 8000), s(2000, 4000), s(9000, 10_000)], 0, 1000)).toEqual([{ from: 8000, to: 9000 }]);
    expect(gapsBetween([s(0, 1000), s(5000, 6000), s(9000, 10_000)], 2000, 1000)).toEqual([{ from: 6000, to: 9000 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseClockRange, parseReplayTime, parseReplayUri } from './replay-uri.js';

describe('replay URIs', () => {
  it('parses the span, rate and origin of a replay DESCRIBE', () => {
    expect(parseReplayUri('rtsp://127.0.0.1:8554/gate/replay?starttime=20261203T101500Z&endtime=20261203T101600.5Z&rate=8')).toEqual({
      camera: 'gate',
      track: undefined,
      origin: 'rtsp://127.0.0.1:8554',
      span: { fromMs: Date.UTC(2026, 11, 3, 10, 15, 0), toMs: Date.UTC(2026, 11, 3, 10, 16, 0, 500), rate: 8 },
    });
  });

  it('parses per-track SETUP URLs and leaves live URLs to the live parser', () => {
    expect(parseReplayUri('rtsp://h:1/gate/replay/trackID=1')).toMatchObject({ camera: 'gate', track: 1, span: undefined });
    expect(parseReplayUri('rtsp://h:1/gate')).toBeUndefined();
    expect(parseReplayUri('rtsp://h:1/gate/trackID=0')).toBeUndefined();
  });

  it('says what is wrong with a bad query', () => {
    expect(parseReplayUri('rtsp://h/gate/replay')?.problem).toBe('starttime and endtime are required');
    expect(parseReplayUri('rtsp://h/gate/replay?starttime=2026-12-03&endtime=20261203T101600Z')?.problem).toBe('starttime and endtime must be YYYYMMDDThhmmssZ');
    expect(parseReplayUri('rtsp://h/gate/replay?starttime=20261203T101600Z&endtime=20261203T101500Z')?.problem).toBe('endtime must be after starttime');
    expect(parseReplayTime('20261303T101500Z')).toBeUndefined();
  });

  it('parses ONVIF recording URIs, whose span comes with PLAY', () => {
    expect(parseReplayUri('rtsp://h:1/gate/recording')).toEqual({ camera: 'gate', track: undefined, origin: 'rtsp://h:1', span: undefined, onvif: true });
    expect(parseReplayUri('rtsp://h:1/gate/recording/trackID=0')).toMatchObject({ camera: 'gate', track: 0, onvif: true });
  });

  it('reads PLAY’s Range: clock= and Rate-Control of an ONVIF replay', () => {
    const now = Date.UTC(2026, 11, 3, 11, 0, 0);
    expect(parseClockRange('clock=20261203T101500Z-20261203T101600Z', 'no', now)).toEqual({ fromMs: Date.UTC(2026, 11, 3, 10, 15), toMs: Date.UTC(2026, 11, 3, 10, 16), rate: 0 });
    expect(parseClockRange('clock=20261203T101500.250Z-', undefined, now)).toEqual({ fromMs: Date.UTC(2026, 11, 3, 10, 15, 0, 250), toMs: now, rate: 1 });
    expect(parseClockRange('npt=0-', 'no', now)).toBe('PLAY of a recording needs Range: clock=YYYYMMDDThhmmssZ-[YYYYMMDDThhmmssZ]');
    expect(parseClockRange(undefined, 'no', now)).toBe('PLAY of a recording needs Range: clock=YYYYMMDDThhmmssZ-[YYYYMMDDThhmmssZ]');
    expect(parseClockRange('clock=20261203T101600Z-20261203T101500Z', 'no', now)).toBe('the Range ends before it starts');
  });
});

import { describe, expect, it } from 'vitest';
import { resolveCameraSpec } from './camera-spec.js';
import { videoClipArgs, type VideoClipParams } from './clip-args.js';

const base: VideoClipParams = { width: 640, height: 360, fps: 15, bitrateKbps: 800, seconds: 10, fontFile: '/fonts/Mono.ttf' };
const input = (args: string[]) => args[args.indexOf('-i') + 1];
const filters = (args: string[]) => args[args.indexOf('-vf') + 1];

describe('videoClipArgs', () => {
  it('draws testsrc2 by default, with the clip clock', () => {
    const args = videoClipArgs(base, 'out.h264');
    expect(input(args)).toBe('testsrc2=size=640x360:rate=15:duration=10');
    expect(filters(args)).toBe(
      "noise=alls=16:allf=t,drawtext=fontfile='/fonts/Mono.ttf':text='%{pts\\:hms}  #%{n}':x=13:y=13:fontsize=26:fontcolor=white:box=1:boxcolor=black@0.6",
    );
  });

  it('smptehdbars: SMPTE bars with a block that crosses them once per clip, and a caption at the bottom', () => {
    const args = videoClipArgs({ ...base, pattern: 'smptehdbars', label: 'PARKING' }, 'out.h264');
    expect(input(args)).toBe(
      "smptehdbars=size=640x360:rate=15:duration=10[bg];color=c=white:size=80x120:rate=15[box];[bg][box]overlay=x='(W+w)*t/10-w':y=H/3:shortest=1",
    );
    expect(filters(args)).toContain("drawtext=fontfile='/fonts/Mono.ttf':text='PARKING':x=13:y=h-44:");
  });

  it('draws the wall-clock time a clip starts at, local date and time with the zone', () => {
    const args = videoClipArgs({ ...base, clock: Date.UTC(2026, 11, 2, 18, 2, 21, 250) }, 'out.h264');
    expect(filters(args)).toContain("text='%{pts\\:localtime\\:1796234541.250\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S %Z}':x=13:y=13");
    expect(filters(videoClipArgs({ ...base, clock: 'none' }, 'out.h264'))).toBe('noise=alls=16:allf=t');
  });

  it('draws no caption without a font', () => {
    expect(filters(videoClipArgs({ ...base, fontFile: undefined, label: 'GATE' }, 'out.h264'))).toBe('noise=alls=16:allf=t');
  });
});

describe('resolveCameraSpec: pattern and label', () => {
  it('accepts the known patterns and plain captions, and names the field otherwise', () => {
    expect(resolveCameraSpec({ name: 'a', pattern: 'smptehdbars', label: 'Gate 2' })).toMatchObject({ pattern: 'smptehdbars', label: 'Gate 2' });
    expect(resolveCameraSpec({ name: 'a' })).toMatchObject({ pattern: 'testsrc2', label: undefined });
    // @ts-expect-error a pattern camsim does not have
    expect(() => resolveCameraSpec({ name: 'a', pattern: 'mandelbrot' })).toThrow('camera a: pattern must be one of testsrc2, smptehdbars, got mandelbrot');
    expect(() => resolveCameraSpec({ name: 'a', label: "it's" })).toThrow(/camera a: label must match/);
  });
});

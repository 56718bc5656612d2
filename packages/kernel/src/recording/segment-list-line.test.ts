import { describe, expect, it } from 'vitest';
import { parseSegmentListLine } from './segment-list-line.js';

describe('parseSegmentListLine', () => {
  it('reads name, start and end', () => {
    expect(parseSegmentListLine('/data/recordings/.staging/cam/20261121T051215Z.mp4,4.000000,8.040000\n')).toEqual({
      name: '/data/recordings/.staging/cam/20261121T051215Z.mp4',
      startSec: 4,
      endSec: 8.04,
    });
  });

  it('reads a quoted name', () => {
    expect(parseSegmentListLine('"/a,b/""x"".mp4",0.0,2.5')).toEqual({ name: '/a,b/"x".mp4', startSec: 0, endSec: 2.5 });
  });

  it('ignores lines that are not entries', () => {
    for (const bad of ['', 'hello', 'x.mp4,abc,1', 'x.mp4,5,4', ',1,2']) expect(parseSegmentListLine(bad)).toBeNull();
  });
});

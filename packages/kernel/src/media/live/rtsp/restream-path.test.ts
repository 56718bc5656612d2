import { describe, expect, it } from 'vitest';
import { parseRestreamUri } from './restream-path.js';

describe('restream URIs', () => {
  it.each([
    ['rtsp://127.0.0.1:8554/front', { cameraId: 'front', stream: 'main', track: undefined }],
    ['rtsp://h:8554/front/', { cameraId: 'front', stream: 'main', track: undefined }],
    ['rtsp://h:8554/front/sub', { cameraId: 'front', stream: 'sub', track: undefined }],
    ['rtsp://h:8554/front/trackID=1', { cameraId: 'front', stream: 'main', track: 1 }],
    ['rtsp://h:8554/front/sub/trackID=0', { cameraId: 'front', stream: 'sub', track: 0 }],
    ['/back%20door?x=1', { cameraId: 'back door', stream: 'main', track: undefined }],
  ])('%s', (uri, target) => {
    expect(parseRestreamUri(uri)).toEqual(target);
  });

  it('marks a malformed track suffix NaN and names no camera for *, other schemes or broken escapes', () => {
    expect(parseRestreamUri('rtsp://h/front/video')?.track).toBeNaN();
    expect(parseRestreamUri('rtsp://h/front/sub/trackID=x')?.track).toBeNaN();
    expect(parseRestreamUri('*')).toBeUndefined();
    expect(parseRestreamUri('http://h/front')).toBeUndefined();
    expect(parseRestreamUri('rtsp://h/')).toBeUndefined();
    expect(parseRestreamUri('/%E0%A4%A')).toBeUndefined();
  });
});

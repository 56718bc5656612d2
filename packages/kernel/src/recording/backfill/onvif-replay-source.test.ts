import { describe, expect, it } from 'vitest';
import { NoOnvifRecording, onCameraHost, recordingOf, streamCredentials, type OnvifReplayCamera } from './onvif-replay-source.js';

const camera: OnvifReplayCamera = {
  onvif_url: 'http://10.0.0.5/onvif/device_service',
  stream_url: 'rtsp://10.0.0.5:554/main',
  address: null,
  port: null,
  path: null,
  username: 'viewer',
  password: 'p@ss:w/rd',
};

describe('recordingOf', () => {
  const main = { token: 'rec_main', sourceId: 'vs_1', address: 'rtsp://10.0.0.5:554/main' };
  const sub = { token: 'rec_sub', sourceId: 'vs_1', address: 'rtsp://admin:secret@10.0.0.5:554/sub/' };

  it('takes the only recording, whatever its source address says', () => {
    expect(recordingOf([{ ...sub, address: '' }], camera)).toEqual({ ...sub, address: '' });
  });

  it('takes the recording whose source is the camera’s stream, credentials and a trailing slash aside', () => {
    expect(recordingOf([sub, main], camera).token).toBe('rec_main');
    expect(recordingOf([main, sub], { ...camera, stream_url: 'rtsp://u:p@10.0.0.5:554/sub' }).token).toBe('rec_sub');
  });

  it('says why when none fits', () => {
    expect(() => recordingOf([], camera)).toThrow(new NoOnvifRecording('the camera’s ONVIF device lists no recordings'));
    expect(() => recordingOf([sub, { ...main, token: 'rec_other', address: 'rtsp://10.0.0.6/main' }], camera)).toThrow(
      'the camera’s ONVIF device lists 2 recordings and none has the camera’s stream URL as its source (rec_sub, rec_other)',
    );
  });
});

describe('streamCredentials', () => {
  it('uses the camera’s fields, or the ones written into its stream URL (decoded)', () => {
    expect(streamCredentials(camera)).toEqual({ username: 'viewer', password: 'p@ss:w/rd' });
    expect(streamCredentials({ ...camera, stream_url: 'rtsp://ad%40min:s%3Acret@10.0.0.5/main', username: null, password: null })).toEqual({
      username: 'ad@min',
      password: 's:cret',
    });
    expect(streamCredentials({ ...camera, username: null, password: null })).toEqual({ username: null, password: null });
  });
});

describe('onCameraHost', () => {
  it('moves the reported replay URI onto the camera’s stream host and port, dropping credentials in it', () => {
    expect(onCameraHost('rtsp://admin:x@192.168.1.64:8554/onvif/replay/rec_main', camera)).toBe('rtsp://10.0.0.5:554/onvif/replay/rec_main');
    expect(onCameraHost('rtsp://evil.example/replay', { ...camera, stream_url: null, address: null })).toBe('rtsp://10.0.0.5/replay');
  });

  it('refuses what is not rtsp://', () => {
    expect(() => onCameraHost('http://10.0.0.5/replay', camera)).toThrow('the camera’s ONVIF device gave a replay URI that is not rtsp:// (http://10.0.0.5/replay)');
  });
});

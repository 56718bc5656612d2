import { describe, expect, it } from 'vitest';
import { parseRtspUri } from './rtsp-uri.js';
import { parseTransport } from './transport-header.js';

describe('parseTransport', () => {
  it('takes the interleaved channels of a TCP offer', () => {
    expect(parseTransport('RTP/AVP/TCP;unicast;interleaved=2-3', 0)).toEqual({ rtpChannel: 2, rtcpChannel: 3 });
  });

  it('picks the TCP alternative among several and defaults missing channels', () => {
    expect(parseTransport('RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast', 4)).toEqual({
      rtpChannel: 4,
      rtcpChannel: 5,
    });
  });

  it('returns undefined for UDP-only offers', () => {
    expect(parseTransport('RTP/AVP;unicast;client_port=5000-5001', 0)).toBeUndefined();
    expect(parseTransport('RTP/AVP/UDP;unicast;client_port=5000-5001', 0)).toBeUndefined();
  });
});

describe('parseRtspUri', () => {
  it('resolves camera, track and origin', () => {
    expect(parseRtspUri('rtsp://user:pw@127.0.0.1:8554/cam1/trackID=1')).toEqual({
      camera: 'cam1',
      track: 1,
      origin: 'rtsp://127.0.0.1:8554',
    });
    expect(parseRtspUri('rtsp://127.0.0.1:8554/cam1/')).toEqual({ camera: 'cam1', track: undefined, origin: 'rtsp://127.0.0.1:8554' });
    expect(parseRtspUri('/cam1?x=1')).toEqual({ camera: 'cam1', track: undefined, origin: undefined });
  });

  it('flags unknown sub-paths and ignores * and foreign schemes', () => {
    expect(parseRtspUri('rtsp://h/cam1/other')?.track).toBeNaN();
    expect(parseRtspUri('*')).toBeUndefined();
    expect(parseRtspUri('http://h/cam1')).toBeUndefined();
    expect(parseRtspUri('rtsp://h/')).toBeUndefined();
  });
});

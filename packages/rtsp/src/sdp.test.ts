import { describe, expect, it } from 'vitest';
import { aacFmtp, buildSdp, h264Fmtp } from './sdp.js';

const sps = Buffer.from([0x67, 0x4d, 0x40, 0x1f, 0xda, 0x01]);
const pps = Buffer.from([0x68, 0xef, 0x3c, 0x80]);

describe('SDP', () => {
  it('derives profile-level-id and sprop-parameter-sets from SPS/PPS', () => {
    expect(h264Fmtp(sps, pps)).toBe('packetization-mode=1;profile-level-id=4d401f;sprop-parameter-sets=Z01AH9oB,aO88gA==');
  });

  it('describes H.264 with AAC, one control URL per track', () => {
    const text = buildSdp({
      sessionId: 42,
      version: 1,
      host: '127.0.0.1',
      title: 'camsim cam1',
      tracks: [
        { media: 'video', payloadType: 96, rtpmap: 'H264/90000', fmtp: h264Fmtp(sps, pps), control: 'trackID=0' },
        { media: 'audio', payloadType: 97, rtpmap: 'mpeg4-generic/16000/1', fmtp: aacFmtp('1408'), control: 'trackID=1' },
      ],
    });
    expect(text).toBe(
      [
        'v=0',
        'o=- 42 1 IN IP4 127.0.0.1',
        's=camsim cam1',
        'c=IN IP4 0.0.0.0',
        't=0 0',
        'a=control:*',
        'a=range:npt=0-',
        'm=video 0 RTP/AVP 96',
        'a=rtpmap:96 H264/90000',
        'a=fmtp:96 packetization-mode=1;profile-level-id=4d401f;sprop-parameter-sets=Z01AH9oB,aO88gA==',
        'a=control:trackID=0',
        'm=audio 0 RTP/AVP 97',
        'a=rtpmap:97 mpeg4-generic/16000/1',
        'a=fmtp:97 streamtype=5;profile-level-id=15;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408',
        'a=control:trackID=1',
        '',
      ].join('\r\n'),
    );
  });

  it('describes PCMU with its static payload type and no fmtp', () => {
    const text = buildSdp({
      sessionId: 1,
      version: 2,
      host: '::1',
      title: 't',
      tracks: [{ media: 'audio', payloadType: 0, rtpmap: 'PCMU/8000', control: 'trackID=1' }],
    });
    expect(text).toContain('o=- 1 2 IN IP6 ::1\r\n');
    expect(text).toContain('m=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:trackID=1\r\n');
    expect(text).not.toContain('fmtp');
  });
});

import { describe, expect, it } from 'vitest';
import { recordUrl, type StreamSource } from './camera-url.js';

const none: StreamSource = { stream_url: null, address: null, port: null, path: null, username: null, password: null };

describe('recordUrl', () => {
  it('percent-encodes awkward credentials so they cannot become host or path', () => {
    const url = recordUrl({ ...none, address: '192.168.1.20', port: 554, path: '/Streaming/Channels/101', username: 'ad min', password: 'p@ss:w/rd' });
    expect(url).toBe('rtsp://ad%20min:p%40ss%3Aw%2Frd@192.168.1.20:554/Streaming/Channels/101');
    const parsed = new URL(url!);
    expect(parsed.hostname).toBe('192.168.1.20');
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:w/rd');
    expect(parsed.pathname).toBe('/Streaming/Channels/101');
  });

  it('handles a missing path, port, password and IPv6 hosts', () => {
    expect(recordUrl({ ...none, address: 'cam.local' })).toBe('rtsp://cam.local/');
    expect(recordUrl({ ...none, address: 'cam.local', path: 'live' })).toBe('rtsp://cam.local/live');
    expect(recordUrl({ ...none, address: 'cam.local', username: 'viewer' })).toBe('rtsp://viewer@cam.local/');
    expect(recordUrl({ ...none, address: 'fe80::1', port: 8554 })).toBe('rtsp://[fe80::1]:8554/');
  });

  it('prefers the explicit URL and adds separate credentials only when it has none', () => {
    expect(recordUrl({ ...none, stream_url: 'rtsp://h/x', address: 'other' })).toBe('rtsp://h/x');
    expect(recordUrl({ ...none, stream_url: 'rtsp://h:554/x?a=1', username: 'u', password: 'p@ss' })).toBe('rtsp://u:p%40ss@h:554/x?a=1');
    expect(recordUrl({ ...none, stream_url: 'rtsp://own:pw@h/x', username: 'u', password: 'p' })).toBe('rtsp://own:pw@h/x');
  });

  it('is null without a stream URL or address', () => {
    expect(recordUrl(none)).toBeNull();
  });
});

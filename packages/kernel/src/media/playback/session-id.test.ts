import { describe, expect, it } from 'vitest';
import { isValidSessionId, newSessionId, parseSessionFile } from './session-id.js';

describe('playback session ids', () => {
  it('accepts what we hand out and nothing that could name a path', () => {
    expect(isValidSessionId(newSessionId())).toBe(true);
    expect(newSessionId()).toMatch(/^pbs_[0-9a-f]{32}$/);
    expect(isValidSessionId(`pbs_${'a'.repeat(60)}`)).toBe(true);
    for (const bad of [
      '',
      'pbs_',
      'pbs_../../etc',
      'pbs_a/b',
      '../pbs_x',
      'clip_123',
      'pbs_with.dot',
      'pbs_with_underscore',
      'pbs_a%2fb',
      'pbs_a\0',
      'PBS_abc',
      '/pbs_abc',
      `pbs_${'a'.repeat(61)}`,
    ]) {
      expect(isValidSessionId(bad), bad).toBe(false);
    }
  });

  it('knows the playlist and segment files, nothing else', () => {
    expect(parseSessionFile('index.m3u8')).toEqual({ kind: 'playlist' });
    expect(parseSessionFile('42.mp4')).toEqual({ kind: 'segment', segmentId: 42 });
    for (const bad of ['0.mp4', '042.mp4', '1.mp4.m3u8', '../1.mp4', 'index.m3u8/..', '1e3.mp4', `${'9'.repeat(16)}.mp4`, 'session.json', '']) {
      expect(parseSessionFile(bad), bad).toBeNull();
    }
  });
});

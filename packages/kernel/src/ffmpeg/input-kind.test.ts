import { describe, expect, it } from 'vitest';
import { inputKindOf } from './input-kind.js';

describe('inputKindOf', () => {
  it('derives the kind from the scheme, and refuses protocols that are not cameras or files', () => {
    expect(inputKindOf('rtsp://a/b')).toBe('rtsp');
    expect(inputKindOf('RTSPS://a/b')).toBe('rtsp');
    expect(inputKindOf('http://a/b')).toBe('http');
    expect(inputKindOf('https://a/b')).toBe('http');
    expect(inputKindOf('/srv/a.mp4')).toBe('file');
    expect(inputKindOf('clips/a.mp4')).toBe('file');
    expect(inputKindOf('file:///srv/a.mp4')).toBe('file');
    expect(() => inputKindOf('pipe:0')).toThrow(/unsupported input "pipe:"/);
    expect(() => inputKindOf('concat:a.mp4|b.mp4')).toThrow(/unsupported/);
    expect(() => inputKindOf('-')).toThrow(/stdin/);
  });
});

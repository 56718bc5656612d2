import { afterEach, describe, expect, it, vi } from 'vitest';
import { canPlayLive, MediaBuffer, mediaSourceClass, type MediaSourceClass } from '../src/live/media-buffer.js';

/** A stand-in for a browser's MediaSource class: remembers its instances, supports what `supported` lists. */
function fakeSourceClass(name: string, supported: readonly string[]): MediaSourceClass & { made: unknown[] } {
  const made: unknown[] = [];
  const Fake = class {
    readonly kind = name;
    readonly listeners: string[] = [];
    constructor() {
      made.push(this);
    }
    addEventListener(type: string): void {
      this.listeners.push(type);
    }
    static isTypeSupported(type: string): boolean {
      return supported.includes(type);
    }
    static made = made;
  };
  return Fake as unknown as MediaSourceClass & { made: unknown[] };
}

const MIME = 'video/mp4; codecs="avc1.64001f"';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('live player: MediaSource or ManagedMediaSource', () => {
  it('takes ManagedMediaSource when MediaSource is absent (iOS Safari), MediaSource elsewhere, nothing without MSE', () => {
    const Managed = fakeSourceClass('managed', [MIME]);
    const Plain = fakeSourceClass('plain', [MIME]);
    expect(mediaSourceClass({ ManagedMediaSource: Managed })).toBe(Managed);
    expect(mediaSourceClass({ MediaSource: Plain })).toBe(Plain);
    // Safari on a Mac has both: the managed one, as Apple advises.
    expect(mediaSourceClass({ ManagedMediaSource: Managed, MediaSource: Plain })).toBe(Managed);
    expect(mediaSourceClass({})).toBeNull();
  });

  it('asks the chosen class whether the stream can play', () => {
    vi.stubGlobal('window', { ManagedMediaSource: fakeSourceClass('managed', [MIME]) });
    expect(canPlayLive(MIME)).toBe(true);
    expect(canPlayLive('video/mp4; codecs="hev1.1.6.L93.B0"')).toBe(false);
    vi.stubGlobal('window', {});
    expect(canPlayLive(MIME)).toBe(false);
  });

  it('plays through ManagedMediaSource on a video with remote playback off, as Apple requires', () => {
    const Managed = fakeSourceClass('managed', [MIME]);
    vi.stubGlobal('window', { ManagedMediaSource: Managed });
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:live-1');
    const video = { disableRemotePlayback: false, src: '' } as unknown as HTMLVideoElement;

    new MediaBuffer(video, MIME, () => undefined, () => undefined);

    expect(Managed.made).toHaveLength(1);
    expect(createObjectURL).toHaveBeenCalledWith(Managed.made[0]);
    expect(video.disableRemotePlayback).toBe(true);
    expect(video.src).toBe('blob:live-1');
    expect((Managed.made[0] as { listeners: string[] }).listeners).toEqual(['sourceopen']);
  });

  it('without any MSE the player says so instead of failing later', () => {
    vi.stubGlobal('window', {});
    const video = { disableRemotePlayback: false, src: '' } as unknown as HTMLVideoElement;
    expect(() => new MediaBuffer(video, MIME, () => undefined, () => undefined)).toThrow('no Media Source Extensions');
  });
});

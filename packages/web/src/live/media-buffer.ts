/**
 * One MediaSource with one SourceBuffer fed by appends in order: an append waits while the buffer
 * is updating (MSE refuses overlapping operations), and the played part behind the current time is
 * removed so memory stays flat however long a tile plays.
 *
 * iOS Safari (17.1+) has no MediaSource, only ManagedMediaSource (which may also free buffered
 * media itself); it is used where it exists, MediaSource elsewhere. Not tried on a real iPhone yet:
 * the selection and the video setup Apple requires are unit-tested only (test/live-media-source.test.ts).
 */

/** Seconds kept behind the current time (for a short look back; the rest is removed). */
export const KEEP_BEHIND_S = 10;

export interface MediaSourceClass {
  new (): MediaSource;
  isTypeSupported(type: string): boolean;
}

/** The globals the choice looks at (a window; tests pass their own). */
export interface MediaSourceScope {
  ManagedMediaSource?: MediaSourceClass;
  MediaSource?: MediaSourceClass;
}

/**
 * ManagedMediaSource where the browser has it (Safari 17.1+, the only kind on iOS; Apple's choice
 * where both exist, as it lets the browser save power and memory), else MediaSource; null without MSE.
 */
export function mediaSourceClass(scope: MediaSourceScope = window as unknown as MediaSourceScope): MediaSourceClass | null {
  return scope.ManagedMediaSource ?? scope.MediaSource ?? null;
}

/** Whether this browser can play `mime` live (MSE or ManagedMediaSource). */
export function canPlayLive(mime: string): boolean {
  const Source = mediaSourceClass();
  return Source !== null && Source.isTypeSupported(mime);
}

export class MediaBuffer {
  private readonly source: MediaSource;
  private readonly url: string;
  private sourceBuffer: SourceBuffer | null = null;
  private readonly queue: ArrayBuffer[] = [];
  private closed = false;

  /** Attaches a new MediaSource to `video`; `onError` gets append failures (the stream cannot go on). */
  constructor(
    private readonly video: HTMLVideoElement,
    private readonly mime: string,
    private readonly onAppended: () => void,
    private readonly onError: (message: string) => void,
  ) {
    const Source = mediaSourceClass();
    if (!Source) throw new Error('This browser cannot play live video (no Media Source Extensions).');
    this.source = new Source();
    // ManagedMediaSource plays only with remote playback (AirPlay) off or an alternative source
    // given; live view has no AirPlay source, so it is off (for MediaSource too: nothing to cast).
    video.disableRemotePlayback = true;
    this.url = URL.createObjectURL(this.source);
    this.source.addEventListener('sourceopen', this.open, { once: true });
    video.src = this.url;
  }

  private readonly open = () => {
    if (this.closed) return;
    try {
      const sb = this.source.addSourceBuffer(this.mime);
      // Fragments carry their decode times: keep them, so the `sync` times map onto currentTime.
      sb.mode = 'segments';
      sb.addEventListener('updateend', this.pump);
      this.sourceBuffer = sb;
      this.pump();
    } catch (e: unknown) {
      this.onError(`The live stream's format (${this.mime}) cannot be played here: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  /** Queues bytes (init segment or fragment) for appending in order. */
  append(data: ArrayBuffer): void {
    if (this.closed) return;
    this.queue.push(data);
    this.pump();
  }

  /** Buffered ranges as [start, end] seconds. */
  ranges(): [number, number][] {
    const sb = this.sourceBuffer;
    if (!sb || this.source.readyState !== 'open') return [];
    const out: [number, number][] = [];
    for (let i = 0; i < sb.buffered.length; i++) out.push([sb.buffered.start(i), sb.buffered.end(i)]);
    return out;
  }

  private readonly pump = () => {
    const sb = this.sourceBuffer;
    if (this.closed || !sb || sb.updating || this.source.readyState !== 'open') return;
    const start = sb.buffered.length > 0 ? sb.buffered.start(0) : 0;
    const trimTo = this.video.currentTime - KEEP_BEHIND_S;
    if (sb.buffered.length > 0 && trimTo - start > 1) {
      // One operation at a time: the append continues on this remove's updateend.
      sb.remove(0, trimTo);
      return;
    }
    const next = this.queue.shift();
    if (!next) {
      this.onAppended();
      return;
    }
    try {
      sb.appendBuffer(next);
    } catch (e: unknown) {
      if (e instanceof DOMException && e.name === 'QuotaExceededError') {
        // Full (a tab in the background kept receiving): drop what is queued, free all but the last
        // second played; the catch-up moves to the next keyframe that arrives.
        this.queue.length = 0;
        if (this.video.currentTime > 1) sb.remove(0, this.video.currentTime - 1);
        return;
      }
      this.onError(`The live stream could not be played: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  /** Detaches from the video and frees the MediaSource. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.sourceBuffer?.removeEventListener('updateend', this.pump);
    URL.revokeObjectURL(this.url);
    if (this.video.src === this.url) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }
}

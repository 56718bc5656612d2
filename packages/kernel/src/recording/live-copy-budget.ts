import type { LiveRunFacts, LiveSink, LiveSourceKind, LiveStreamName, LiveTap } from './live-sink.js';

/** What a recorder opens its runs' live taps on: null means this run writes no live copy. */
export interface RecorderLiveSink {
  open(cameraId: string, stream: LiveStreamName, source: LiveSourceKind, facts?: LiveRunFacts): LiveTap | null;
}

/**
 * At most `max` recorder runs on this node write a live copy at once. A live copy costs Heldar's
 * process every frame of the camera whether anyone watches or not (a pipe read per frame, the GOP
 * kept for an instant start): on a node with hundreds of cameras the copies alone would outweigh
 * the recording. A run past the limit writes none; live view of its camera then starts a live-only
 * stream for its viewers (a second camera connection while watched), as for a camera that is not
 * recording. Ending a tap frees its place for the next run that starts.
 */
export class LiveCopyBudget implements RecorderLiveSink {
  private taken = 0;

  constructor(
    private readonly sink: LiveSink,
    readonly max: number,
  ) {}

  open(cameraId: string, stream: LiveStreamName, source: LiveSourceKind, facts?: LiveRunFacts): LiveTap | null {
    if (this.taken >= this.max) return null;
    this.taken += 1;
    const tap = this.sink.open(cameraId, stream, source, facts);
    let ended = false;
    return {
      write: (chunk) => tap.write(chunk),
      end: () => {
        if (ended) return;
        ended = true;
        this.taken -= 1;
        tap.end();
      },
    };
  }

  /** Live copies being written now. */
  inUse(): number {
    return this.taken;
  }
}

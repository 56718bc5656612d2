import type { LiveSink } from '../../src/recording/live-sink.js';

/** One live tap as a test sink saw it: `<camera>/<stream>/<source>`, its bytes, whether it ended. */
export interface CollectedTap {
  key: string;
  chunks: Buffer[];
  ended: boolean;
}

/** A LiveSink that keeps every tap it is asked to open, in order, for a test to read back. */
export function collectingSink(): { sink: LiveSink; taps: CollectedTap[] } {
  const taps: CollectedTap[] = [];
  return {
    taps,
    sink: {
      open(cameraId, stream, source) {
        const tap: CollectedTap = { key: `${cameraId}/${stream}/${source}`, chunks: [], ended: false };
        taps.push(tap);
        return { write: (c) => void tap.chunks.push(c), end: () => void (tap.ended = true) };
      },
    },
  };
}

/** Test support: stream infos and fragments as a hub would hand them to the packager. */

import type { LiveFragment, LiveStreamInfo } from '../live-types.js';

export const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);

export function streamInfo(generation: number): LiveStreamInfo {
  return {
    generation,
    mime: 'video/mp4; codecs="avc1.64001f"',
    codecs: 'avc1.64001f',
    video: { codec: 'avc1.64001f', width: 640, height: 360, timescale: 12800 },
    audio: null,
    init: Buffer.from(`init-${generation}`),
  };
}

/** A feeder of 200 ms fragments with a keyframe every `gop` fragments. */
export function feeder(window: { add(f: LiveFragment): void }, generation = 1, gop = 5, durationMs = 200) {
  let sequence = 0;
  let decode = 0;
  return (count: number) => {
    for (let i = 0; i < count; i++, sequence++) {
      decode += durationMs;
      window.add({
        generation,
        sequence,
        keyframe: sequence % gop === 0,
        decodeTimeMs: decode - durationMs,
        durationMs,
        receivedAt: T0 + decode,
        data: Buffer.from(`g${generation}f${sequence}`),
      });
    }
  };
}


/**
 * Where an ffmpeg that reads a camera hands its live copy. The recorder (and the event camera's
 * pre-roll stream, the sampler on a sub-stream, an on-demand live-only run) adds a second output to
 * its ffmpeg: the same stream copy as fragmented MP4 on a pipe. The bytes go to a LiveTap opened for
 * that run; media/live/ turns them into init segment + fragments and fans them out to viewers.
 *
 * Defined here, in the recording layer, because the recorder writes to it; the media layer
 * implements it (the live hubs) and the composition root passes it in. The contract that keeps
 * recording safe: `write` never throws and never blocks, so the pipe is always drained and ffmpeg
 * never waits on a viewer.
 */

export type LiveStreamName = 'main' | 'sub';

/** What feeds a hub: the recorder's own run, the event camera's pre-roll run, the sampler, or a live-only run. */
export type LiveSourceKind = 'recorder' | 'sampler' | 'on-demand';

/** One ffmpeg run's live output. */
export interface LiveTap {
  /** Raw bytes of the live output pipe, in order. Must not throw or block. */
  write(chunk: Buffer): void;
  /** The run ended (ffmpeg exited or was stopped); the next run opens a new tap. */
  end(): void;
}

/** What a run knows about its live copy that the bytes cannot say. */
export interface LiveRunFacts {
  /**
   * The camera's audio codec (ffmpeg's name, e.g. `pcm_mulaw`) that this run leaves out because MP4
   * cannot carry it (G.711): viewers are told why there is no sound.
   */
  audioLeftOut?: string | undefined;
}

export interface LiveSink {
  /** A run of `source` starts feeding `stream` of camera `cameraId`. */
  open(cameraId: string, stream: LiveStreamName, source: LiveSourceKind, facts?: LiveRunFacts): LiveTap;
}

/** For kernels and tests without live view: drains and drops. */
export const DISCARD_LIVE_SINK: LiveSink = {
  open: () => ({ write: () => undefined, end: () => undefined }),
};

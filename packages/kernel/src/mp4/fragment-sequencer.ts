import type { Fragment } from './fragment-index.js';
import type { InitInfo } from './init-segment.js';
import type { MoofRewrite } from './fragment-rewrite.js';

/**
 * Plans the moof rewrites that make fragments taken from consecutive segment files play as one stream:
 * sequence numbers run 1, 2, 3… and decode times continue across file boundaries.
 *
 * Every segment file restarts all its tracks at decode time 0 (-reset_timestamps 1 plus the mp4
 * muxer's shift to zero), so the original audio/video offset at a cut is lost already. The plan anchors
 * each file on its reference (video) track — it starts exactly where the previous file's video ended —
 * and moves the other tracks by the same wall-clock amount, but never earlier than where that track
 * ended: an overlap would make decode times go backwards, while a small gap is harmless. Audio therefore
 * drifts by at most the previous file's audio overhang at each join and never accumulates.
 *
 * Usage: beginFile(init) before the first fragment taken from each file, then next(fragment) for each
 * fragment in order, passing the result to rewriteMoof. A file's shifts are fixed by the first fragment
 * taken from it (the first decode time of the prft's reference track, an ISO BMFF term, sets the
 * file's shift; each other track is placed when it first appears), so fragments can be indexed as
 * they are read.
 */
export class FragmentSequencer {
  private sequence = 0;
  /** Output decode time where each track ended so far. */
  private readonly trackEnds = new Map<number, number>();
  /** The current file's shift per track, once the track has been met in it. */
  private shifts = new Map<number, number>();
  private timescales = new Map<number, number>();
  private referenceId = 0;
  /** Seconds added to the current file's timeline; undefined until its reference track is met. */
  private shiftSeconds: number | undefined;

  /** Starts a file: the fragments passed to next() from now on come from the file `init` describes. */
  beginFile(init: Pick<InitInfo, 'tracks' | 'referenceTrackId'>): void {
    this.timescales = new Map(init.tracks.map((t) => [t.trackId, t.timescale]));
    this.referenceId = init.referenceTrackId;
    this.shifts = new Map();
    this.shiftSeconds = undefined;
  }

  /** The rewrite for the next fragment of the current file. */
  next(fragment: Fragment): MoofRewrite {
    this.sequence += 1;
    const reference = fragment.tracks.find((t) => t.trackId === this.referenceId);
    if (this.shiftSeconds === undefined && reference !== undefined) {
      // The file starts exactly where the previous file's video ended.
      this.shiftSeconds = ((this.trackEnds.get(this.referenceId) ?? 0) - reference.decodeTime) / this.scale(this.referenceId);
    }
    const decodeTimes = new Map<number, number>();
    for (const traf of fragment.tracks) {
      let shift = this.shifts.get(traf.trackId);
      if (shift === undefined) {
        const end = this.trackEnds.get(traf.trackId) ?? 0;
        const wanted = this.shiftSeconds === undefined ? end - traf.decodeTime : Math.round(this.shiftSeconds * this.scale(traf.trackId));
        // Never earlier than where the track ended: decode times must not go backwards.
        shift = Math.max(wanted, end - traf.decodeTime);
        this.shifts.set(traf.trackId, shift);
      }
      const time = traf.decodeTime + shift;
      decodeTimes.set(traf.trackId, time);
      this.trackEnds.set(traf.trackId, time + traf.duration);
    }
    return { sequenceNumber: this.sequence, decodeTimes };
  }

  private scale(trackId: number): number {
    return this.timescales.get(trackId) ?? 1;
  }
}

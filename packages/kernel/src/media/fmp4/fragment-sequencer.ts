import type { Fragment, FragmentIndex } from './fragment-index.js';
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
 * Usage: beginFile(index) before the first fragment taken from each file, then next(fragment) for each
 * fragment in order, passing the result to rewriteMoof.
 */
export class FragmentSequencer {
  private sequence = 0;
  /** Output decode time where each track ended so far. */
  private readonly trackEnds = new Map<number, number>();
  private shifts = new Map<number, number>();

  /**
   * Starts a file. `from` is the first fragment that will be passed to next() (default 0), so a clip
   * starting mid-file lines up that fragment rather than the file's first one.
   */
  beginFile(index: Pick<FragmentIndex, 'init' | 'fragments'>, from = 0): void {
    const firsts = new Map<number, number>();
    for (const fragment of index.fragments.slice(from)) {
      for (const traf of fragment.tracks) if (!firsts.has(traf.trackId)) firsts.set(traf.trackId, traf.decodeTime);
    }
    const timescales = new Map(index.init.tracks.map((t) => [t.trackId, t.timescale]));
    const referenceId = index.init.referenceTrackId;
    const referenceFirst = firsts.get(referenceId);
    const referenceScale = timescales.get(referenceId) ?? 1;
    // Seconds to add to this file's timeline; undefined when the file has no reference track samples.
    const shiftSeconds =
      referenceFirst === undefined ? undefined : ((this.trackEnds.get(referenceId) ?? 0) - referenceFirst) / referenceScale;
    this.shifts = new Map();
    for (const [trackId, first] of firsts) {
      const end = this.trackEnds.get(trackId) ?? 0;
      const wanted = shiftSeconds === undefined ? end - first : Math.round(shiftSeconds * (timescales.get(trackId) ?? 1));
      this.shifts.set(trackId, Math.max(wanted, end - first));
    }
  }

  /** The rewrite for the next fragment of the current file. */
  next(fragment: Fragment): MoofRewrite {
    this.sequence += 1;
    const decodeTimes = new Map<number, number>();
    for (const traf of fragment.tracks) {
      const time = traf.decodeTime + (this.shifts.get(traf.trackId) ?? 0);
      decodeTimes.set(traf.trackId, time);
      this.trackEnds.set(traf.trackId, time + traf.duration);
    }
    return { sequenceNumber: this.sequence, decodeTimes };
  }
}

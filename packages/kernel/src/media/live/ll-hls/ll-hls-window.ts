/**
 * The LL-HLS sliding window of one camera stream: the hub's fragments grouped into parts (partial
 * segments) and segments, numbered with media sequence numbers, the last few kept. Pure state, fed by
 * the packager (a LiveViewer) and read by the playlist renderer and the media routes; no timers, no I/O.
 */

import type { LiveFragment, LiveStreamInfo } from '../live-types.js';

export interface LlHlsWindowSettings {
  /** Complete segments kept (and listed); older ones are dropped. */
  keepSegments: number;
  /** A part is closed once it holds at least this much media (a fragment or a few of them). */
  minPartMs: number;
  /** A keyframe starts a new segment only once the current one holds at least this much (short GOPs are grouped). */
  minSegmentMs: number;
  /** A segment without a keyframe in sight is cut at a part boundary here (long GOPs, the cap of the target duration). */
  maxSegmentMs: number;
}

export const DEFAULT_WINDOW_SETTINGS: LlHlsWindowSettings = { keepSegments: 6, minPartMs: 200, minSegmentMs: 1000, maxSegmentMs: 4000 };

export interface LlHlsPart {
  /** Index within its segment, from 0. */
  index: number;
  durationMs: number;
  /** Starts with a keyframe: a player may start decoding here. */
  independent: boolean;
  /** moof + mdat of each fragment, in order. */
  data: Buffer[];
}

export interface LlHlsSegment {
  msn: number;
  /** Which init segment (EXT-X-MAP) the segment's fragments need. */
  generation: number;
  /** The previous segment is of another ffmpeg run, or fragments were lost between them. */
  discontinuity: boolean;
  /** Wall clock of the segment's first frame (UTC ms): its first fragment's arrival minus its duration. */
  startedAt: number;
  parts: LlHlsPart[];
  /** Closed: no more parts come; listed as a whole segment. */
  complete: boolean;
}

/** An open part in the making (not yet listed). */
interface OpenPart {
  durationMs: number;
  independent: boolean;
  data: Buffer[];
}

export class LlHlsWindow {
  private readonly inits = new Map<number, LiveStreamInfo>();
  private readonly list: LlHlsSegment[] = [];
  private open: OpenPart | null = null;
  private nextMsn: number;
  /** Discontinuities that slid out of the window (EXT-X-DISCONTINUITY-SEQUENCE). */
  private droppedDiscontinuities = 0;
  private pendingDiscontinuity = false;
  private generation: number | null = null;
  private longestSegmentMs = 0;
  private longestPartMs = 0;
  /** Bumped on every change, so waiters can tell something happened. */
  private version = 0;

  constructor(
    private readonly settings: LlHlsWindowSettings = DEFAULT_WINDOW_SETTINGS,
    firstMsn = 0,
  ) {
    this.nextMsn = firstMsn;
  }

  /** A stream (re)starts: later fragments belong to `info.generation` and need its init segment. */
  start(info: LiveStreamInfo): void {
    if (this.generation === info.generation) return;
    this.closeSegment();
    if (this.generation !== null) this.pendingDiscontinuity = true;
    this.generation = info.generation;
    this.inits.set(info.generation, info);
    this.changed();
  }

  /** The hub dropped fragments toward this viewer: the media has a hole, the next segment says so. */
  skipped(): void {
    this.closeSegment();
    this.pendingDiscontinuity = true;
    this.changed();
  }

  add(fragment: LiveFragment): void {
    if (this.generation !== fragment.generation) return; // of a run whose start() never came: nothing can decode it
    let current = this.list.at(-1);
    if (current !== undefined && !current.complete) {
      const held = segmentDurationMs(current) + (this.open?.durationMs ?? 0);
      if ((fragment.keyframe && held >= this.settings.minSegmentMs) || held >= this.settings.maxSegmentMs) {
        this.closeSegment();
        current = undefined;
      }
    }
    if (current === undefined || current.complete) {
      // A segment opens with a keyframe; without one (a stream joined mid-GOP) its fragments cannot decode.
      if (current === undefined && !fragment.keyframe && this.list.length === 0) return;
      current = {
        msn: this.nextMsn++,
        generation: fragment.generation,
        discontinuity: this.pendingDiscontinuity,
        startedAt: fragment.receivedAt - fragment.durationMs,
        parts: [],
        complete: false,
      };
      this.pendingDiscontinuity = false;
      this.list.push(current);
    }
    this.open ??= { durationMs: 0, independent: fragment.keyframe, data: [] };
    this.open.durationMs += fragment.durationMs;
    this.open.data.push(fragment.data);
    if (this.open.durationMs >= this.settings.minPartMs) this.closePart(current);
    this.trim();
    this.changed();
  }

  /** Closes the open part and segment (the source ended): everything received becomes listable. */
  flush(): void {
    this.closeSegment();
    this.changed();
  }

  segments(): readonly LlHlsSegment[] {
    return this.list;
  }

  init(generation: number): LiveStreamInfo | undefined {
    return this.inits.get(generation);
  }

  discontinuitySequence(): number {
    return this.droppedDiscontinuities;
  }

  /** The longest segment seen (ms): EXT-X-TARGETDURATION never shrinks below it. */
  longestSegment(): number {
    return this.longestSegmentMs;
  }

  /** The longest part seen (ms): PART-TARGET never shrinks below it. */
  longestPart(): number {
    return this.longestPartMs;
  }

  changeCount(): number {
    return this.version;
  }

  /** The media sequence number the next segment will get. */
  upcomingMsn(): number {
    return this.nextMsn;
  }

  segment(msn: number): LlHlsSegment | undefined {
    const first = this.list[0];
    if (first === undefined) return undefined;
    return this.list[msn - first.msn];
  }

  private closePart(segment: LlHlsSegment): void {
    if (this.open === null) return;
    segment.parts.push({ index: segment.parts.length, ...this.open });
    this.longestPartMs = Math.max(this.longestPartMs, this.open.durationMs);
    this.open = null;
  }

  private closeSegment(): void {
    const current = this.list.at(-1);
    if (current === undefined || current.complete) return;
    this.closePart(current);
    current.complete = true;
    if (current.parts.length === 0) this.list.pop(); // nothing arrived for it
    else this.longestSegmentMs = Math.max(this.longestSegmentMs, segmentDurationMs(current));
  }

  private trim(): void {
    const complete = this.list.filter((s) => s.complete).length;
    for (let excess = complete - this.settings.keepSegments; excess > 0; excess--) {
      const gone = this.list.shift();
      if (gone?.discontinuity === true) this.droppedDiscontinuities++;
      if (gone !== undefined && !this.list.some((s) => s.generation === gone.generation) && gone.generation !== this.generation) {
        this.inits.delete(gone.generation);
      }
    }
  }

  private changed(): void {
    this.version++;
  }
}

export function segmentDurationMs(segment: LlHlsSegment): number {
  return segment.parts.reduce((sum, p) => sum + p.durationMs, 0);
}

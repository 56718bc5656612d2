import { iou, type Box } from './geometry.js';

/** One detection as the tracker sees it (already validated). */
export interface TrackInput {
  label: string;
  confidence: number;
  box: Box;
  track_id?: string;
}

/** A track: one object followed over frames. Times are frame capture times (UTC ms). */
export interface Track {
  id: string;
  cameraId: string;
  /** The worker name (group) whose detections build it. */
  worker: string;
  label: string;
  externalId: string | null;
  firstSeen: number;
  lastSeen: number;
  detections: number;
  box: Box;
  confidence: number;
  bestFrameId: string;
  bestConfidence: number;
  bestBox: Box;
  bestAt: number;
  closedAt: number | null;
}

export interface TrackerOptions {
  /** Minimum overlap for a box to continue a track without a worker-given id. */
  iouThreshold: number;
  /** A track unseen this long is closed… */
  lostAfterMs: number;
  /** …or, for slow workers, this many of its frame intervals (whichever is longer). */
  lostAfterFrames: number;
}

export const DEFAULT_TRACKER_OPTIONS: Readonly<TrackerOptions> = Object.freeze({ iouThreshold: 0.3, lostAfterMs: 2000, lostAfterFrames: 5 });

/**
 * Builds tracks from one worker's detections on one camera. A detection with a `track_id` continues
 * that id's track; one without is matched greedily to the open track of the same label it overlaps
 * most (IoU ≥ threshold, each track at most once per frame), else starts a new track.
 */
export class Tracker {
  private readonly open = new Map<string, Track>();
  private readonly byExternal = new Map<string, Track>();
  private lastFrameAt: number | null = null;
  /** Smoothed interval between this worker's frames, for the lost-track timeout. */
  private frameIntervalMs = 0;

  constructor(
    readonly cameraId: string,
    readonly worker: string,
    private readonly newId: () => string,
    private readonly options: Readonly<TrackerOptions> = DEFAULT_TRACKER_OPTIONS,
  ) {}

  get openTracks(): readonly Track[] {
    return [...this.open.values()];
  }

  /** Assigns each detection of a frame to a track; returns the tracks in detection order. */
  update(frameId: string, at: number, detections: readonly TrackInput[]): Track[] {
    if (this.lastFrameAt !== null && at > this.lastFrameAt) {
      const interval = at - this.lastFrameAt;
      this.frameIntervalMs = this.frameIntervalMs === 0 ? interval : this.frameIntervalMs * 0.8 + interval * 0.2;
    }
    this.lastFrameAt = this.lastFrameAt === null ? at : Math.max(this.lastFrameAt, at);

    const result: (Track | undefined)[] = new Array<Track | undefined>(detections.length);
    const used = new Set<Track>();
    const unmatched: number[] = [];
    detections.forEach((d, i) => {
      if (d.track_id === undefined) {
        unmatched.push(i);
        return;
      }
      let track = this.byExternal.get(d.track_id);
      if (!track) {
        track = this.start(d, frameId, at, d.track_id);
        this.byExternal.set(d.track_id, track);
      } else {
        this.extend(track, d, frameId, at);
      }
      used.add(track);
      result[i] = track;
    });

    if (unmatched.length > 0) {
      const candidates = [...this.open.values()].filter((t) => t.externalId === null);
      const pairs: { i: number; track: Track; overlap: number }[] = [];
      for (const i of unmatched) {
        const d = detections[i] as TrackInput;
        for (const track of candidates) {
          if (track.label !== d.label) continue;
          const overlap = iou(track.box, d.box);
          if (overlap >= this.options.iouThreshold) pairs.push({ i, track, overlap });
        }
      }
      pairs.sort((a, b) => b.overlap - a.overlap);
      for (const { i, track } of pairs) {
        if (result[i] !== undefined || used.has(track)) continue;
        this.extend(track, detections[i] as TrackInput, frameId, at);
        used.add(track);
        result[i] = track;
      }
      for (const i of unmatched) {
        if (result[i] === undefined) result[i] = this.start(detections[i] as TrackInput, frameId, at, null);
      }
    }
    return result as Track[];
  }

  /** Closes the tracks unseen for too long at `now`; returns them (closedAt set). */
  expire(now: number): Track[] {
    const limit = Math.max(this.options.lostAfterMs, this.options.lostAfterFrames * this.frameIntervalMs);
    const closed: Track[] = [];
    for (const track of this.open.values()) {
      if (now - track.lastSeen <= limit) continue;
      track.closedAt = track.lastSeen;
      this.open.delete(track.id);
      if (track.externalId !== null && this.byExternal.get(track.externalId) === track) this.byExternal.delete(track.externalId);
      closed.push(track);
    }
    return closed;
  }

  /** Closes every open track (shutdown). */
  closeAll(): Track[] {
    return this.expire(Number.POSITIVE_INFINITY);
  }

  private start(d: TrackInput, frameId: string, at: number, externalId: string | null): Track {
    const track: Track = {
      id: this.newId(),
      cameraId: this.cameraId,
      worker: this.worker,
      label: d.label,
      externalId,
      firstSeen: at,
      lastSeen: at,
      detections: 1,
      box: d.box,
      confidence: d.confidence,
      bestFrameId: frameId,
      bestConfidence: d.confidence,
      bestBox: d.box,
      bestAt: at,
      closedAt: null,
    };
    this.open.set(track.id, track);
    return track;
  }

  private extend(track: Track, d: TrackInput, frameId: string, at: number): void {
    track.detections += 1;
    track.firstSeen = Math.min(track.firstSeen, at);
    if (at >= track.lastSeen) {
      track.lastSeen = at;
      track.box = d.box;
      track.confidence = d.confidence;
    }
    if (d.confidence > track.bestConfidence) {
      track.bestConfidence = d.confidence;
      track.bestFrameId = frameId;
      track.bestBox = d.box;
      track.bestAt = at;
      // A worker's classifier may settle on a better label later; the track takes its best one.
      track.label = d.label;
    }
  }
}

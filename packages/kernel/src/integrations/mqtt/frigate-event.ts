import type { Track } from '../../perception/tracker.js';

/**
 * A tracked object as Frigate describes it on `frigate/events`, so Home Assistant automations written
 * for Frigate read Heldar's too. Times are Unix seconds (Frigate's unit); `box` is Heldar's normalised
 * [x1, y1, x2, y2] (0..1), not pixels.
 */
export interface FrigateObject {
  id: string;
  camera: string;
  label: string;
  sub_label: null;
  score: number;
  top_score: number;
  start_time: number;
  end_time: number | null;
  box: [number, number, number, number];
  current_zones: string[];
  entered_zones: string[];
  stationary: boolean;
  false_positive: boolean;
  has_snapshot: boolean;
  has_clip: boolean;
}

export interface FrigateEvent {
  type: 'new' | 'update' | 'end';
  before: FrigateObject;
  after: FrigateObject;
}

export function frigateObject(track: Readonly<Track>, zones: { current: readonly string[]; entered: readonly string[] }): FrigateObject {
  const [x, y, w, h] = track.box;
  return {
    id: track.id,
    camera: track.cameraId,
    label: track.label,
    sub_label: null,
    score: round(track.confidence),
    top_score: round(track.bestConfidence),
    start_time: track.firstSeen / 1000,
    end_time: track.closedAt === null ? null : track.closedAt / 1000,
    box: [round(x), round(y), round(x + w), round(y + h)],
    current_zones: [...zones.current],
    entered_zones: [...zones.entered],
    stationary: false,
    false_positive: false,
    has_snapshot: false,
    has_clip: false,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

import type { ZoneKind } from '../db/schema.js';
import { anchorOf, pointInPolygon, segmentsIntersect, sideOf, type Box, type Point } from './geometry.js';

/** A zone as the engine uses it. */
export interface ZoneDef {
  id: number;
  cameraId: string;
  name: string;
  kind: ZoneKind;
  points: readonly Point[];
  /** Empty: every label. */
  labels: readonly string[];
  minConfidence: number;
  /** Consecutive frames an object must be seen on the other side before entering/leaving/crossing counts (≥ 1). */
  inertiaFrames: number;
  /** 0: no dwell events. */
  dwellSeconds: number;
  triggerRecording: boolean;
}

/** One tracked object in one frame. */
export interface Observation {
  trackId: string;
  label: string;
  confidence: number;
  box: Box;
  frameId: string;
  /** Frame capture time, UTC ms: every duration (dwell, time inside) is measured in frame time. */
  at: number;
}

export type ZoneEventKind = 'zone_enter' | 'zone_exit' | 'zone_dwell' | 'line_cross';

export interface ZoneEvent {
  kind: ZoneEventKind;
  zone: ZoneDef;
  trackId: string;
  label: string;
  confidence: number;
  box: Box;
  /** The object's point: the bottom-centre of its box. */
  point: Point;
  frameId: string;
  at: number;
  /** line_cross: seen from the line's first point towards its second. */
  direction?: 'left_to_right' | 'right_to_left';
  /** zone_exit: how long the object was inside; zone_dwell: how long so far. */
  seconds?: number;
  /** zone_exit: `left` (seen outside) or `lost` (the track ended inside). */
  reason?: 'left' | 'lost';
}

export interface FrameResult {
  events: ZoneEvent[];
  /** Zones with trigger_recording whose event window should be (re)opened now. */
  triggers: { zone: ZoneDef; reason: string }[];
}

/** While a recording zone stays occupied, its trigger is renewed this often (frame time). */
export const RETRIGGER_MS = 5000;

interface PolygonMember {
  inside: boolean;
  /** Consecutive qualifying frames seen on the other side than `inside`. */
  streak: number;
  streakStart: number;
  enteredAt: number;
  dwellDone: boolean;
  last: Observation;
}

interface LineMember {
  /** Confirmed side: -1 left, 1 right. */
  side: -1 | 1;
  streak: number;
  /** Whether the move that started the current streak passed through the line segment itself. */
  crossed: boolean;
  lastPoint: Point;
}

interface ZoneState {
  zone: ZoneDef;
  polygon: Map<string, PolygonMember>;
  line: Map<string, LineMember>;
  lastTriggerAt: number | null;
}

/**
 * Turns tracked objects into zone events. Pure and synchronous: the caller feeds observations in frame
 * order and logs what comes out, so tests drive it with any clock they like.
 *
 * - Polygon: an object is inside when the bottom-centre of its box is inside the polygon (points on
 *   the border count as inside). Entering or leaving counts after `inertia_frames` consecutive frames
 *   on the new side; the time of entry is that of the first of those frames. `zone_dwell` fires once
 *   per visit after `dwell_seconds` inside. A track that ends inside leaves with reason `lost`.
 * - Line (two points): `line_cross` when an object's point moves through the segment and stays on
 *   the other side for `inertia_frames` frames; passing around an end of the line does not count.
 * - Detections below `min_confidence` or with another label are not observations for that zone.
 */
export class ZoneEngine {
  private readonly cameras = new Map<string, Map<number, ZoneState>>();

  /** Replaces a camera's zones; a zone whose definition changed starts with no one inside. */
  setZones(cameraId: string, zones: readonly ZoneDef[]): void {
    const previous = this.cameras.get(cameraId);
    const next = new Map<number, ZoneState>();
    for (const zone of zones) {
      const old = previous?.get(zone.id);
      next.set(zone.id, old && sameDefinition(old.zone, zone) ? { ...old, zone } : { zone, polygon: new Map(), line: new Map(), lastTriggerAt: null });
    }
    if (next.size === 0) this.cameras.delete(cameraId);
    else this.cameras.set(cameraId, next);
  }

  zonesOf(cameraId: string): ZoneDef[] {
    return [...(this.cameras.get(cameraId)?.values() ?? [])].map((s) => s.zone);
  }

  hasZones(cameraId: string): boolean {
    return this.cameras.has(cameraId);
  }

  /** Whether any object is confirmed inside the polygon zone. */
  occupied(cameraId: string, zoneId: number): boolean {
    const state = this.cameras.get(cameraId)?.get(zoneId);
    if (!state) return false;
    for (const m of state.polygon.values()) if (m.inside) return true;
    return false;
  }

  /** All observations of one frame of one camera. */
  observeFrame(cameraId: string, observations: readonly Observation[], at: number): FrameResult {
    const zones = this.cameras.get(cameraId);
    const result: FrameResult = { events: [], triggers: [] };
    if (!zones) return result;
    for (const state of zones.values()) {
      const before = result.events.length;
      for (const obs of observations) {
        if (!qualifies(state.zone, obs)) continue;
        if (state.zone.kind === 'polygon') this.observePolygon(state, obs, result.events);
        else this.observeLine(state, obs, result.events);
      }
      if (state.zone.triggerRecording) this.planTrigger(state, result, before, at);
    }
    return result;
  }

  /** A track ended (lost or closed): leaves every zone it was inside. */
  trackEnded(cameraId: string, trackId: string, at: number): ZoneEvent[] {
    const zones = this.cameras.get(cameraId);
    if (!zones) return [];
    const events: ZoneEvent[] = [];
    for (const state of zones.values()) {
      const member = state.polygon.get(trackId);
      if (member?.inside) {
        events.push(this.event('zone_exit', state.zone, member.last, at, { seconds: secondsBetween(member.enteredAt, at), reason: 'lost' }));
      }
      state.polygon.delete(trackId);
      state.line.delete(trackId);
    }
    return events;
  }

  private observePolygon(state: ZoneState, obs: Observation, out: ZoneEvent[]): void {
    const zone = state.zone;
    const isIn = pointInPolygon(anchorOf(obs.box), zone.points);
    let member = state.polygon.get(obs.trackId);
    if (!member) {
      // Objects outside with nothing pending need no state: keep memory proportional to who is near.
      if (!isIn) return;
      member = { inside: false, streak: 0, streakStart: obs.at, enteredAt: 0, dwellDone: false, last: obs };
      state.polygon.set(obs.trackId, member);
    }
    member.last = obs;
    if (isIn === member.inside) {
      member.streak = 0;
    } else {
      if (member.streak === 0) member.streakStart = obs.at;
      member.streak += 1;
      if (member.streak >= zone.inertiaFrames) {
        member.streak = 0;
        if (isIn) {
          member.inside = true;
          member.enteredAt = member.streakStart;
          member.dwellDone = false;
          out.push(this.event('zone_enter', zone, obs, obs.at));
        } else {
          out.push(this.event('zone_exit', zone, obs, obs.at, { seconds: secondsBetween(member.enteredAt, member.streakStart), reason: 'left' }));
          state.polygon.delete(obs.trackId);
          return;
        }
      }
    }
    if (!member.inside && member.streak === 0) {
      state.polygon.delete(obs.trackId);
      return;
    }
    if (member.inside && !member.dwellDone && zone.dwellSeconds > 0 && obs.at - member.enteredAt >= zone.dwellSeconds * 1000) {
      member.dwellDone = true;
      out.push(this.event('zone_dwell', zone, obs, obs.at, { seconds: secondsBetween(member.enteredAt, obs.at) }));
    }
  }

  private observeLine(state: ZoneState, obs: Observation, out: ZoneEvent[]): void {
    const zone = state.zone;
    const [a, b] = zone.points as [Point, Point];
    const point = anchorOf(obs.box);
    const side = sideOf(point, a, b);
    if (side === 0) return; // exactly on the line: no information about the side yet
    const member = state.line.get(obs.trackId);
    if (!member) {
      state.line.set(obs.trackId, { side, streak: 0, crossed: false, lastPoint: point });
      return;
    }
    if (side === member.side) {
      member.streak = 0;
      member.lastPoint = point;
      return;
    }
    if (member.streak === 0) member.crossed = segmentsIntersect(member.lastPoint, point, a, b);
    member.streak += 1;
    member.lastPoint = point;
    if (member.streak < zone.inertiaFrames) return;
    const from = member.side;
    member.side = side;
    member.streak = 0;
    if (member.crossed) out.push(this.event('line_cross', zone, obs, obs.at, { direction: from < 0 ? 'left_to_right' : 'right_to_left' }));
  }

  private planTrigger(state: ZoneState, result: FrameResult, firstNewEvent: number, at: number): void {
    const fresh = result.events.slice(firstNewEvent).find((e) => e.kind !== 'zone_exit');
    if (fresh) {
      state.lastTriggerAt = at;
      result.triggers.push({ zone: state.zone, reason: `zone ${state.zone.name}: ${describe(fresh)}` });
      return;
    }
    // Someone is still inside: keep the event window open while they stay.
    const inside = [...state.polygon.values()].some((m) => m.inside);
    if (inside && state.lastTriggerAt !== null && at - state.lastTriggerAt >= RETRIGGER_MS) {
      state.lastTriggerAt = at;
      result.triggers.push({ zone: state.zone, reason: `zone ${state.zone.name}: still occupied` });
    }
  }

  private event(kind: ZoneEventKind, zone: ZoneDef, obs: Observation, at: number, extra: Partial<ZoneEvent> = {}): ZoneEvent {
    return { kind, zone, trackId: obs.trackId, label: obs.label, confidence: obs.confidence, box: obs.box, point: anchorOf(obs.box), frameId: obs.frameId, at, ...extra };
  }
}

function qualifies(zone: ZoneDef, obs: Observation): boolean {
  return obs.confidence >= zone.minConfidence && (zone.labels.length === 0 || zone.labels.includes(obs.label));
}

function sameDefinition(a: ZoneDef, b: ZoneDef): boolean {
  return a.kind === b.kind && JSON.stringify(a.points) === JSON.stringify(b.points) && JSON.stringify(a.labels) === JSON.stringify(b.labels) && a.minConfidence === b.minConfidence && a.inertiaFrames === b.inertiaFrames && a.dwellSeconds === b.dwellSeconds;
}

function secondsBetween(from: number, to: number): number {
  return Math.max(0, Math.round(to - from)) / 1000;
}

function describe(e: ZoneEvent): string {
  switch (e.kind) {
    case 'zone_enter':
      return `${e.label} entered`;
    case 'zone_dwell':
      return `${e.label} stayed ${e.seconds ?? 0} s`;
    case 'line_cross':
      return `${e.label} crossed ${e.direction ?? ''}`.trim();
    default:
      return e.kind;
  }
}

import { describe, expect, it } from 'vitest';
import type { Box } from './geometry.js';
import { RETRIGGER_MS, ZoneEngine, type Observation, type ZoneDef } from './zone-engine.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function polygon(extra: Partial<ZoneDef> = {}): ZoneDef {
  return {
    id: 1, cameraId: 'cam', name: 'yard', kind: 'polygon',
    points: [[0.5, 0], [1, 0], [1, 1], [0.5, 1]], // the right half
    labels: [], minConfidence: 0.5, inertiaFrames: 1, dwellSeconds: 0, triggerRecording: false, ...extra,
  };
}

/** A box whose bottom-centre is (x, y). */
function at(x: number, y: number): Box {
  return [x - 0.05, y - 0.2, 0.1, 0.2];
}

/** Feeds one track through frames at 1 fps; returns the event kinds per frame. */
function run(engine: ZoneEngine, points: [number, number][], extra: Partial<Observation> = {}, start = T0): string[][] {
  return points.map(([x, y], i) => {
    const obs: Observation = { trackId: 't1', label: 'person', confidence: 0.9, box: at(x, y), frameId: `f${i}`, at: start + i * 1000, ...extra };
    return engine.observeFrame('cam', [obs], obs.at).events.map((e) => e.kind);
  });
}

describe('ZoneEngine: polygons', () => {
  it('enters and exits at the first frame on the other side with inertia 1, with the time inside', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon()]);
    const events: ReturnType<ZoneEngine['observeFrame']>['events'] = [];
    [[0.2, 0.5], [0.7, 0.5], [0.8, 0.5], [0.3, 0.5]].forEach(([x, y], i) => {
      events.push(...engine.observeFrame('cam', [{ trackId: 't1', label: 'person', confidence: 0.9, box: at(x!, y!), frameId: `f${i}`, at: T0 + i * 1000 }], T0 + i * 1000).events);
    });
    expect(events.map((e) => [e.kind, e.at - T0, e.seconds, e.reason])).toEqual([
      ['zone_enter', 1000, undefined, undefined],
      ['zone_exit', 3000, 2, 'left'],
    ]);
    expect(events[0]).toMatchObject({ trackId: 't1', label: 'person', frameId: 'f1', point: [0.7, 0.5] });
  });

  it('uses the bottom-centre of the box: a box reaching into the zone with its feet outside is outside', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon()]);
    // x from 0.3 to 0.6 crosses the zone border at 0.5, but the bottom-centre (0.45) is outside.
    const obs: Observation = { trackId: 't', label: 'car', confidence: 1, box: [0.3, 0.2, 0.3, 0.3], frameId: 'f', at: T0 };
    expect(engine.observeFrame('cam', [obs], T0).events).toEqual([]);
    // Standing exactly on the border counts as inside.
    expect(engine.observeFrame('cam', [{ ...obs, box: [0.45, 0.2, 0.1, 0.3], at: T0 + 1 }], T0 + 1).events.map((e) => e.kind)).toEqual(['zone_enter']);
  });

  it('needs inertia_frames consecutive frames inside to enter, and as many outside to leave; flicker does nothing', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon({ inertiaFrames: 3 })]);
    const kinds = run(engine, [
      [0.7, 0.5], [0.7, 0.5], [0.2, 0.5], // two inside, then out: no entry
      [0.7, 0.5], [0.7, 0.5], [0.7, 0.5], // three inside: entered (at the first of the three)
      [0.2, 0.5], [0.7, 0.5], // one frame out: still inside
      [0.2, 0.5], [0.2, 0.5], [0.2, 0.5], // three out: left
    ]);
    expect(kinds).toEqual([[], [], [], [], [], ['zone_enter'], [], [], [], [], ['zone_exit']]);
  });

  it('dates the entry and measures the stay from the first frame of the inertia window', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon({ inertiaFrames: 2 })]);
    const events = [[0.7, 0.5], [0.7, 0.5], [0.7, 0.5], [0.2, 0.5], [0.2, 0.5]].flatMap(([x, y], i) =>
      engine.observeFrame('cam', [{ trackId: 't', label: 'p', confidence: 1, box: at(x!, y!), frameId: `f${i}`, at: T0 + i * 1000 }], T0 + i * 1000).events,
    );
    expect(events.map((e) => [e.kind, e.at - T0, e.seconds])).toEqual([
      ['zone_enter', 1000, undefined],
      ['zone_exit', 4000, 3], // inside from t=0 (first frame) to t=3 (first frame outside)
    ]);
  });

  it('fires zone_dwell once per visit after dwell_seconds inside', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon({ dwellSeconds: 2.5 })]);
    const kinds = run(engine, [[0.7, 0.5], [0.7, 0.6], [0.8, 0.6], [0.8, 0.6], [0.8, 0.6], [0.2, 0.5], [0.7, 0.5], [0.7, 0.5], [0.7, 0.5], [0.7, 0.5]]);
    expect(kinds).toEqual([['zone_enter'], [], [], ['zone_dwell'], [], ['zone_exit'], ['zone_enter'], [], [], ['zone_dwell']]);
  });

  it('ignores other labels and low confidence, and leaves with reason lost when the track ends inside', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon({ labels: ['person'], minConfidence: 0.6 })]);
    expect(run(engine, [[0.7, 0.5]], { label: 'car' })).toEqual([[]]);
    expect(run(engine, [[0.7, 0.5]], { confidence: 0.59 })).toEqual([[]]);
    expect(run(engine, [[0.7, 0.5]])).toEqual([['zone_enter']]);
    expect(engine.occupied('cam', 1)).toBe(true);
    const lost = engine.trackEnded('cam', 't1', T0 + 7000);
    expect(lost.map((e) => [e.kind, e.reason, e.seconds])).toEqual([['zone_exit', 'lost', 7]]);
    expect(engine.occupied('cam', 1)).toBe(false);
  });

  it('keeps who is inside across an unrelated zone change, forgets it when the zone itself changes', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon()]);
    run(engine, [[0.7, 0.5]]);
    engine.setZones('cam', [polygon({ name: 'renamed', triggerRecording: true })]);
    expect(engine.occupied('cam', 1)).toBe(true);
    engine.setZones('cam', [polygon({ points: [[0.6, 0], [1, 0], [1, 1]] })]);
    expect(engine.occupied('cam', 1)).toBe(false);
  });

  it('plans recording triggers on entry, renews them while occupied, and not on exit', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [polygon({ triggerRecording: true })]);
    const obs = (x: number, t: number): Observation => ({ trackId: 't', label: 'person', confidence: 1, box: at(x, 0.5), frameId: `f${t}`, at: T0 + t });
    expect(engine.observeFrame('cam', [obs(0.7, 0)], T0).triggers.map((t) => t.reason)).toEqual(['zone yard: person entered']);
    expect(engine.observeFrame('cam', [obs(0.7, 1000)], T0 + 1000).triggers).toEqual([]);
    expect(engine.observeFrame('cam', [obs(0.7, RETRIGGER_MS)], T0 + RETRIGGER_MS).triggers.map((t) => t.reason)).toEqual(['zone yard: still occupied']);
    expect(engine.observeFrame('cam', [obs(0.2, RETRIGGER_MS + 1000)], T0 + RETRIGGER_MS + 1000).triggers).toEqual([]);
  });
});

describe('ZoneEngine: lines', () => {
  // A horizontal tripwire across the middle, drawn left to right, from x=0.2 to x=0.8.
  const line = (extra: Partial<ZoneDef> = {}): ZoneDef => polygon({ id: 2, name: 'gate', kind: 'line', points: [[0.2, 0.5], [0.8, 0.5]], ...extra });

  it('reports the crossing direction as seen from the first point towards the second', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [line()]);
    const down = engine;
    const events = [[0.5, 0.3], [0.5, 0.7], [0.5, 0.4]].flatMap(([x, y], i) =>
      down.observeFrame('cam', [{ trackId: 't', label: 'p', confidence: 1, box: at(x!, y!), frameId: `f${i}`, at: T0 + i }], T0 + i).events,
    );
    // Walking down the image crosses from the left side to the right side of a left-to-right line.
    expect(events.map((e) => [e.kind, e.direction])).toEqual([
      ['line_cross', 'left_to_right'],
      ['line_cross', 'right_to_left'],
    ]);
  });

  it('does not count passing around the end of the line, nor standing on it', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [line()]);
    expect(run(engine, [[0.9, 0.3], [0.9, 0.7]])).toEqual([[], []]); // beside the line's end
    const on = new ZoneEngine();
    on.setZones('cam', [line()]);
    expect(run(on, [[0.5, 0.3], [0.5, 0.5], [0.5, 0.3]])).toEqual([[], [], []]); // onto the line and back
    expect(run(on, [[0.5, 0.5], [0.5, 0.7]], {}, T0 + 10_000)).toEqual([[], ['line_cross']]); // from on it to the other side
  });

  it('confirms a crossing only after inertia_frames on the new side', () => {
    const engine = new ZoneEngine();
    engine.setZones('cam', [line({ inertiaFrames: 2 })]);
    expect(run(engine, [[0.5, 0.3], [0.5, 0.7], [0.5, 0.3], [0.5, 0.7], [0.5, 0.7]])).toEqual([[], [], [], [], ['line_cross']]);
  });
});

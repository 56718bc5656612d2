import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatClock, formatTime } from '../format';

export interface Span {
  from: number;
  to: number;
}

/** Unrecorded time: an outage (should have recorded) or not recording by design, with why. */
export interface Gap extends Span {
  kind: 'outage' | 'not_recording';
  reason: string;
  detail?: string | null;
}

const REASONS: Record<string, string> = {
  camera_offline: 'camera offline',
  no_footage: 'should have recorded, nothing recorded',
  before_camera_existed: 'before the camera was added',
  camera_disabled: 'camera disabled',
  recording_disabled: 'recording turned off',
  outside_schedule: 'outside the recording schedule',
  waiting_for_trigger: 'event camera waiting for a trigger',
  being_written: 'being recorded now',
  unknown: 'not recorded',
};

/** "Outage: camera offline (connection refused)" — a gap's tooltip. */
export function describeGap(g: Gap): string {
  const why = REASONS[g.reason] ?? g.reason.replace(/_/g, ' ');
  return `${g.kind === 'outage' ? 'Outage' : 'Not recording'}: ${why}${g.detail ? ` (${g.detail})` : ''}`;
}

export interface TimelineEvent {
  id: number;
  at: number;
  kind: string;
  severity: string;
}

/** View widths, widest first: a day down to two minutes. */
export const ZOOM_LEVELS_MS = [24 * 3_600_000, 6 * 3_600_000, 2 * 3_600_000, 30 * 60_000, 10 * 60_000, 2 * 60_000];
const TICK_STEPS_MS = [15_000, 30_000, 60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 2 * 3_600_000, 3 * 3_600_000, 6 * 3_600_000];
const DRAG_PX = 5;

export interface TimelineProps {
  dayStart: number;
  dayEnd: number;
  spans: readonly Span[];
  /** Recorded time fetched afterwards from the camera's own storage (gap backfill): drawn in its own colour. */
  backfilled?: readonly Span[];
  gaps: readonly Gap[];
  events: readonly TimelineEvent[];
  now: number;
  /** The wall-clock time being played, drawn as a line. */
  playhead: number | null;
  selection: Span | null;
  /** A click (or Enter) at a time: play from there. */
  onSeek: (ms: number) => void;
  /** A dragged range (or [ and ] keys): select it for export. */
  onSelect: (range: Span | null) => void;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * A day of one camera: recorded spans, gaps and events over a time axis. Zoom from 24 h to 2 min,
 * pan, click to play, drag to select a range. Keyboard: ←/→ move the cursor (Shift: faster), Enter
 * plays from it, + and − zoom, [ and ] set the selection's start and end.
 */
export function Timeline({ dayStart, dayEnd, spans, backfilled = [], gaps, events, now, playhead, selection, onSeek, onSelect }: TimelineProps) {
  // Today opens on the last hours (what an operator usually wants); another day on the whole day.
  const initial = () => (now >= dayStart && now < dayEnd ? around(now, 2) : { zoom: 0, view: { from: dayStart, to: dayEnd } });
  const around = (centre: number, level: number) => {
    const w = Math.min(ZOOM_LEVELS_MS[level]!, dayEnd - dayStart);
    // The live edge sits three quarters along, leaving room to see it advance.
    const from = clamp(centre - w * 0.75, dayStart, dayEnd - w);
    return { zoom: level, view: { from, to: from + w } };
  };
  const [zoom, setZoom] = useState(() => initial().zoom);
  const [view, setView] = useState<Span>(() => initial().view);
  const [cursor, setCursor] = useState(() => clamp(now, dayStart, dayEnd));
  const [hover, setHover] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ startX: number; startMs: number; moved: boolean } | null>(null);
  const trackRef = useRef<HTMLDivElement>(null);

  // A new day: its opening view, the cursor at now (today) or noon.
  useEffect(() => {
    const start = initial();
    setZoom(start.zoom);
    setView(start.view);
    setCursor(now >= dayStart && now < dayEnd ? now : dayStart + (dayEnd - dayStart) / 2);
    // `now` is left out on purpose: it changes every second, and only a new day resets the view.
  }, [dayStart, dayEnd]);

  const width = view.to - view.from;
  const pct = (ms: number) => ((ms - view.from) / width) * 100;
  const visible = (s: Span) => s.to > view.from && s.from < view.to;
  const box = (s: Span) => {
    const left = clamp(pct(s.from), 0, 100);
    const right = clamp(pct(s.to), 0, 100);
    return { left: `${left}%`, width: `${Math.max(right - left, 0.15)}%` };
  };

  const zoomTo = (level: number, centre: number) => {
    const next = clamp(level, 0, ZOOM_LEVELS_MS.length - 1);
    const w = Math.min(ZOOM_LEVELS_MS[next]!, dayEnd - dayStart);
    const from = clamp(centre - w / 2, dayStart, dayEnd - w);
    setZoom(next);
    setView({ from, to: from + w });
  };
  const pan = (fraction: number) => {
    const from = clamp(view.from + width * fraction, dayStart, dayEnd - width);
    setView({ from, to: from + width });
  };
  const moveCursor = (ms: number) => {
    const next = clamp(ms, dayStart, dayEnd);
    setCursor(next);
    // Keep the cursor in view.
    if (next < view.from || next > view.to) {
      const from = clamp(next - width / 2, dayStart, dayEnd - width);
      setView({ from, to: from + width });
    }
  };

  const ticks = useMemo(() => {
    const step = TICK_STEPS_MS.find((s) => width / s <= 8) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
    const out: number[] = [];
    for (let t = dayStart + Math.ceil((view.from - dayStart) / step) * step; t <= view.to; t += step) out.push(t);
    return { step, out };
  }, [dayStart, view.from, view.to, width]);

  const timeAt = (clientX: number): number => {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return view.from;
    return view.from + clamp((clientX - rect.left) / rect.width, 0, 1) * width;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ startX: e.clientX, startMs: timeAt(e.clientX), moved: false });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const t = timeAt(e.clientX);
    setHover(t);
    if (!drag) return;
    if (drag.moved || Math.abs(e.clientX - drag.startX) > DRAG_PX) {
      if (!drag.moved) setDrag({ ...drag, moved: true });
      onSelect({ from: Math.min(drag.startMs, t), to: Math.max(drag.startMs, t) });
    }
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const t = timeAt(e.clientX);
    if (!drag.moved) {
      setCursor(t);
      onSeek(t);
    }
    setDrag(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = width / (e.shiftKey ? 10 : 60);
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        moveCursor(cursor - step);
        break;
      case 'ArrowRight':
        moveCursor(cursor + step);
        break;
      case 'Home':
        moveCursor(view.from);
        break;
      case 'End':
        moveCursor(view.to);
        break;
      case 'Enter':
      case ' ':
        onSeek(cursor);
        break;
      case '+':
      case '=':
        zoomTo(zoom + 1, cursor);
        break;
      case '-':
      case '_':
        zoomTo(zoom - 1, cursor);
        break;
      case '[':
        onSelect({ from: cursor, to: selection && selection.to > cursor ? selection.to : Math.min(cursor + 60_000, dayEnd) });
        break;
      case ']':
        onSelect({ from: selection && selection.from < cursor ? selection.from : Math.max(cursor - 60_000, dayStart), to: cursor });
        break;
      case 'Escape':
        onSelect(null);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const inSpan = spans.some((s) => cursor >= s.from && cursor < s.to);
  const gapAt = gaps.find((g) => cursor >= g.from && cursor < g.to);

  return (
    <div className="timeline">
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline view">
        <button type="button" onClick={() => pan(-0.5)} disabled={view.from <= dayStart} aria-label="Earlier">
          ◀
        </button>
        <button type="button" onClick={() => zoomTo(zoom - 1, view.from + width / 2)} disabled={zoom === 0} aria-label="Zoom out">
          −
        </button>
        <span className="timeline-range" aria-live="polite">
          {width >= dayEnd - dayStart ? 'Whole day' : `${formatClock(view.from)}–${formatClock(view.to)}`}
        </span>
        <button type="button" onClick={() => zoomTo(zoom + 1, hover ?? cursor)} disabled={zoom === ZOOM_LEVELS_MS.length - 1} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => pan(0.5)} disabled={view.to >= dayEnd} aria-label="Later">
          ▶
        </button>
        {now >= dayStart && now < dayEnd ? (
          <button type="button" onClick={() => { moveCursor(now); zoomTo(Math.max(zoom, 2), now); }}>
            Now
          </button>
        ) : null}
      </div>
      <div
        ref={trackRef}
        className="timeline-track"
        tabIndex={0}
        role="slider"
        aria-label="Recordings of the day: Enter plays from the cursor, [ and ] select a range to export"
        aria-valuemin={dayStart}
        aria-valuemax={dayEnd}
        aria-valuenow={Math.round(cursor)}
        aria-valuetext={`${formatTime(cursor)}, ${inSpan ? 'recorded' : gapAt ? describeGap(gapAt) : 'not recorded'}`}
        data-testid="timeline"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
      >
        {now > view.from && now < view.to ? <div className="tl-future" style={{ left: `${pct(now)}%`, right: 0 }} /> : null}
        {gaps.filter(visible).map((g) => (
          <div
            key={`g${g.from}`}
            className={g.kind === 'outage' ? 'tl-gap tl-outage' : 'tl-gap tl-idle'}
            data-testid={g.kind === 'outage' ? 'timeline-outage' : 'timeline-idle'}
            data-reason={g.reason}
            style={box(g)}
            title={`${describeGap(g)}, ${formatTime(g.from)}–${formatTime(g.to)}`}
          />
        ))}
        {spans.filter(visible).map((s) => (
          <div key={`s${s.from}`} className="tl-span" data-testid="timeline-span" style={box(s)} title={`Recorded ${formatTime(s.from)}–${formatTime(s.to)}`} />
        ))}
        {backfilled.filter(visible).map((s) => (
          <div
            key={`b${s.from}`}
            className="tl-span tl-backfilled"
            data-testid="timeline-backfilled"
            style={box(s)}
            title={`Backfilled from the camera ${formatTime(s.from)}–${formatTime(s.to)}`}
          />
        ))}
        {events
          .filter((ev) => ev.at >= view.from && ev.at <= view.to)
          .map((ev) => (
            <div
              key={`e${ev.id}`}
              className={`tl-event tl-event-${ev.severity}`}
              style={{ left: `${pct(ev.at)}%` }}
              title={`${formatTime(ev.at)} ${ev.kind}`}
            />
          ))}
        {selection && visible(selection) ? <div className="tl-selection" data-testid="timeline-selection" style={box(selection)} /> : null}
        {playhead !== null && playhead >= view.from && playhead <= view.to ? (
          <div className="tl-playhead" data-testid="timeline-playhead" style={{ left: `${pct(playhead)}%` }} />
        ) : null}
        <div className="tl-cursor" style={{ left: `${pct(cursor)}%` }} />
        {hover !== null ? (
          <div className="tl-hover" style={{ left: `${pct(hover)}%` }}>
            <span>{formatTime(hover)}</span>
          </div>
        ) : null}
      </div>
      <div className="timeline-axis" aria-hidden="true">
        {ticks.out.filter((t) => pct(t) > 3 && pct(t) < 97).map((t) => (
          <span key={t} style={{ left: `${pct(t)}%` }}>
            {ticks.step < 60_000 ? formatTime(t) : formatClock(t)}
          </span>
        ))}
      </div>
    </div>
  );
}

import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { PlaybackSession } from '../api/models';
import { ExportPanel } from '../components/export-panel';
import { LivePanel } from '../components/live-panel';
import { Player } from '../components/player';
import { Snapshot } from '../components/snapshot';
import { StatusBadge } from '../components/status-badge';
import { Timeline, type Gap, type Span, type TimelineEvent } from '../components/timeline';
import { DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { addDays, formatAgo, formatDateTime, formatDay, formatDuration, formatTime, startOfDay, toDateInput, toIso, toMs } from '../format';
import { useLoad, useNow } from '../hooks';
import { ROLES_FOR } from '../roles';
import { PtzControls } from '../ptz/ptz-controls';
import { CameraTestPanel } from '../cameras/camera-test-panel';
import { Link, navigate, useLocation, useTitle } from '../router';
import { useSession } from '../session';
import { useCamera, useCameraStatus, useCameraStatuses } from '../api/queries';
import { MODE_LABEL } from './cameras';

const PLAY_MAX_MS = 30 * 60_000;

interface DayData {
  spans: Span[];
  backfilled: Span[];
  gaps: Gap[];
  events: TimelineEvent[];
}

/** Spans, gaps (with why nothing was recorded) and events of a day. */
async function loadDay(cameraId: string, from: number, dayEnd: number, signal: AbortSignal): Promise<DayData> {
  // Today ends now: the rest of the day is not a gap, it has not happened yet.
  const to = Math.min(dayEnd, Date.now());
  if (to <= from) return { spans: [], backfilled: [], gaps: [], events: [] };
  const range = { from: toIso(from), to: toIso(to) };
  const eventsPromise = unwrap(http.GET('/api/events', { params: { query: { camera_id: cameraId, ...range, limit: 1000 } }, signal })).then((r) =>
    r.events.map((e) => ({ id: e.id, at: toMs(e.at), kind: e.kind, severity: e.severity })),
  );
  const toSpan = (r: { from: string; to: string }) => ({ from: toMs(r.from), to: toMs(r.to) });
  const t = await unwrap(http.GET('/api/cameras/{id}/timeline', { params: { path: { id: cameraId }, query: range }, signal }));
  // A gap's backfill state (pending, failed, unavailable) goes in its tooltip.
  const backfill = (p: { from: string; to: string }) => t.backfill.find((b) => b.from < p.to && b.to > p.from && b.state !== 'filled');
  const gaps: Gap[] = t.periods.flatMap((p) => {
    if (p.kind === 'recorded') return [];
    const b = backfill(p);
    const detail = b ? [p.detail, `backfill ${b.state}${b.error ? `: ${b.error}` : ''}`].filter(Boolean).join('; ') : p.detail;
    return [{ ...toSpan(p), kind: p.kind, reason: p.reason, detail }];
  });
  return { spans: t.spans.map(toSpan), backfilled: t.backfilled.map(toSpan), gaps, events: await eventsPromise };
}

export function CameraPage({ cameraId }: { cameraId: string }) {
  const { can } = useSession();
  const location = useLocation();
  const id = useId();
  const camera = useCamera(cameraId);
  const status = useCameraStatus(cameraId);
  const statuses = useCameraStatuses();
  const now = useNow(1000);
  useTitle(camera.data?.name ?? cameraId);

  const dayParam = location.query.get('day');
  const dayStart = useMemo(() => {
    const parsed = dayParam ? new Date(`${dayParam}T00:00:00`).getTime() : Number.NaN;
    return Number.isFinite(parsed) ? startOfDay(parsed) : startOfDay(Date.now());
  }, [dayParam]);
  const dayEnd = addDays(dayStart, 1);
  const isToday = now >= dayStart && now < dayEnd;
  const day = useLoad(`day:${cameraId}:${dayStart}`, (signal) => loadDay(cameraId, dayStart, dayEnd, signal), isToday ? 10_000 : undefined);

  const [selection, setSelection] = useState<Span | null>(null);
  const [session, setSession] = useState<PlaybackSession | null>(null);
  const [playError, setPlayError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const [live, setLive] = useState(false);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [trigger, setTrigger] = useState<{ message: string; ok: boolean } | null>(null);

  useEffect(() => {
    setSelection(null);
  }, [dayStart]);

  const setDay = (start: number) => navigate(`/cameras/${encodeURIComponent(cameraId)}${start === startOfDay(Date.now()) ? '' : `?day=${toDateInput(start)}`}`);

  const play = useCallback(
    async (at: number) => {
      const spans = day.data?.spans ?? [];
      // A click in a gap plays from the next recording; at (or just after) the live edge, the last
      // half minute recorded.
      const inside = spans.find((s) => at >= s.from && at < s.to);
      const last = spans[spans.length - 1];
      const recent = last && at >= last.to && at - last.to < 5 * 60_000 ? Math.max(last.from, last.to - 30_000) : undefined;
      const next = inside ? at : (spans.find((s) => s.from > at)?.from ?? recent);
      setPlayError(null);
      if (next === undefined) {
        setPlayError(new Error(`Nothing was recorded after ${formatTime(at)} on this day.`));
        return;
      }
      const to = Math.min(next + PLAY_MAX_MS, Date.now());
      setStarting(true);
      try {
        setSession(await unwrap(http.POST('/api/playback', { body: { camera_id: cameraId, from: toIso(next), to: toIso(to) } })));
        setLive(false);
      } catch (e: unknown) {
        setPlayError(e);
      } finally {
        setStarting(false);
      }
    },
    [cameraId, day.data],
  );

  const fire = async () => {
    try {
      const r = await unwrap(http.POST('/api/cameras/{id}/trigger', { params: { path: { id: cameraId } }, body: { reason: 'manual trigger from the web UI' } }));
      setTrigger({ ok: true, message: `Recording until ${formatTime(toMs(r.window_end))}.` });
      void statuses.refetch();
    } catch (e: unknown) {
      setTrigger({ ok: false, message: errorMessage(e) });
    }
  };

  if (camera.error) return <ErrorNotice error={camera.error} />;
  if (!camera.data) return <Loading what="loading the camera" />;
  const c = camera.data;
  const s = status.data;
  const eventCamera = c.record_mode === 'event' || c.record_mode === 'scheduled_event';
  const covered = (day.data?.spans ?? []).reduce((sum, sp) => sum + (sp.to - sp.from), 0) / 1000;
  // Newest first, as the API lists them.
  const dayEvents = (day.data?.events ?? []).slice(0, 50);

  return (
    <>
      <div className="page-head">
        <h1>
          {c.name} <StatusBadge state={s?.state} />
        </h1>
        <div className="actions">
          <Link to={`/cameras/${encodeURIComponent(c.id)}/zones`} className="button">
            Zones
          </Link>
          {eventCamera && can(ROLES_FOR.trigger) ? (
            <button type="button" onClick={() => void fire()} data-testid="trigger">
              Trigger recording
            </button>
          ) : null}
          {can(ROLES_FOR.editCameras) ? (
            <Link to={`/cameras/${encodeURIComponent(c.id)}/edit`} className="button" data-testid="edit-camera">
              Edit
            </Link>
          ) : null}
        </div>
      </div>
      <OutcomeNotice outcome={trigger && { ok: trigger.ok, text: trigger.message }} />
      <div className="camera-layout">
        <section className="panel" aria-labelledby={`${id}-recordings`}>
          <div className="panel-head">
            <h2 id={`${id}-recordings`}>Recordings</h2>
            <div className="row day-picker">
              <button type="button" onClick={() => setDay(addDays(dayStart, -1))} aria-label="Previous day">
                ◀
              </button>
              <label className="visually-hidden" htmlFor={`${id}-day`}>
                Day
              </label>
              <input
                id={`${id}-day`}
                type="date"
                value={toDateInput(dayStart)}
                max={toDateInput(Date.now())}
                onChange={(e) => e.target.value && setDay(startOfDay(new Date(`${e.target.value}T00:00:00`).getTime()))}
              />
              <button type="button" onClick={() => setDay(addDays(dayStart, 1))} disabled={isToday} aria-label="Next day">
                ▶
              </button>
            </div>
          </div>
          <p className="muted">
            {formatDay(dayStart)}: {formatDuration(covered)} recorded
            .
          </p>
          <ErrorNotice error={day.error} />
          <Timeline
            dayStart={dayStart}
            dayEnd={dayEnd}
            spans={day.data?.spans ?? []}
            backfilled={day.data?.backfilled ?? []}
            gaps={day.data?.gaps ?? []}
            events={day.data?.events ?? []}
            now={now}
            playhead={playhead}
            selection={selection}
            onSeek={(t) => void play(t)}
            onSelect={setSelection}
          />
          <div className="legend" aria-hidden="true">
            <span className="key key-span" /> recorded <span className="key key-backfilled" /> backfilled <span className="key key-gap" /> outage <span className="key key-idle" /> not recording (by
            design) <span className="key key-event" /> event{' '}
            <span className="key key-selection" /> selection
          </div>
          <div className="playback" aria-live="polite">
            {live ? (
              <div className="ptz-host">
                <LivePanel cameraId={c.id} name={c.name} onJumpBack={(at) => void play(at)} onClose={() => setLive(false)} />
                {c.onvif_url && can(ROLES_FOR.ptz) ? <PtzControls cameraId={c.id} /> : null}
              </div>
            ) : session ? (
              <>
                <Player session={session} onPlayhead={setPlayhead} />
                <button type="button" className="small" onClick={() => setSession(null)}>
                  Close player
                </button>
              </>
            ) : starting ? (
              <Loading what="preparing playback" />
            ) : (
              <p className="muted">Click the timeline (or focus it and press Enter) to play from that time.</p>
            )}
            {!live && isToday ? (
              <button type="button" className="small" onClick={() => { setSession(null); setLive(true); }} data-testid="watch-live">
                <span className="live-dot" aria-hidden="true" /> Live
              </button>
            ) : null}
            <ErrorNotice error={playError} />
          </div>
        </section>
        <aside className="camera-side">
          <section className="panel" aria-label="Live picture">
            <Snapshot camera={c} refreshMs={2000} />
          </section>
          <section className="panel" aria-labelledby={`${id}-status`}>
            <h2 id={`${id}-status`}>Status</h2>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                {s?.state ?? '—'} since {formatDateTime(s?.since)}
              </dd>
              <dt>Mode</dt>
              <dd>{MODE_LABEL[c.record_mode]}</dd>
              <dt>Last segment</dt>
              <dd>{formatAgo(s?.last_segment_at, now)}</dd>
              <dt>Reconnects</dt>
              <dd>{s?.reconnect_count ?? '—'}</dd>
              <dt>Stream</dt>
              <dd>
                <code className="wrap">{c.record_url ?? '—'}</code>
              </dd>
              {s?.last_error ? (
                <>
                  <dt>Last error</dt>
                  <dd className="camera-error">{s.last_error}</dd>
                </>
              ) : null}
            </dl>
            {can(ROLES_FOR.testCamera) ? <CameraTestPanel cameraId={c.id} /> : null}
          </section>
        </aside>
      </div>
      {can(ROLES_FOR.export) ? (
        <ExportPanel cameraId={c.id} selection={selection} onSelection={setSelection} canDownload />
      ) : null}
      <section className="panel" aria-labelledby={`${id}-events`}>
        <h2 id={`${id}-events`}>Events of the day</h2>
        {dayEvents.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <DataTable headers={['Time', 'Event', 'Severity', <span className="visually-hidden">Play</span>]}>
            {dayEvents.map((ev) => (
              <tr key={ev.id}>
                <td>{formatTime(ev.at)}</td>
                <td>{ev.kind}</td>
                <td>
                  <span className={`severity severity-${ev.severity}`}>{ev.severity}</span>
                </td>
                <td>
                  <button type="button" className="small" onClick={() => void play(Math.max(ev.at - 5000, dayStart))} aria-label={`Play from ${formatTime(ev.at - 5000)}, 5 s before the event`}>
                    Play
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Link to={`/events?camera_id=${encodeURIComponent(c.id)}`}>All events of this camera</Link>
      </section>
    </>
  );
}

import { useEffect, useId, useState, type FormEvent } from 'react';
import { compactQuery, errorMessage, http, unwrap } from '../api/client';
import type { EventKind, HeldarEvent } from '../api/models';
import { eventKindValues } from '../api/openapi.gen';
import { CameraFilter, DataTable, ErrorNotice, Loading } from '../components/ui';
import { formatDateTime, formatDetail, formatKey, fromLocalInput, toIso, toLocalInput, toMs } from '../format';
import { useLoad } from '../hooks';
import { Link, navigate, useLocation, useTitle } from '../router';
import { useCameras } from '../api/queries';

/**
 * The kinds of event the kernel logs, from its OpenAPI contract (the kernel's event-kind registry), grouped
 * for the filter by what they are about; a kind no group claims goes under "Other".
 */
const GROUP_OF: [string, (kind: string) => boolean][] = [
  ['Perception', (k) => /^(zone_|line_|worker_|sampler_)/.test(k)],
  ['Recording', (k) => /^(recorder_|recording_|recovery_|segment_)/.test(k) || k === 'camera_offline' || k === 'camera_online'],
  ['Cameras', (k) => k.startsWith('camera_')],
  ['Clips and storage', (k) => /^(clip_|incident_|storage_|mirror_)/.test(k)],
];
const KIND_GROUPS: [string, string[]][] = [...GROUP_OF.map(([group]) => group), 'Other']
  .map((group): [string, string[]] => [group, eventKindValues.filter((k) => (GROUP_OF.find(([, claims]) => claims(k))?.[0] ?? 'Other') === group)])
  .filter(([, kinds]) => kinds.length > 0);

/** The distinct string values of one payload field among `events`, sorted, plus `keep` (the current choice). */
function payloadValues(events: readonly HeldarEvent[], field: string, keep: string): string[] {
  const values = new Set<string>(keep ? [keep] : []);
  for (const e of events) {
    const v = e.payload[field];
    if (typeof v === 'string' && v !== '') values.add(v);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}
const PAGE = 100;

/** The filters GET /api/events takes; severity, zone and label are applied to the events loaded. */
function serverFilters(filters: { camera_id: string; kind: string; from: string; to: string }) {
  // An unknown kind (a hand-edited address) goes to the kernel as it is, whose 400 says what is wrong.
  return compactQuery({ camera_id: filters.camera_id, kind: filters.kind as EventKind, from: filters.from, to: filters.to });
}

/** The event log with filters in the address (so a filtered view can be bookmarked or shared). */
export function EventsPage() {
  useTitle('Events');
  const id = useId();
  const { query } = useLocation();
  const cameras = useCameras();
  const filters = {
    camera_id: query.get('camera_id') ?? '',
    kind: query.get('kind') ?? '',
    severity: query.get('severity') ?? '',
    zone: query.get('zone') ?? '',
    label: query.get('label') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  };
  const [form, setForm] = useState(() => ({
    ...filters,
    from: filters.from ? toLocalInput(toMs(filters.from)) : '',
    to: filters.to ? toLocalInput(toMs(filters.to)) : '',
  }));
  const key = JSON.stringify(filters);
  // Live when the view ends now: new events arrive over the event stream instead of by polling.
  const live = !filters.to;
  const first = useLoad(
    `events:${key}`,
    (signal) => unwrap(http.GET('/api/events', { params: { query: { ...serverFilters(filters), limit: PAGE } }, signal })).then((r) => r.events),
    live ? undefined : 10_000,
  );
  const arrived = useLiveEvents(live && first.data !== undefined ? key : null, filters, first.data?.[0]?.id ?? null);
  const [older, setOlder] = useState<{ key: string; events: HeldarEvent[]; done: boolean }>({ key, events: [], done: false });
  const [olderError, setOlderError] = useState<string | null>(null);
  const extra = older.key === key ? older : { key, events: [], done: false };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const params = new URLSearchParams();
    if (form.camera_id) params.set('camera_id', form.camera_id);
    if (form.kind.trim()) params.set('kind', form.kind.trim());
    if (form.severity) params.set('severity', form.severity);
    if (form.zone) params.set('zone', form.zone);
    if (form.label) params.set('label', form.label);
    const from = fromLocalInput(form.from);
    const to = fromLocalInput(form.to);
    if (Number.isFinite(from)) params.set('from', toIso(from));
    if (Number.isFinite(to)) params.set('to', toIso(to));
    const qs = params.toString();
    navigate(qs ? `/events?${qs}` : '/events');
  };

  const loadOlder = async () => {
    const all = [...(first.data ?? []), ...extra.events];
    const last = all[all.length - 1];
    if (!last) return;
    setOlderError(null);
    try {
      const r = await unwrap(http.GET('/api/events', { params: { query: { ...serverFilters(filters), limit: PAGE, before_id: last.id } } }));
      setOlder({ key, events: [...extra.events, ...r.events], done: r.events.length < PAGE });
    } catch (e: unknown) {
      setOlderError(errorMessage(e));
    }
  };

  const seen = new Set<number>();
  const loaded = [...arrived, ...(first.data ?? []), ...extra.events].filter((e) => !seen.has(e.id) && (seen.add(e.id), true));
  const all = loaded
    .filter((e) => !filters.severity || e.severity === filters.severity)
    .filter((e) => !filters.zone || e.payload.zone === filters.zone)
    .filter((e) => !filters.label || e.payload.label === filters.label);
  const zones = payloadValues(loaded, 'zone', form.zone);
  const labels = payloadValues(loaded, 'label', form.label);
  const cameraName = (cid: string | null) => (cid ? (cameras.data?.find((c) => c.id === cid)?.name ?? cid) : '—');

  return (
    <>
      <h1>
        Events{' '}
        {live ? (
          <span className="badge badge-recording" title="New events appear as they happen">
            Live
          </span>
        ) : null}
      </h1>
      <form className="filters row wrap" onSubmit={apply} aria-label="Filter events">
        <CameraFilter id={`${id}-camera`} value={form.camera_id} cameras={cameras.data} onChange={(camera_id) => setForm({ ...form, camera_id })} />
        <div className="field">
          <label htmlFor={`${id}-kind`}>Event</label>
          <select id={`${id}-kind`} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            <option value="">Any</option>
            {KIND_GROUPS.map(([group, kinds]) => (
              <optgroup key={group} label={group}>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {formatKey(k)}
                  </option>
                ))}
              </optgroup>
            ))}
            {form.kind && !KIND_GROUPS.some(([, kinds]) => kinds.includes(form.kind)) ? <option value={form.kind}>{formatKey(form.kind)}</option> : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>Zone</label>
          <select id={`${id}-zone`} value={form.zone} onChange={(e) => setForm({ ...form, zone: e.target.value })} disabled={zones.length === 0}>
            <option value="">{zones.length === 0 ? 'No zone events' : 'Any'}</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-label`}>Label</label>
          <select id={`${id}-label`} value={form.label} onChange={(e) => setForm({ ...form, label: e.target.value })} disabled={labels.length === 0}>
            <option value="">{labels.length === 0 ? 'No detections' : 'Any'}</option>
            {labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-severity`}>Severity</label>
          <select id={`${id}-severity`} value={form.severity} onChange={(e) => setForm({ ...form, severity: e.target.value })}>
            <option value="">Any</option>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="error">error</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="datetime-local" step={1} value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="datetime-local" step={1} value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        <button type="submit" className="primary">
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            setForm({ camera_id: '', kind: '', severity: '', zone: '', label: '', from: '', to: '' });
            navigate('/events');
          }}
        >
          Clear
        </button>
      </form>
      <ErrorNotice error={first.error} />
      {first.data === undefined && !first.error ? (
        <Loading what="loading events" />
      ) : all.length === 0 ? (
        <p className="muted">No events match.</p>
      ) : (
        <DataTable headers={['Time', 'Camera', 'Event', 'Severity', 'Details']} testId="events-table">
          {all.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{formatDateTime(e.at)}</td>
              <td>{e.camera_id ? <Link to={`/cameras/${encodeURIComponent(e.camera_id)}?day=${toLocalInput(toMs(e.at)).slice(0, 10)}`}>{cameraName(e.camera_id)}</Link> : '—'}</td>
              <td>{e.kind}</td>
              <td>
                <span className={`severity severity-${e.severity}`}>{e.severity}</span>
              </td>
              <td>
                <Payload payload={e.payload} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {olderError ? (
        <p className="notice notice-error" role="alert">
          {olderError}
        </p>
      ) : null}
      {first.data && first.data.length === PAGE && !extra.done ? (
        <button type="button" onClick={() => void loadOlder()}>
          Older events
        </button>
      ) : null}
    </>
  );
}

function Payload({ payload }: { payload: Record<string, unknown> }) {
  const entries = Object.entries(payload);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="payload">
      {entries.map(([k, v]) => (
        <span key={k}>
          <b>{formatKey(k)}</b> {formatDetail(k, v)}
        </span>
      ))}
    </span>
  );
}

/**
 * Events logged after `afterId`, as they happen, from the server-sent event stream (EventSource sends
 * the session cookie, and resumes with Last-Event-ID after a dropped connection), newest first.
 */
function useLiveEvents(key: string | null, filters: { camera_id: string; kind: string }, afterId: number | null): HeldarEvent[] {
  const [events, setEvents] = useState<{ key: string | null; list: HeldarEvent[] }>({ key, list: [] });
  useEffect(() => {
    if (key === null) return;
    setEvents({ key, list: [] });
    const params = new URLSearchParams();
    if (filters.camera_id) params.set('camera_id', filters.camera_id);
    if (filters.kind) params.set('kind', filters.kind);
    if (afterId !== null) params.set('after_id', String(afterId));
    const source = new EventSource(`/api/events/stream?${params.toString()}`);
    source.onmessage = (message: MessageEvent<string>) => {
      try {
        const event = JSON.parse(message.data) as HeldarEvent;
        setEvents((s) => (s.key === key ? { key, list: [event, ...s.list].slice(0, 1000) } : s));
      } catch {
        // Not an event (a comment line never reaches onmessage; anything else is skipped).
      }
    };
    return () => source.close();
    // afterId and the filters are read when the stream opens (the key carries the filters); a refresh
    // of the first page must not reopen it.
  }, [key]);
  return events.key === key ? events.list : [];
}

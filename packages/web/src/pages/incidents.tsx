import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { Incident } from '../api/models';
import { ArchiveButton } from '../components/archive-button';
import { CameraFilter, DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { formatBytes, formatDateTime, fromLocalInput, toIso, toLocalInput } from '../format';
import { useLoad } from '../hooks';
import { ROLES_FOR } from '../roles';
import { navigate, useLocation, useTitle } from '../router';
import { useSession } from '../session';
import { useCameras } from '../api/queries';

type Status = 'open' | 'released' | 'all';

/** Incidents hold footage as evidence (retention never deletes it while open). */
export function IncidentsPage() {
  useTitle('Incidents');
  const { can } = useSession();
  const id = useId();
  const { query } = useLocation();
  const status = (['open', 'released', 'all'].includes(query.get('status') ?? '') ? query.get('status') : 'open') as Status;
  const camera = query.get('camera_id') ?? '';
  const cameras = useCameras();
  const incidents = useLoad(`incidents:${status}`, (signal) =>
    unwrap(http.GET('/api/incidents', { params: { query: { status, limit: 500 } }, signal })).then((r) => r.incidents),
  );
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);

  const setFilter = (next: { status?: Status; camera_id?: string }) => {
    const params = new URLSearchParams();
    params.set('status', next.status ?? status);
    const cam = next.camera_id ?? camera;
    if (cam) params.set('camera_id', cam);
    navigate(`/incidents?${params.toString()}`);
  };

  const release = async (incident: Incident) => {
    try {
      await unwrap(http.POST('/api/incidents/{id}/release', { params: { path: { id: incident.id } } }));
      setMessage({ ok: true, text: `Released “${incident.title}”: its footage follows retention again.` });
      setConfirm(null);
      incidents.reload();
    } catch (e: unknown) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };

  const shown = (incidents.data ?? []).filter((i) => !camera || i.cameras.includes(camera));
  const name = (cid: string) => cameras.data?.find((c) => c.id === cid)?.name ?? cid;

  return (
    <>
      <h1>Incidents</h1>
      <div className="filters row wrap" role="group" aria-label="Filter incidents">
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setFilter({ status: e.target.value as Status })}>
            <option value="open">Open</option>
            <option value="released">Released</option>
            <option value="all">All</option>
          </select>
        </div>
        <CameraFilter id={`${id}-camera`} value={camera} cameras={cameras.data} onChange={(camera_id) => setFilter({ camera_id })} />
      </div>
      <OutcomeNotice outcome={message} />
      <ErrorNotice error={incidents.error} />
      {incidents.data === undefined && !incidents.error ? (
        <Loading what="loading incidents" />
      ) : shown.length === 0 ? (
        <p className="muted">No incidents.</p>
      ) : (
        <DataTable headers={['Title', 'Cameras', 'Range', 'Held', 'Opened', 'Status']}>
          {shown.map((i) => (
            <tr key={i.id}>
              <td>
                <b>{i.title}</b>
                {i.notes ? <p className="muted pre">{i.notes}</p> : null}
                {can(ROLES_FOR.incidents) ? <ArchiveButton incident={i} /> : null}
              </td>
              <td>{i.cameras.map(name).join(', ')}</td>
              <td className="nowrap">
                {formatDateTime(i.from)} –<br />
                {formatDateTime(i.to)}
              </td>
              <td>
                {i.segments} segments, {formatBytes(i.bytes)}
              </td>
              <td>
                {formatDateTime(i.created_at)}
                {i.created_by ? ` by ${i.created_by}` : ''}
              </td>
              <td>
                {i.status === 'open' ? (
                  can(ROLES_FOR.incidents) ? (
                    confirm === i.id ? (
                      <span className="confirm">
                        <button type="button" className="danger small" onClick={() => void release(i)}>
                          Release the hold
                        </button>
                        <button type="button" className="small" onClick={() => setConfirm(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="small" onClick={() => setConfirm(i.id)}>
                        Release…
                      </button>
                    )
                  ) : (
                    'open'
                  )
                ) : (
                  <>
                    released {formatDateTime(i.released_at)}
                    {i.released_by ? ` by ${i.released_by}` : ''}
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {can(ROLES_FOR.incidents) ? <NewIncident cameras={(cameras.data ?? []).map((c) => ({ id: c.id, name: c.name }))} onCreated={() => { setMessage({ ok: true, text: 'Incident opened: its footage is held.' }); incidents.reload(); }} /> : null}
    </>
  );
}

function NewIncident({ cameras, onCreated }: { cameras: { id: string; name: string }[]; onCreated: () => void }) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [notes, setNotes] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - 3_600_000));
  const [to, setTo] = useState(() => toLocalInput(Date.now()));
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const f = fromLocalInput(from);
      const t = fromLocalInput(to);
      await unwrap(
        http.POST('/api/incidents', {
          body: { title, notes, cameras: chosen, from: Number.isFinite(f) ? toIso(f) : from, to: Number.isFinite(t) ? toIso(t) : to },
        }),
      );
      setTitle('');
      setNotes('');
      setChosen([]);
      onCreated();
    } catch (err: unknown) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Open an incident</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error ? (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-t`}>Title</label>
          <input id={`${id}-t`} value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-n`}>Notes</label>
          <textarea id={`${id}-n`} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
        </div>
        <fieldset>
          <legend>Cameras</legend>
          <div className="row wrap">
            {cameras.map((c) => (
              <label key={c.id} className="inline">
                <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} /> {c.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="row wrap">
          <div className="field">
            <label htmlFor={`${id}-f`}>From</label>
            <input id={`${id}-f`} type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input id={`${id}-to`} type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="primary">
          Open incident
        </button>
      </form>
    </section>
  );
}

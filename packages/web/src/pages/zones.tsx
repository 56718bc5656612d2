import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { Camera, Zone, ZoneKind } from '../api/models';
import type { paths } from '../api/openapi.gen';
import { useCamera } from '../api/queries';
import { Snapshot } from '../components/snapshot';
import { ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { ZoneCanvas, type Point, type ShapeView } from '../components/zone-canvas';
import { useLoad } from '../hooks';
import { ROLES_FOR } from '../roles';
import { Link, useTitle } from '../router';
import { useSession } from '../session';

type ZoneFields = Omit<Zone, 'id' | 'camera_id' | 'created_at' | 'updated_at'>;

interface Draft extends ZoneFields {
  id: number | null;
}

const NEW_ZONE: Draft = {
  id: null,
  name: '',
  kind: 'polygon',
  points: [],
  labels: [],
  min_confidence: 0.5,
  inertia_frames: 1,
  dwell_seconds: 0,
  trigger_recording: false,
};

type ZoneBody = NonNullable<paths['/api/cameras/{id}/zones']['post']['requestBody']>['content']['application/json'];

/** A number box's value, or nothing when the box is empty (NaN would travel as null, which the API refuses). */
function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The body the zones API takes: every field (a PATCH with all of them replaces the zone's definition),
 * except an emptied number box, left out so the zone keeps its value (or a new zone gets the default).
 */
function zoneBody(d: Draft, labelsText: string): ZoneBody {
  return {
    name: d.name.trim(),
    kind: d.kind,
    points: d.points,
    labels: labelsText
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
    min_confidence: finite(d.min_confidence),
    inertia_frames: finite(d.inertia_frames),
    dwell_seconds: finite(d.dwell_seconds),
    trigger_recording: d.trigger_recording,
  };
}

export function ZonesPage({ cameraId }: { cameraId: string }) {
  const { can } = useSession();
  const camera = useCamera(cameraId);
  const zones = useLoad(`zones:${cameraId}`, (signal) =>
    // openapi-fetch widens the [x, y] tuples of the schema to number[]; the kernel sends pairs.
    unwrap(http.GET('/api/cameras/{id}/zones', { params: { path: { id: cameraId } }, signal })).then((r) => r.zones as Zone[]),
  );
  useTitle(`Zones of ${camera.data?.name ?? cameraId}`);
  const editable = can(ROLES_FOR.editZones);

  if (camera.error) return <ErrorNotice error={camera.error} />;
  if (!camera.data) return <Loading what="loading the camera" />;
  return (
    <>
      <div className="page-head">
        <h1>Zones of {camera.data.name}</h1>
        <Link to={`/cameras/${encodeURIComponent(cameraId)}`}>Back to the camera</Link>
      </div>
      {zones.error ? (
        <ErrorNotice error={zones.error} />
      ) : zones.data === undefined ? (
        <Loading what="loading zones" />
      ) : (
        <ZoneEditor camera={camera.data} zones={zones.data} editable={editable} onSaved={zones.reload} />
      )}
    </>
  );
}

function ZoneEditor({ camera, zones, editable, onSaved }: { camera: Camera; zones: Zone[]; editable: boolean; onSaved: () => void }) {
  const id = useId();
  const [aspect, setAspect] = useState(16 / 9);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [labelsText, setLabelsText] = useState('');
  const [drawing, setDrawing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const start = (zone: Zone | null) => {
    setMessage(null);
    if (zone) {
      setDraft({ ...zone, points: zone.points.map(([x, y]) => [x, y] as Point) });
      setLabelsText(zone.labels.join(', '));
      setDrawing(false);
    } else {
      setDraft({ ...NEW_ZONE, name: `Zone ${zones.length + 1}` });
      setLabelsText('');
      setDrawing(true);
    }
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    setBusy(true);
    setMessage(null);
    try {
      const body = zoneBody(draft, labelsText);
      const saved =
        draft.id === null
          ? await unwrap(http.POST('/api/cameras/{id}/zones', { params: { path: { id: camera.id } }, body }))
          : await unwrap(http.PATCH('/api/cameras/{id}/zones/{zid}', { params: { path: { id: camera.id, zid: draft.id } }, body }));
      setDraft({ ...saved, points: saved.points as Point[] });
      setDrawing(false);
      setMessage({ ok: true, text: `Saved zone “${saved.name}”.` });
      onSaved();
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!draft || draft.id === null) return;
    try {
      await unwrap(http.DELETE('/api/cameras/{id}/zones/{zid}', { params: { path: { id: camera.id, zid: draft.id } } }));
      setMessage({ ok: true, text: `Deleted zone “${draft.name}”.` });
      setDraft(null);
      onSaved();
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };

  const others: ShapeView[] = zones.filter((z) => z.id !== draft?.id).map((z) => ({ key: String(z.id), name: z.name, kind: z.kind, points: z.points }));
  const draftView: ShapeView | null = draft ? { key: 'draft', name: draft.name, kind: draft.kind, points: draft.points } : null;
  const minPoints = draft?.kind === 'line' ? 2 : 3;

  return (
    <div className="zones-layout">
      <section className="panel">
        <ZoneCanvas
          background={<Snapshot camera={camera} refreshMs={10_000} onSize={(w, h) => h > 0 && setAspect(w / h)} />}
          aspect={aspect}
          others={others}
          draft={draftView}
          drawing={drawing}
          editable={editable}
          onPoints={(points) => set('points', points)}
          onFinish={() => setDrawing(false)}
        />
        {drawing && draft ? (
          <p className="notice notice-info" role="status">
            {draft.kind === 'line'
              ? `Click two points for the line (${draft.points.length} of 2).`
              : `Click the corners of the zone (${draft.points.length} so far); click the first point, double-click or press Finish to close it.`}
          </p>
        ) : null}
      </section>
      <section className="panel zones-side">
        <h2>Zones</h2>
        {zones.length === 0 ? <p className="muted">No zones yet.</p> : null}
        <ul className="zone-list">
          {zones.map((z) => (
            <li key={z.id}>
              <button type="button" className={`link${draft?.id === z.id ? ' current' : ''}`} onClick={() => start(z)} aria-pressed={draft?.id === z.id}>
                {z.name}
              </button>{' '}
              <span className="muted">
                {z.kind}, {z.points.length} points{z.labels.length ? `, ${z.labels.join('/')}` : ''}
                {z.trigger_recording ? ', triggers recording' : ''}
              </span>
            </li>
          ))}
        </ul>
        {editable ? (
          <button type="button" className="primary" onClick={() => start(null)} data-testid="new-zone">
            New zone
          </button>
        ) : null}
        <OutcomeNotice outcome={message} testId="zone-message" />
        {draft ? (
          <form className="zone-form" onSubmit={(e) => void save(e)} noValidate>
            <fieldset disabled={!editable}>
              <legend>{draft.id === null ? 'New zone' : `Zone ${draft.name}`}</legend>
              <div className="field">
                <label htmlFor={`${id}-name`}>Name</label>
                <input id={`${id}-name`} value={draft.name} onChange={(e) => set('name', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-kind`}>Kind</label>
                <select
                  id={`${id}-kind`}
                  value={draft.kind}
                  onChange={(e) => {
                    const kind = e.target.value as ZoneKind;
                    setDraft((d) => (d ? { ...d, kind, points: kind === 'line' ? d.points.slice(0, 2) : d.points } : d));
                  }}
                >
                  <option value="polygon">Area (polygon)</option>
                  <option value="line">Line (crossing)</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-labels`}>Labels</label>
                <input id={`${id}-labels`} value={labelsText} onChange={(e) => setLabelsText(e.target.value)} placeholder="person, car" aria-describedby={`${id}-labels-hint`} />
                <small className="hint" id={`${id}-labels-hint`}>
                  Comma-separated; empty: every label.
                </small>
              </div>
              <div className="row wrap">
                <div className="field">
                  <label htmlFor={`${id}-conf`}>Min. confidence</label>
                  <input id={`${id}-conf`} className="short" type="number" step={0.05} min={0} max={1} value={draft.min_confidence} onChange={(e) => set('min_confidence', e.target.valueAsNumber)} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-dwell`}>Dwell (s)</label>
                  <input id={`${id}-dwell`} className="short" type="number" step={1} min={0} value={draft.dwell_seconds} onChange={(e) => set('dwell_seconds', e.target.valueAsNumber)} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-inertia`}>Inertia (frames)</label>
                  <input id={`${id}-inertia`} className="short" type="number" step={1} min={0} value={draft.inertia_frames} onChange={(e) => set('inertia_frames', e.target.valueAsNumber)} />
                </div>
              </div>
              <label className="inline">
                <input type="checkbox" checked={draft.trigger_recording} onChange={(e) => set('trigger_recording', e.target.checked)} /> Trigger event recording
              </label>
              <details className="points-table">
                <summary>Points ({draft.points.length}) — edit by number</summary>
                <ol>
                  {draft.points.map(([x, y], i) => (
                    <li key={i} className="row">
                      <label>
                        x <input type="number" className="short" step={0.01} min={0} max={1} value={x} onChange={(e) => set('points', draft.points.map((p, j) => (j === i ? [e.target.valueAsNumber, p[1]] : p)))} />
                      </label>
                      <label>
                        y <input type="number" className="short" step={0.01} min={0} max={1} value={y} onChange={(e) => set('points', draft.points.map((p, j) => (j === i ? [p[0], e.target.valueAsNumber] : p)))} />
                      </label>
                      <button type="button" className="link danger" onClick={() => set('points', draft.points.filter((_, j) => j !== i))}>
                        Remove point {i + 1}
                      </button>
                    </li>
                  ))}
                </ol>
              </details>
              <div className="actions">
                {drawing ? (
                  <button type="button" onClick={() => setDrawing(false)} disabled={draft.points.length < minPoints}>
                    Finish shape
                  </button>
                ) : (
                  <button type="button" onClick={() => { set('points', []); setDrawing(true); }}>
                    Redraw
                  </button>
                )}
                <button type="submit" className="primary" disabled={busy || drawing}>
                  Save zone
                </button>
                {draft.id !== null ? (
                  <button type="button" className="danger" onClick={() => void remove()}>
                    Delete zone
                  </button>
                ) : null}
                <button type="button" onClick={() => { setDraft(null); setDrawing(false); }}>
                  Cancel
                </button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </section>
    </div>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import { ConfirmAction, DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import type { BackupPolicy } from './backup-types';

const EMPTY = { name: '', destination_id: '', cameras: '', every_minutes: '60', look_back_hours: '24', only_incidents: false, include_database: true };

/** What is copied where and how often; "Run now" queues a job. */
export function PoliciesSection() {
  const id = useId();
  const list = useLoad('backup-policies', (signal) => unwrap(http.GET('/api/backup/policies', { signal })).then((r) => r.policies), 15_000);
  const destinations = useLoad('backup-destinations', (signal) => unwrap(http.GET('/api/backup/destinations', { signal })).then((r) => r.destinations), 15_000);
  const [form, setForm] = useState(EMPTY);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (action: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await action() });
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
    list.reload();
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const camera_ids = form.cameras.split(',').map((c) => c.trim()).filter((c) => c !== '');
      const body = {
        name: form.name,
        destination_id: form.destination_id || (destinations.data?.[0]?.id ?? ''),
        camera_ids,
        every_minutes: Number(form.every_minutes),
        look_back_hours: Number(form.look_back_hours),
        only_incidents: form.only_incidents,
        include_database: form.include_database,
      };
      const created = await unwrap(http.POST('/api/backup/policies', { body }));
      setForm(EMPTY);
      return `Added ${created.name}.`;
    });
  };
  const runNow = (p: BackupPolicy) =>
    run(async () => {
      const job = await unwrap(http.POST('/api/backup/policies/{id}/run', { params: { path: { id: p.id } }, body: {} }));
      return `Queued job ${job.id} for ${p.name}.`;
    });
  const toggle = (p: BackupPolicy) =>
    run(async () => {
      await unwrap(http.PATCH('/api/backup/policies/{id}', { params: { path: { id: p.id } }, body: { enabled: !p.enabled } }));
      return p.enabled ? `Paused ${p.name}.` : `Enabled ${p.name}.`;
    });
  const remove = (p: BackupPolicy) =>
    run(async () => {
      await unwrap(http.DELETE('/api/backup/policies/{id}', { params: { path: { id: p.id } } }));
      return `Removed ${p.name}.`;
    });
  const destinationName = (destinationId: string) => destinations.data?.find((d) => d.id === destinationId)?.name ?? destinationId;

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="backup-policies">
      <h2 id={`${id}-title`}>Policies</h2>
      <OutcomeNotice outcome={message} testId="backup-policy-outcome" />
      <ErrorNotice error={list.error} />
      {list.data === undefined && !list.error ? (
        <Loading what="loading policies" />
      ) : (list.data ?? []).length === 0 ? (
        <p className="muted">No policies.</p>
      ) : (
        <DataTable headers={['Name', 'Destination', 'Cameras', 'Every', 'Last run', <span className="visually-hidden">Actions</span>]}>
          {(list.data ?? []).map((p) => (
            <tr key={p.id}>
              <td>
                {p.name}
                {p.enabled ? null : <span className="badge badge-muted">paused</span>}
              </td>
              <td>{destinationName(p.destination_id)}</td>
              <td>{p.camera_ids.length === 0 ? 'all' : p.camera_ids.join(', ')}{p.only_incidents ? ' (incidents only)' : ''}{p.include_database ? ' + database' : ''}</td>
              <td>{p.every_minutes} min, {p.look_back_hours} h back</td>
              <td>{formatDateTime(p.last_run_at)}</td>
              <td className="actions">
                <button type="button" className="small" onClick={() => void runNow(p)}>
                  Run now
                </button>
                <button type="button" className="small" onClick={() => void toggle(p)}>
                  {p.enabled ? 'Pause' : 'Enable'}
                </button>
                <ConfirmAction ask="Remove" confirm={`Remove ${p.name}?`} onConfirm={() => remove(p)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>Add a policy</h3>
      <form onSubmit={create} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} autoComplete="off" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-dest`}>Destination</label>
          <select id={`${id}-dest`} value={form.destination_id} onChange={(e) => setForm({ ...form, destination_id: e.target.value })}>
            {(destinations.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-cameras`}>Cameras (ids, comma-separated; empty: all)</label>
          <input id={`${id}-cameras`} autoComplete="off" value={form.cameras} onChange={(e) => setForm({ ...form, cameras: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-every`}>Every (minutes)</label>
          <input id={`${id}-every`} type="number" min={1} value={form.every_minutes} onChange={(e) => setForm({ ...form, every_minutes: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-back`}>Look back (hours)</label>
          <input id={`${id}-back`} type="number" min={1} value={form.look_back_hours} onChange={(e) => setForm({ ...form, look_back_hours: e.target.value })} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={form.only_incidents} onChange={(e) => setForm({ ...form, only_incidents: e.target.checked })} /> Only footage held by incidents
          </label>
          <label>
            <input type="checkbox" checked={form.include_database} onChange={(e) => setForm({ ...form, include_database: e.target.checked })} /> Include the database
          </label>
        </div>
        <button type="submit" className="primary">
          Add policy
        </button>
      </form>
    </section>
  );
}

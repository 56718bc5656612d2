import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import { ConfirmAction, DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { useLoad } from '../hooks';
import type { BackupDestination, DestinationCreate } from './backup-types';

type Kind = DestinationCreate['kind'];

const EMPTY = { name: '', kind: 'local' as Kind, path: '', host: '', port: '22', username: '', password: '', private_key: '', endpoint: '', region: '', bucket: '', prefix: '', access_key_id: '', secret_key: '', path_style: true };

/** Where copies go: a folder, an SFTP server or an S3 bucket; a test button per destination. */
export function DestinationsSection() {
  const id = useId();
  const list = useLoad('backup-destinations', (signal) => unwrap(http.GET('/api/backup/destinations', { signal })).then((r) => r.destinations), 15_000);
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
      const body: DestinationCreate = { name: form.name, kind: form.kind };
      const set = (key: keyof typeof EMPTY) => (form[key] === '' ? undefined : form[key]);
      if (form.kind === 'local') Object.assign(body, { path: set('path') });
      if (form.kind === 'sftp') Object.assign(body, { host: set('host'), port: Number(form.port) || 22, username: set('username'), password: set('password'), private_key: set('private_key'), path: set('path') });
      if (form.kind === 's3')
        Object.assign(body, { endpoint: set('endpoint'), region: set('region'), bucket: set('bucket'), prefix: set('prefix'), access_key_id: set('access_key_id'), secret_key: set('secret_key'), path_style: form.path_style });
      const created = await unwrap(http.POST('/api/backup/destinations', { body }));
      setForm(EMPTY);
      return `Added ${created.name}.`;
    });
  };
  const test = (d: BackupDestination) =>
    run(async () => {
      const result = await unwrap(http.POST('/api/backup/destinations/{id}/test', { params: { path: { id: d.id } } }));
      if (!result.ok) throw new Error(`${d.name}: ${result.error ?? 'failed'}`);
      return `${d.name} works (${result.latency_ms} ms).`;
    });
  const remove = (d: BackupDestination) =>
    run(async () => {
      await unwrap(http.DELETE('/api/backup/destinations/{id}', { params: { path: { id: d.id } } }));
      return `Removed ${d.name}.`;
    });
  const field = (key: keyof typeof EMPTY, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {key === 'private_key' ? (
        <textarea id={`${id}-${key}`} rows={3} value={String(form[key])} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
      ) : (
        <input id={`${id}-${key}`} type={type} autoComplete="off" value={String(form[key])} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
      )}
    </div>
  );

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="backup-destinations">
      <h2 id={`${id}-title`}>Destinations</h2>
      <OutcomeNotice outcome={message} testId="backup-destination-outcome" />
      <ErrorNotice error={list.error} />
      {list.data === undefined && !list.error ? (
        <Loading what="loading destinations" />
      ) : (list.data ?? []).length === 0 ? (
        <p className="muted">No destinations.</p>
      ) : (
        <DataTable headers={['Name', 'Kind', 'Where', <span className="visually-hidden">Actions</span>]}>
          {(list.data ?? []).map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{d.kind}</td>
              <td>{d.kind === 'local' ? d.path : d.kind === 'sftp' ? `${d.username ?? ''}@${d.host ?? ''}:${d.port ?? 22}${d.path ?? ''}` : `${d.endpoint ?? ''} ${d.bucket ?? ''}/${d.prefix ?? ''}`}</td>
              <td className="actions">
                <button type="button" className="small" onClick={() => void test(d)}>
                  Test
                </button>
                <ConfirmAction ask="Remove" confirm={`Remove ${d.name}? The copies on it stay.`} onConfirm={() => remove(d)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>Add a destination</h3>
      <form onSubmit={create} noValidate>
        {field('name', 'Name')}
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}>
            <option value="local">local folder</option>
            <option value="sftp">SFTP server</option>
            <option value="s3">S3-compatible bucket</option>
          </select>
        </div>
        {form.kind === 'local' ? field('path', 'Folder (absolute, outside the recordings)') : null}
        {form.kind === 'sftp' ? (
          <>
            {field('host', 'Host')}
            {field('port', 'Port', 'number')}
            {field('username', 'User name')}
            {field('password', 'Password', 'password')}
            {field('private_key', 'Private key (instead of a password)')}
            {field('path', 'Folder on the server (absolute)')}
          </>
        ) : null}
        {form.kind === 's3' ? (
          <>
            {field('endpoint', 'Endpoint URL')}
            {field('region', 'Region')}
            {field('bucket', 'Bucket')}
            {field('prefix', 'Key prefix')}
            {field('access_key_id', 'Access key id')}
            {field('secret_key', 'Secret key', 'password')}
            <div className="field">
              <label>
                <input type="checkbox" checked={form.path_style} onChange={(e) => setForm({ ...form, path_style: e.target.checked })} /> Path-style URLs (MinIO and most self-hosted servers)
              </label>
            </div>
          </>
        ) : null}
        <p className="hint">Private and loopback hosts are refused unless HELDAR_OUTBOUND_ALLOW names them. Secrets are stored encrypted and never shown again.</p>
        <button type="submit" className="primary">
          Add destination
        </button>
      </form>
    </section>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { compactQuery, http, unwrap } from '../api/client';
import type { paths } from '../api/openapi.gen';

type AuditOutcome = NonNullable<paths['/api/audit']['get']['parameters']['query']>['outcome'];
import { DataTable, ErrorNotice, Loading } from '../components/ui';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { ROLES_FOR } from '../roles';
import { navigate, useLocation, useTitle } from '../router';
import { useSession } from '../session';

const OUTCOMES = ['ok', 'denied', 'failed', 'rejected', 'error', 'throttled'];

/** Who did what: every change, sign-in and export (admins). */
export function AuditPage() {
  useTitle('Audit log');
  const { can } = useSession();
  const id = useId();
  const { query } = useLocation();
  const filters = { actor: query.get('actor') ?? '', action: query.get('action') ?? '', outcome: query.get('outcome') ?? '' };
  const [form, setForm] = useState(filters);
  const allowed = can(ROLES_FOR.audit);
  const entries = useLoad(allowed ? `audit:${JSON.stringify(filters)}` : null, (signal) =>
    unwrap(http.GET('/api/audit', { params: { query: compactQuery({ ...filters, outcome: (filters.outcome || undefined) as AuditOutcome | undefined, limit: 200 }) }, signal })).then((r) => r.entries),
  );
  if (!can(ROLES_FOR.audit)) return <p className="notice notice-error">Only an admin can read the audit log.</p>;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const params = new URLSearchParams(Object.entries(form).filter(([, v]) => v.trim() !== ''));
    const qs = params.toString();
    navigate(qs ? `/audit?${qs}` : '/audit');
  };
  return (
    <>
      <h1>Audit log</h1>
      <form className="filters row wrap" onSubmit={apply} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor={`${id}-actor`}>Actor</label>
          <input id={`${id}-actor`} value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <input id={`${id}-action`} value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })} placeholder="POST /api/clips or login" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-outcome`}>Outcome</label>
          <select id={`${id}-outcome`} value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.target.value })}>
            <option value="">Any</option>
            {OUTCOMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Apply
        </button>
      </form>
      <ErrorNotice error={entries.error} />
      {entries.data === undefined && !entries.error ? (
        <Loading what="loading the audit log" />
      ) : (
        <DataTable headers={['Time', 'Actor', 'Action', 'Target', 'Outcome', 'Address']}>
          {(entries.data ?? []).map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{formatDateTime(e.at)}</td>
              <td>
                {e.actor ?? '—'} <span className="muted">({e.actor_kind})</span>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.target_id ?? '—'}</td>
              <td>
                <span className={`severity severity-${e.outcome === 'ok' ? 'info' : 'warning'}`}>{e.outcome}</span>
                {e.status !== null ? <span className="muted"> {e.status}</span> : null}
              </td>
              <td>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

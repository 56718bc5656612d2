import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import { KEY_SCOPES, type ApiKey, type CreatedApiKey, type KeyScope } from '../api/models';
import { ConfirmAction, DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { ROLES_FOR } from '../roles';
import { useTitle } from '../router';
import { useSession } from '../session';

const SCOPE_HINT: Record<KeyScope, string> = {
  worker: 'the worker API only (perception workers)',
  integration: 'acts as an operator (apps)',
  admin: 'acts as an admin (automation)',
  metrics: 'scrapes GET /metrics only (Prometheus)',
};

export function KeysPage() {
  useTitle('API keys');
  const { can } = useSession();
  const id = useId();
  const keys = useLoad(can(ROLES_FOR.keys) ? 'keys' : null, (signal) => unwrap(http.GET('/api/keys', { signal })).then((r) => r.keys));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>(['integration']);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  if (!can(ROLES_FOR.keys)) return <p className="notice notice-error">Only an admin can manage API keys.</p>;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setCopied(false);
    try {
      setCreated(await unwrap(http.POST('/api/keys', { body: { name, scopes } })));
      setName('');
      keys.reload();
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  const revoke = async (key: ApiKey) => {
    try {
      await unwrap(http.DELETE('/api/keys/{id}', { params: { path: { id: key.id } } }));
      setMessage({ ok: true, text: `Revoked ${key.name}.` });
      keys.reload();
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      // No clipboard permission (plain http on another host): the key is selectable text.
      setCopied(false);
    }
  };

  return (
    <>
      <h1>API keys</h1>
      {created ? (
        <section className="panel key-once" aria-labelledby={`${id}-new`} data-testid="new-key">
          <h2 id={`${id}-new`}>Key “{created.name}” created</h2>
          <p className="notice notice-warn">Copy the key now: it is shown only this once and cannot be shown again.</p>
          <div className="row">
            <code className="hash" data-testid="new-key-value">
              {created.key}
            </code>
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="hint">Send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
          <button type="button" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </section>
      ) : null}
      <OutcomeNotice outcome={message} />
      <ErrorNotice error={keys.error} />
      {keys.data === undefined && !keys.error ? (
        <Loading what="loading keys" />
      ) : (keys.data ?? []).length === 0 ? (
        <p className="muted">No API keys.</p>
      ) : (
        <DataTable headers={['Name', 'Scopes', 'Created', 'Last used', <span className="visually-hidden">Actions</span>]}>
          {(keys.data ?? []).map((k) => (
            <tr key={k.id} className={k.revoked_at ? 'revoked' : undefined}>
              <td>{k.name}</td>
              <td>{k.scopes.join(', ')}</td>
              <td>
                {formatDateTime(k.created_at)}
                {k.created_by ? ` by ${k.created_by}` : ''}
              </td>
              <td>{formatDateTime(k.last_used_at)}</td>
              <td>
                {k.revoked_at ? (
                  `revoked ${formatDateTime(k.revoked_at)}`
                ) : (
                  <ConfirmAction ask="Revoke…" confirm={`Revoke ${k.name}`} onConfirm={() => revoke(k)} />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <section className="panel" aria-labelledby={`${id}-create`}>
        <h2 id={`${id}-create`}>Create a key</h2>
        <form onSubmit={(e) => void create(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} placeholder="gate-worker-1" />
          </div>
          <fieldset>
            <legend>Scopes</legend>
            {KEY_SCOPES.map((s) => (
              <label key={s} className="inline block">
                <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> <b>{s}</b>:{' '}
                {SCOPE_HINT[s]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary">
            Create key
          </button>
        </form>
      </section>
    </>
  );
}

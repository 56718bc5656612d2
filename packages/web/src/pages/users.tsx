import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { Role, User } from '../api/models';
import { ConfirmAction, DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { ROLES_FOR } from '../roles';
import { useTitle } from '../router';
import { useSession } from '../session';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

export function UsersPage() {
  useTitle('Users');
  const { can, user: me } = useSession();
  const id = useId();
  const users = useLoad(can(ROLES_FOR.users) ? 'users' : null, (signal) => unwrap(http.GET('/api/users', { signal })).then((r) => r.users));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');

  if (!can(ROLES_FOR.users)) return <p className="notice notice-error">Only an admin can manage users.</p>;
  const act = async (what: () => Promise<unknown>, ok: string) => {
    setMessage(null);
    try {
      await what();
      setMessage({ ok: true, text: ok });
      users.reload();
      return true;
    } catch (e: unknown) {
      setMessage({ ok: false, text: errorMessage(e) });
      return false;
    }
  };
  const setPassword = async (e: FormEvent, u: User) => {
    e.preventDefault();
    if (await act(() => unwrap(http.PATCH('/api/users/{id}', { params: { path: { id: u.id } }, body: { password: newPassword } })), `Password of ${u.username} changed; their sessions have ended.`)) {
      setPasswordFor(null);
      setNewPassword('');
    }
  };

  return (
    <>
      <h1>Users</h1>
      <OutcomeNotice outcome={message} />
      <ErrorNotice error={users.error} />
      {users.data === undefined && !users.error ? (
        <Loading what="loading users" />
      ) : (
        <DataTable headers={['User', 'Role', 'Last sign-in', <span className="visually-hidden">Actions</span>]}>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <td>
                {u.username}
                {me?.id === u.id ? <span className="muted"> (you)</span> : null}
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`${id}-role-${u.id}`}>
                  Role of {u.username}
                </label>
                <select
                  id={`${id}-role-${u.id}`}
                  value={u.role}
                  onChange={(e) => void act(() => unwrap(http.PATCH('/api/users/{id}', { params: { path: { id: u.id } }, body: { role: e.target.value as Role } })), `${u.username} is now ${e.target.value}.`)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>{formatDateTime(u.last_login_at)}</td>
              <td className="actions">
                {passwordFor === u.id ? (
                  <form className="row" onSubmit={(e) => void setPassword(e, u)}>
                    <label className="visually-hidden" htmlFor={`${id}-pw-${u.id}`}>
                      New password for {u.username}
                    </label>
                    <input id={`${id}-pw-${u.id}`} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} placeholder="new password" />
                    <button type="submit" className="small primary">
                      Set
                    </button>
                    <button type="button" className="small" onClick={() => setPasswordFor(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <button type="button" className="small" onClick={() => { setPasswordFor(u.id); setNewPassword(''); }}>
                    Set password…
                  </button>
                )}
                <ConfirmAction
                  ask="Delete…"
                  confirm={`Delete ${u.username}`}
                  onConfirm={() => act(() => unwrap(http.DELETE('/api/users/{id}', { params: { path: { id: u.id } } })), `Deleted ${u.username}.`)}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <NewUser onCreated={(name) => { setMessage({ ok: true, text: `Added ${name}.` }); users.reload(); }} />
    </>
  );
}

function NewUser({ onCreated }: { onCreated: (name: string) => void }) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await unwrap(http.POST('/api/users', { body: { username, password, role } }));
      setUsername('');
      setPassword('');
      onCreated(created.username);
    } catch (err: unknown) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add a user</h2>
      <form className="row wrap" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-u`}>User name</label>
          <input id={`${id}-u`} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-p`}>Password</label>
          <input id={`${id}-p`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={`${id}-p-hint`} />
          <small className="hint" id={`${id}-p-hint`}>
            At least 12 characters.
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-r`}>Role</label>
          <select id={`${id}-r`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Add user
        </button>
      </form>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { useTitle } from '../router';
import { useSession } from '../session';

/**
 * Where to go after signing in when the server sent the person here (`?next=`): only pages of this
 * server that live outside the app (the API docs), so the parameter cannot send anyone elsewhere.
 */
export function nextAfterSignIn(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  return next !== null && /^\/api\/docs(\/[\w./-]*)?$/.test(next) ? next : null;
}

export function LoginPage() {
  useTitle('Sign in');
  const session = useSession();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = nextAfterSignIn(window.location.search);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username, password);
      if (next !== null) window.location.assign(next);
    } catch (err: unknown) {
      if (err instanceof ApiError && err.status === 401) setError('Wrong user name or password.');
      else setError(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <form className="panel login-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>
          <span className="brand-mark" aria-hidden="true" /> Heldar
        </h1>
        {next !== null && !session.notice ? (
          <p className="notice notice-info" role="status">
            Sign in to see the API documentation.
          </p>
        ) : null}
        {session.notice ? (
          <p className="notice notice-info" role="status">
            {session.notice}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-user`}>User name</label>
          <input id={`${id}-user`} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {error ? (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

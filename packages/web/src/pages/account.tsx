import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import { OutcomeNotice } from '../components/ui';
import { useTitle } from '../router';
import { useSession } from '../session';

/** Who is signed in, and changing one's own password (POST /api/auth/password). */
export function AccountPage() {
  useTitle('Account');
  const { user } = useSession();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      await unwrap(http.POST('/api/auth/password', { body: { current_password: current, new_password: next } }));
      setCurrent('');
      setNext('');
      setMessage({ ok: true, text: 'Password changed. Your other sessions have been signed out.' });
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };

  return (
    <>
      <h1>Account</h1>
      <dl className="facts">
        <dt>Signed in as</dt>
        <dd>{user?.name}</dd>
        <dt>Role</dt>
        <dd>{user?.role}</dd>
      </dl>
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Change your password</h2>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-current`}>Current password</label>
            <input id={`${id}-current`} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-new`}>New password</label>
            <input id={`${id}-new`} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-describedby={`${id}-new-hint`} />
            <small className="hint" id={`${id}-new-hint`}>
              At least 12 characters.
            </small>
          </div>
          <OutcomeNotice outcome={message} />
          <button type="submit" className="primary">
            Change password
          </button>
        </form>
      </section>
    </>
  );
}

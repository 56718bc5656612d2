import { useState } from 'react';
import { errorMessage, http, unwrap } from '../../api/client';
import { ErrorNotice, Loading } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';

/** Email status and a test send for the Integrations page. */
export function EmailSection() {
  const status = useLoad('integrations/email', (signal) => unwrap(http.GET('/api/integrations/email', { signal })), 10_000);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const s = status.data;
  async function sendTest() {
    setSending(true);
    setResult(null);
    try {
      const sent = await unwrap(http.POST('/api/integrations/email/test'));
      setResult({ ok: true, text: `Test mail sent to ${sent.recipients.join(', ')}.` });
    } catch (e: unknown) {
      setResult({ ok: false, text: errorMessage(e) });
    } finally {
      setSending(false);
    }
  }
  return (
    <section className="panel" aria-label="Email">
      <h2>Email</h2>
      <ErrorNotice error={status.error} />
      {!s ? (
        status.error ? null : <Loading what="email status" />
      ) : !s.enabled ? (
        <p>Email is off. Set HELDAR_SMTP_HOST and HELDAR_SMTP_TO to mail events.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Server</dt>
            <dd>
              {s.host}:{s.port} ({s.tls})
            </dd>
            <dt>From</dt>
            <dd>{s.from}</dd>
            <dt>To</dt>
            <dd>{s.recipients.join(', ')}</dd>
            <dt>Mailed</dt>
            <dd>
              {s.min_severity} and worse, one digest per {s.digest_seconds} s burst
            </dd>
            <dt>Sent</dt>
            <dd>
              {s.sent} {s.last_sent_at ? `(last ${formatDateTime(s.last_sent_at)})` : ''}
            </dd>
            {s.last_error ? (
              <>
                <dt>Last error</dt>
                <dd>{s.last_error}</dd>
              </>
            ) : null}
          </dl>
          <button type="button" onClick={() => void sendTest()} disabled={sending}>
            {sending ? 'Sending…' : 'Send a test mail'}
          </button>
          {result ? <p className={result.ok ? 'notice' : 'notice notice-error'}>{result.text}</p> : null}
        </>
      )}
    </section>
  );
}

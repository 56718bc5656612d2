import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/mosquitto.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const use = testResources();
const SMTP_PASSWORD = 'smtp-pa55word-xyz';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that takes one user and keeps every mail it receives. */
async function smtpServer(): Promise<{ port: number; mails: Mail[]; logins: string[] }> {
  const mails: Mail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'heldar' && auth.password === SMTP_PASSWORD) {
        logins.push(auth.username);
        callback(null, { user: auth.username });
      } else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  use.defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, mails, logins };
}

function env(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HELDAR_SMTP_HOST: '127.0.0.1',
    HELDAR_SMTP_PORT: String(port),
    HELDAR_SMTP_TLS: 'none',
    HELDAR_SMTP_USERNAME: 'heldar',
    HELDAR_SMTP_PASSWORD: SMTP_PASSWORD,
    HELDAR_SMTP_FROM: 'nvr@example.test',
    HELDAR_SMTP_TO: 'ops@example.test, guard@example.test',
    HELDAR_SMTP_DIGEST_SECONDS: '1',
    ...extra,
  };
}

describe('email with a real SMTP server', () => {
  it('sends a test mail on request and reports its status without the password', async () => {
    const smtp = await smtpServer();
    const kernel = await use.kernel(env(smtp.port));
    const before = await kernel.inject({ url: '/api/integrations/email' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ enabled: true, host: '127.0.0.1', port: smtp.port, tls: 'none', recipients: ['ops@example.test', 'guard@example.test'], sent: 0 });
    expect(before.body).not.toContain(SMTP_PASSWORD);

    const res = await kernel.inject({ method: 'POST', url: '/api/integrations/email/test' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sent: true, recipients: ['ops@example.test', 'guard@example.test'] });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.logins).toEqual(['heldar']);
    expect(smtp.mails[0]).toMatchObject({ from: 'nvr@example.test', to: ['ops@example.test', 'guard@example.test'] });
    expect(smtp.mails[0]!.raw).toContain('Subject: [Heldar] test mail');
    expect((await kernel.inject({ url: '/api/integrations/email' })).json()).toMatchObject({ sent: 1, last_error: null });
  });

  it('mails a burst as one digest, leaving out events below the minimum severity', async () => {
    const smtp = await smtpServer();
    const kernel = await use.kernel(env(smtp.port));
    await kernel.startRecording();
    for (let i = 0; i < 5; i++) await kernel.events.log('gate', 'camera_offline', 'warning', { reason: 'exited', ran_seconds: i, retry_in_seconds: 1, detail: `burst ${i}` });
    await kernel.events.log('gate', 'camera_added', 'info', { name: 'below the minimum' });
    await waitFor('one digest', () => smtp.mails.length >= 1);
    // The window has closed and nothing more arrives.
    await waitFor('the digest window is over', async () => (await kernel.inject({ url: '/api/integrations/email' })).json().pending === 0);
    expect(smtp.mails).toHaveLength(1);
    const raw = smtp.mails[0]!.raw.replace(/=\r?\n/g, '');
    expect(raw).toContain('Subject: [Heldar] 5 events (worst: warning) on gate');
    for (let i = 0; i < 5; i++) expect(raw).toContain(`burst ${i}`);
    expect(raw).not.toContain('below the minimum');
  });

  it('refuses the test send with 409 when email is off, and 503 with the reason when the server refuses', async () => {
    const off = await use.kernel();
    const res = await off.inject({ method: 'POST', url: '/api/integrations/email/test' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('email is off');

    const smtp = await smtpServer();
    const wrong = await use.kernel(env(smtp.port, { HELDAR_SMTP_PASSWORD: 'wrong-password-123' }));
    const refused = await wrong.inject({ method: 'POST', url: '/api/integrations/email/test' });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().message).toBe('the test mail was not sent: Invalid login: 535 invalid credentials');
    expect(refused.body).not.toContain('wrong-password-123');
    expect(smtp.mails).toHaveLength(0);
  });
});

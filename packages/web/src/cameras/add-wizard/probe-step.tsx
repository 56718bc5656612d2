import { useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../../api/client';
import { ProbeProfiles } from '../probe-profiles';
import type { Pick, Prefill, ProbeResult } from './wizard-types';

/** The URL without its userinfo (a scan's URL carries a masked one), and the user name that was in it. */
export function splitUserinfo(url: string): { url: string; username: string } {
  try {
    const u = new URL(url);
    const username = decodeURIComponent(u.username);
    u.username = '';
    u.password = '';
    return { url: u.toString(), username };
  } catch {
    // Not a URL the browser parses (rare schemes): leave it for the server to judge.
    return { url, username: '' };
  }
}


function withCredentials(url: string, username: string, password: string): string {
  if (!username) return url;
  try {
    const u = new URL(url);
    u.username = encodeURIComponent(username);
    u.password = encodeURIComponent(password);
    return u.toString();
  } catch {
    // Left as typed: the server's 400 says what is wrong with it.
    return url;
  }
}

/**
 * Credentials for the picked camera, then a probe: the camera's profiles and the suggested main and
 * sub stream. Without a probe (it failed, or is skipped) the picked URL goes on as it is.
 */
export function ProbeStep({ pick, onDone, onBack }: { pick: Pick; onDone: (prefill: Prefill) => void; onBack: () => void }) {
  const bare = pick.kind === 'rtsp' ? splitUserinfo(pick.url) : null;
  const [username, setUsername] = useState(pick.kind === 'rtsp' ? (pick.username ?? bare?.username ?? '') : '');
  const [password, setPassword] = useState('');
  const [result, setResult] = useState<ProbeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = pick.kind === 'onvif' ? { onvif: { url: pick.onvifUrl, username, password } } : { url: withCredentials(bare!.url, username, password) };
      setResult(await unwrap(http.POST('/api/cameras/probe', { body })));
    } catch (err: unknown) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const next = () =>
    onDone({
      name: pick.name ?? '',
      stream_url: result?.suggested.stream_url ?? (bare?.url ?? ''),
      sub_stream_url: result?.suggested.sub_stream_url ?? '',
      username,
      password,
      onvif_url: result?.suggested.onvif_url ?? null,
    });

  return (
    <form className="wizard-step" onSubmit={(e) => void run(e)} noValidate aria-label="Credentials and probe">
      <p>
        <strong>{pick.label}</strong> <span className="muted">{pick.kind === 'onvif' ? pick.onvifUrl : bare!.url}</span>
      </p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="probe-username">User name</label>
          <input id="probe-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="probe-password">Password</label>
          <input id="probe-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Probing…' : 'Probe'}
        </button>
        <button type="button" onClick={next} data-testid="probe-next">
          {result ? 'Next' : 'Skip the probe'}
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div data-testid="probe-result">
          <ProbeProfiles result={result} profileTestId="probe-profile" showStreamUrls />
        </div>
      ) : null}
    </form>
  );
}

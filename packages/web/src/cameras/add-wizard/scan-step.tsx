import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../../api/client';
import type { Pick, ScanResult } from './wizard-types';

const POLL_MS = 1000;

/** A network scan of the addresses the user lists; progress until done, then pick a host with a stream. */
export function ScanStep({ onPick }: { onPick: (pick: Pick) => void }) {
  const [targets, setTargets] = useState('');
  const [ports, setPorts] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Poll the scan until it ends; the result is what a person waits for, progress is its counter.
  useEffect(() => {
    if (scan === null || scan.state !== 'running') return;
    const timer = setTimeout(() => {
      unwrap(http.GET('/api/discovery/scans/{id}', { params: { path: { id: scan.id } } }))
        .then(setScan)
        .catch((err: unknown) => setError(errorMessage(err)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [scan]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setScan(null);
    try {
      const portList = ports.split(/[\s,]+/).filter((p) => p !== '').map(Number);
      const body = {
        targets,
        ...(portList.length > 0 ? { ports: portList } : {}),
        ...(username ? { credentials: [{ username, password }] } : {}),
      };
      setScan(await unwrap(http.POST('/api/discovery/scan', { body })));
    } catch (err: unknown) {
      setError(errorMessage(err));
    }
  };

  const running = scan?.state === 'running';
  return (
    <form className="wizard-step" onSubmit={(e) => void start(e)} noValidate aria-label="Scan the network">
      <p className="hint">Scans only the addresses you list (at most 1,024) and tries only the login you give — never default passwords.</p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="scan-targets">Addresses</label>
          <input id="scan-targets" value={targets} onChange={(e) => setTargets(e.target.value)} placeholder="192.168.1.0/24 or 192.168.1.10-40" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="scan-ports">Ports (optional)</label>
          <input id="scan-ports" value={ports} onChange={(e) => setPorts(e.target.value)} placeholder="554, 8554, 80, 8080, 8000, 8899" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="scan-username">User name (optional)</label>
          <input id="scan-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="scan-password">Password</label>
          <input id="scan-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={running}>
          {running ? 'Scanning…' : 'Scan'}
        </button>
      </div>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {scan === null ? null : (
        <>
          <p data-testid="scan-progress" aria-live="polite">
            {running ? `Scanned ${scan.scanned} of ${scan.targets} addresses…` : `Scan ${scan.state}: ${scan.hosts.length} of ${scan.targets} addresses answered.`}
          </p>
          {running ? null : (
            <ul className="pick-list" aria-label="Scan results">
              {scan.hosts.map((h) => (
                <li key={h.address} data-testid="scan-host">
                  <span>
                    <strong>{h.address}</strong> <span className="muted">ports {h.open_ports.join(', ')}</span>
                    {h.vendor ? <span className="muted"> · {h.vendor}</span> : null}
                    {h.rtsp_url ? <code> {h.rtsp_url}</code> : <span className="muted"> · {h.note}</span>}
                    {h.registered ? <span className="badge"> already added</span> : null}
                  </span>
                  <button
                    type="button"
                    className="small"
                    disabled={h.rtsp_url === null && h.onvif === null}
                    onClick={() =>
                      onPick(
                        h.rtsp_url !== null
                          ? { kind: 'rtsp', label: h.address, url: h.rtsp_url, name: h.onvif?.name ?? null, ...(h.credential_index !== null ? { username } : {}) }
                          : { kind: 'onvif', label: h.address, onvifUrl: h.onvif!.xaddrs[0] ?? '', name: h.onvif!.name },
                      )
                    }
                  >
                    Use
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </form>
  );
}

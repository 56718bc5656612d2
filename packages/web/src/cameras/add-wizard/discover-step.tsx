import { useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../../api/client';
import type { OnvifDevice, Pick } from './wizard-types';

/** ONVIF WS-Discovery: a multicast Probe (and unicast ones to listed hosts), then pick a device. */
export function DiscoverStep({ onPick }: { onPick: (pick: Pick) => void }) {
  const [iface, setIface] = useState('');
  const [addresses, setAddresses] = useState('');
  const [devices, setDevices] = useState<OnvifDevice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const discover = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const list = addresses.split(/[\s,]+/).filter((a) => a !== '');
      const body = { ...(iface.trim() ? { interface: iface.trim() } : {}), ...(list.length > 0 ? { addresses: list } : {}) };
      setDevices((await unwrap(http.POST('/api/discovery/onvif', { body }))).devices);
    } catch (err: unknown) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="wizard-step" onSubmit={(e) => void discover(e)} noValidate aria-label="Discover ONVIF cameras">
      <p className="hint">Asks every ONVIF camera on the local network to answer. Networks that drop multicast: list the cameras' addresses.</p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="discover-interface">Interface address (optional)</label>
          <input id="discover-interface" value={iface} onChange={(e) => setIface(e.target.value)} placeholder="192.168.1.10" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="discover-addresses">Addresses to ask directly (optional)</label>
          <input id="discover-addresses" value={addresses} onChange={(e) => setAddresses(e.target.value)} placeholder="192.168.1.20, 192.168.1.21:3702" autoComplete="off" />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Listening…' : 'Discover'}
        </button>
      </div>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {devices === null ? null : devices.length === 0 ? (
        <p className="muted">No ONVIF camera answered.</p>
      ) : (
        <ul className="pick-list" aria-label="Discovered cameras">
          {devices.map((d) => (
            <li key={d.endpoint_reference} data-testid="discovered-device">
              <span>
                <strong>{d.name ?? d.address}</strong> {d.hardware ? <span className="muted">{d.hardware}</span> : null} <span className="muted">{d.address}</span>
                {d.registered ? <span className="badge"> already added</span> : null}
              </span>
              <button type="button" className="small" disabled={d.xaddrs.length === 0} onClick={() => onPick({ kind: 'onvif', label: d.name ?? d.address, onvifUrl: d.xaddrs[0]!, name: d.name })}>
                Use
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

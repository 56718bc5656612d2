import { useEffect, useState } from 'react';
import { errorMessage, http, unwrap } from '../../api/client';
import type { Pick, Vendor } from './wizard-types';

/** Manual: a maker's URL template filled with the host, or the full form with a URL typed in. */
export function VendorStep({ onPick }: { onPick: (pick: Pick) => void }) {
  const [vendors, setVendors] = useState<Vendor[]>([]);
  const [vendorId, setVendorId] = useState('generic');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    unwrap(http.GET('/api/discovery/vendors', { signal: abort.signal }))
      .then((r) => setVendors(r.vendors))
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(errorMessage(err));
      });
    return () => abort.abort();
  }, []);

  const vendor = vendors.find((v) => v.id === vendorId);
  const url = vendor && host.trim() ? `rtsp://${host.trim()}:${port.trim() || vendor.rtsp_port}${vendor.main_path}` : '';

  return (
    <div className="wizard-step" role="group" aria-label="Camera maker template">
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row wrap">
        <div className="field">
          <label htmlFor="vendor">Maker</label>
          <select id="vendor" value={vendorId} onChange={(e) => setVendorId(e.target.value)}>
            {vendors.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="vendor-host">Camera address</label>
          <input id="vendor-host" value={host} onChange={(e) => setHost(e.target.value)} placeholder="192.168.1.20" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="vendor-port">RTSP port</label>
          <input id="vendor-port" className="short" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} placeholder={String(vendor?.rtsp_port ?? 554)} />
        </div>
      </div>
      {url ? (
        <p>
          <code data-testid="vendor-url">{url}</code>
        </p>
      ) : null}
      <div className="actions">
        <button type="button" disabled={!url} onClick={() => onPick({ kind: 'rtsp', label: `${vendor!.name} at ${host.trim()}`, url, name: null })}>
          Use this URL
        </button>
      </div>
    </div>
  );
}

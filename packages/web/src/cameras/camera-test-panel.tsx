import { useState } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { components } from '../api/openapi.gen';
import { ProbeProfiles } from './probe-profiles';

type ProbeResult = components['schemas']['ProbeResult'];

/**
 * "Test the camera": POST /api/cameras/:id/test with its stored credentials — the ONVIF device when
 * it has one, else its stream — and what came back (identity, profiles, PTZ, warnings), or the
 * camera's own complaint ("401 from the camera: wrong user or password").
 */
export function CameraTestPanel({ cameraId }: { cameraId: string }) {
  const [result, setResult] = useState<ProbeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await unwrap(http.POST('/api/cameras/{id}/test', { params: { path: { id: cameraId } } })));
    } catch (err: unknown) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="camera-test" data-testid="camera-test">
      <button type="button" className="small" onClick={() => void run()} disabled={busy}>
        {busy ? 'Testing…' : 'Test the camera'}
      </button>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div data-testid="camera-test-result">
          <p>
            {result.source === 'onvif' ? 'ONVIF device answered' : 'Stream opened'}
            {result.device ? `: ${result.device.manufacturer} ${result.device.model}, firmware ${result.device.firmware}` : ''}
            {result.source === 'onvif' ? (result.ptz ? '; has PTZ' : '; no PTZ') : ''}
          </p>
          <ProbeProfiles result={result} profileTestId="camera-test-profile" />
        </div>
      ) : null}
    </div>
  );
}

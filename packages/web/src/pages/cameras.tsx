import type { Camera } from '../api/models';
import { useCameraStatus, useCameras } from '../api/queries';
import { Snapshot } from '../components/snapshot';
import { StatusBadge } from '../components/status-badge';
import { ErrorNotice, Loading } from '../components/ui';
import { formatAgo } from '../format';
import { useNow } from '../hooks';
import { Link, useTitle } from '../router';
import { ROLES_FOR } from '../roles';
import { useSession } from '../session';

export const MODE_LABEL: Record<Camera['record_mode'], string> = {
  continuous: 'Continuous',
  scheduled: 'Scheduled',
  event: 'Event',
  scheduled_event: 'Scheduled + event',
};

export function CamerasPage() {
  useTitle('Cameras');
  const { can } = useSession();
  const cameras = useCameras();
  return (
    <>
      <div className="page-head">
        <h1>Cameras</h1>
        {can(ROLES_FOR.addCameras) ? (
          <Link to="/cameras/new" className="button primary" data-testid="add-camera">
            Add camera
          </Link>
        ) : null}
      </div>
      <ErrorNotice error={cameras.error} />
      {cameras.data === undefined ? (
        cameras.error ? null : <Loading what="loading cameras" />
      ) : cameras.data.length === 0 ? (
        <p className="muted">No cameras yet.{can(ROLES_FOR.addCameras) ? ' Add one to start recording.' : ''}</p>
      ) : (
        <ul className="camera-grid" aria-label="Cameras">
          {cameras.data.map((c) => (
            <CameraCard key={c.id} camera={c} />
          ))}
        </ul>
      )}
    </>
  );
}

function CameraCard({ camera }: { camera: Camera }) {
  const { can } = useSession();
  const status = useCameraStatus(camera.id);
  const now = useNow(5000);
  const s = status.data;
  return (
    <li className="camera-card" data-testid="camera-card" data-camera-id={camera.id}>
      <Link to={`/cameras/${encodeURIComponent(camera.id)}`} className="camera-card-picture" aria-label={`Open ${camera.name}`} tabIndex={-1}>
        <Snapshot camera={camera} />
      </Link>
      <div className="camera-card-body">
        <div className="camera-card-title">
          <h2>
            <Link to={`/cameras/${encodeURIComponent(camera.id)}`}>{camera.name}</Link>
          </h2>
          <StatusBadge state={s?.state} />
        </div>
        <dl className="facts compact">
          <dt>Mode</dt>
          <dd>{MODE_LABEL[camera.record_mode]}{camera.record_enabled ? '' : ' (recording off)'}</dd>
          <dt>Last segment</dt>
          <dd data-testid="last-segment">{s ? formatAgo(s.last_segment_at, now) : '—'}</dd>
          <dt>Reconnects</dt>
          <dd>{s?.reconnect_count ?? '—'}</dd>
        </dl>
        {s?.last_error && (s.state === 'error' || s.state === 'offline' || s.state === 'connecting') ? (
          <p className="camera-error" title={s.last_error}>
            {s.last_error}
          </p>
        ) : null}
        {status.error ? <ErrorNotice error={status.error} /> : null}
        {can(ROLES_FOR.editCameras) ? (
          <div className="actions">
            <Link to={`/cameras/${encodeURIComponent(camera.id)}/edit`} className="button small" data-testid="edit-camera">
              Edit
            </Link>
          </div>
        ) : null}
      </div>
    </li>
  );
}

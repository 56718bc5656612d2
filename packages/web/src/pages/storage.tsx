import { http, unwrap } from '../api/client';
import { DataTable, ErrorNotice, Loading } from '../components/ui';
import { formatBytes, formatDateTime, formatDuration } from '../format';
import { useLoad } from '../hooks';
import { Link, useTitle } from '../router';
import { useCameras } from '../api/queries';

function daysLeft(days: number | null): string {
  if (days === null) return 'no limit';
  if (days <= 0) return 'full: retention is deleting the oldest footage';
  return days < 1 ? `${formatDuration(days * 86_400)}` : `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
}

export function StoragePage() {
  useTitle('Storage');
  const cameras = useCameras();
  const report = useLoad('storage', (signal) => unwrap(http.GET('/api/storage', { signal })), 30_000);
  const r = report.data;
  const name = (id: string) => cameras.data?.find((c) => c.id === id)?.name ?? id;
  return (
    <>
      <h1>Storage</h1>
      <ErrorNotice error={report.error} />
      {!r ? (
        report.error ? null : <Loading what="measuring storage" />
      ) : (
        <>
          <div className="volume-grid">
            {r.volumes.map((v) => {
              const used = v.total_bytes && v.used_bytes !== null ? v.used_bytes / v.total_bytes : null;
              return (
                <section key={v.name} className="panel" aria-label={`${v.name} volume`}>
                  <h2>{v.name === 'recordings' ? 'Recordings volume' : 'Mirror volume'}</h2>
                  {v.error ? <p className="notice notice-error">{v.error}</p> : null}
                  {used !== null ? <meter min={0} max={1} low={0.75} high={0.9} optimum={0} value={used} aria-label="Disk used" /> : null}
                  <dl className="facts">
                    <dt>Recordings</dt>
                    <dd>{formatBytes(v.recorded_bytes)}</dd>
                    <dt>Free</dt>
                    <dd>
                      {formatBytes(v.free_bytes)} of {formatBytes(v.total_bytes)}
                    </dd>
                    {v.max_bytes !== null ? (
                      <>
                        <dt>Budget</dt>
                        <dd>{formatBytes(v.max_bytes)}</dd>
                      </>
                    ) : null}
                    {v.min_free_bytes > 0 ? (
                      <>
                        <dt>Free-space floor</dt>
                        <dd>{formatBytes(v.min_free_bytes)}</dd>
                      </>
                    ) : null}
                    <dt>Days left</dt>
                    <dd>{daysLeft(v.estimated_days_left)}</dd>
                  </dl>
                </section>
              );
            })}
            <section className="panel" aria-label="Holds and sweeps">
              <h2>Holds</h2>
              <dl className="facts">
                <dt>Open incidents</dt>
                <dd>
                  <Link to="/incidents">{r.holds.open_incidents}</Link>
                </dd>
                <dt>Segments being read</dt>
                <dd>{r.holds.active_leases}</dd>
                <dt>Last retention sweep</dt>
                <dd>
                  {r.last_sweep
                    ? `${formatDateTime(r.last_sweep.at)}: ${r.last_sweep.deleted_segments} segments, ${formatBytes(r.last_sweep.bytes_freed)} freed`
                    : 'not yet'}
                </dd>
                {r.last_sweep && r.last_sweep.pressure.length > 0 ? (
                  <>
                    <dt>Under pressure</dt>
                    <dd className="camera-error">{r.last_sweep.pressure.join(', ')}</dd>
                  </>
                ) : null}
              </dl>
            </section>
          </div>
          <h2>Per camera</h2>
          <DataTable headers={['Camera', 'Used', 'Segments', 'Oldest', 'Newest', 'Rate', 'Retention', 'Days left']} testId="storage-table">
            {r.cameras.map((c) => (
              <tr key={c.camera_id}>
                <td>
                  <Link to={`/cameras/${encodeURIComponent(c.camera_id)}`}>{name(c.camera_id)}</Link>
                </td>
                <td>{formatBytes(c.bytes)}</td>
                <td>{c.segments}</td>
                <td className="nowrap">{formatDateTime(c.oldest)}</td>
                <td className="nowrap">{formatDateTime(c.newest)}</td>
                <td>{formatBytes(c.bytes_per_hour)}/h</td>
                <td>
                  {c.retention_days !== null ? `${c.retention_days} days` : 'keep'}
                  {c.retention_max_bytes !== null ? `, max ${formatBytes(c.retention_max_bytes)}` : ''}
                </td>
                <td>{daysLeft(c.estimated_days_left)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </>
  );
}

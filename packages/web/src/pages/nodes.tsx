import { useState } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import { DataTable, ErrorNotice, Loading } from '../components/ui';
import { formatBytes, formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { Link, useTitle } from '../router';
import { ROLES_FOR } from '../roles';
import { useSession } from '../session';

/**
 * The nodes sharing the database (one on SQLite): health from the heartbeat, the cameras each
 * records, capacity and free space, and drain/resume for maintenance (admins). Polled, since
 * failover moves cameras without anyone asking.
 */
export function NodesPage() {
  useTitle('Nodes');
  const { can } = useSession();
  const nodes = useLoad('nodes', (signal) => unwrap(http.GET('/api/nodes', { signal })).then((r) => r.nodes), 5_000);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (id: string, action: 'drain' | 'resume') => {
    setBusy(id);
    try {
      const path = action === 'drain' ? '/api/nodes/{id}/drain' : '/api/nodes/{id}/resume';
      await unwrap(http.POST(path, { params: { path: { id } } }));
      setMessage({ ok: true, text: action === 'drain' ? `Draining ${id}: its cameras move to the other nodes.` : `${id} takes cameras again.` });
      nodes.reload();
    } catch (e: unknown) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <h1>Nodes</h1>
      <ErrorNotice error={nodes.error} />
      {message ? (
        <p className={`notice ${message.ok ? 'notice-ok' : 'notice-error'}`} role="status">
          {message.text}
        </p>
      ) : null}
      {!nodes.data ? (
        nodes.error ? null : <Loading what="nodes" />
      ) : (
        <DataTable headers={['Node', 'Health', 'State', 'Cameras', 'Capacity', 'Free space', 'Last heartbeat', 'Version', '']} testId="nodes-table">
          {nodes.data.map((n) => {
            const used = n.total_bytes && n.free_bytes !== null ? 1 - n.free_bytes / n.total_bytes : null;
            return (
              <tr key={n.id}>
                <td>
                  <strong>{n.id}</strong>
                  {n.self ? ' (this node)' : ''}
                  {n.url ? <div className="muted">{n.url}</div> : null}
                </td>
                <td>
                  <span className={n.healthy ? 'badge badge-recording' : 'badge badge-error'}>{n.healthy ? 'healthy' : 'no heartbeat'}</span>
                </td>
                <td>{n.state}</td>
                <td>
                  {n.cameras.count}
                  {n.cameras.ids.length > 0 ? (
                    <div className="muted">
                      {n.cameras.ids.map((id, i) => (
                        <span key={id}>
                          {i > 0 ? ', ' : ''}
                          <Link to={`/cameras/${encodeURIComponent(id)}`}>{id}</Link>
                        </span>
                      ))}
                    </div>
                  ) : null}
                </td>
                <td>
                  {n.cameras.count} / {n.capacity}
                </td>
                <td>
                  {formatBytes(n.free_bytes)} of {formatBytes(n.total_bytes)}
                  {used !== null ? <meter min={0} max={1} low={0.75} high={0.9} optimum={0} value={used} aria-label={`Disk used on ${n.id}`} /> : null}
                </td>
                <td className="nowrap">{formatDateTime(n.heartbeat_at)}</td>
                <td>{n.version ?? '—'}</td>
                <td>
                  {can(ROLES_FOR.nodes) ? (
                    n.state === 'draining' ? (
                      <button type="button" disabled={busy === n.id} onClick={() => void act(n.id, 'resume')}>
                        Resume
                      </button>
                    ) : n.state === 'active' ? (
                      <button type="button" disabled={busy === n.id} onClick={() => void act(n.id, 'drain')}>
                        Drain
                      </button>
                    ) : null
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}

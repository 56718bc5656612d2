import { useId } from 'react';
import { http, unwrap } from '../../api/client';
import type { HeldarModule } from '../../api/models';
import { DataTable, ErrorNotice, Loading } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';

const HEALTH_LABEL = { up: 'healthy', down: 'not answering', unknown: 'not checked yet' } as const;

/** The module catalog: each module's version and, for a sidecar, its health and navigation links (served under /m/<name>/). */
export function ModulesSection() {
  const id = useId();
  const modules = useLoad('modules', (signal) => unwrap(http.GET('/api/modules', { signal })).then((r) => r.modules), 30_000);
  return (
    <section className="panel" aria-labelledby={`${id}-modules`} data-testid="modules">
      <h2 id={`${id}-modules`}>Modules</h2>
      <p className="hint">
        Domain apps register themselves with <code>POST /api/modules</code>; one with a <code>base_url</code> runs as a sidecar that Heldar serves under{' '}
        <code>/m/&lt;name&gt;/</code>.
      </p>
      <ErrorNotice error={modules.error} />
      {modules.data === undefined && !modules.error ? (
        <Loading what="loading modules" />
      ) : (modules.data ?? []).length === 0 ? (
        <p className="muted">No modules registered.</p>
      ) : (
        <DataTable headers={['Module', 'Version', 'Health', 'Links', 'Registered']}>
          {(modules.data ?? []).map((m) => (
            <ModuleRow key={m.name} module={m} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function ModuleRow({ module: m }: { module: HeldarModule }) {
  const sidecar = m.sidecar;
  return (
    <tr>
      <td>
        <b>{m.name}</b>
        {m.description ? <div className="muted">{m.description}</div> : null}
      </td>
      <td>{m.version}</td>
      <td>
        {sidecar ? (
          <span className={`badge badge-${sidecar.health === 'up' ? 'ok' : sidecar.health === 'down' ? 'error' : 'muted'}`} title={sidecar.health_error ?? undefined}>
            {HEALTH_LABEL[sidecar.health]}
          </span>
        ) : (
          <span className="muted">catalog only</span>
        )}
      </td>
      <td>
        {sidecar?.navigation.map((n) => (
          <a key={n.path} href={`${sidecar.proxy_path.replace(/\/$/, '')}${n.path}`} className="inline block">
            {n.label}
          </a>
        ))}
        {m.ui_url ? (
          <a href={m.ui_url} className="inline block">
            Open
          </a>
        ) : null}
      </td>
      <td>
        {formatDateTime(m.updated_at)}
        {m.registered_by ? ` by ${m.registered_by}` : ''}
      </td>
    </tr>
  );
}

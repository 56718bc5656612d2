import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../api/client';
import type { Setting, SystemView } from '../api/models';
import { DataTable, ErrorNotice, Loading, OutcomeNotice } from '../components/ui';
import { formatBytes, formatDateTime, formatDuration, formatKey } from '../format';
import { useLoad } from '../hooks';
import { ROLES_FOR } from '../roles';
import { useTitle } from '../router';
import { useSession } from '../session';

/** Admins' view of the node (GET /api/system) and the settings that change at run time (PUT /api/settings). */
export function SystemPage() {
  useTitle('System');
  const { can } = useSession();
  const allowed = can(ROLES_FOR.system);
  const system = useLoad(allowed ? 'system' : null, (signal) => unwrap(http.GET('/api/system', { signal })), 30_000);
  const settings = useLoad(allowed ? 'settings' : null, (signal) => unwrap(http.GET('/api/settings', { signal })).then((r) => r.settings));
  if (!allowed) return <p className="notice notice-error">Only an admin can see the system page.</p>;
  return (
    <>
      <h1>System</h1>
      <ErrorNotice error={system.error} />
      {system.data ? <Figures system={system.data} /> : !system.error ? <Loading what="loading the system figures" /> : null}
      <ErrorNotice error={settings.error} />
      {settings.data ? <SettingsForm settings={settings.data} onSaved={() => { settings.reload(); system.reload(); }} /> : null}
    </>
  );
}

const days = (d: number | null) => (d === null ? '—' : `${d} days`);

function Figures({ system }: { system: SystemView }) {
  const f = system.footage;
  return (
    <>
      <section className="panel" data-testid="system-figures">
        <h2>Node</h2>
        <dl className="facts">
          <dt>Version</dt>
          <dd>{system.version}</dd>
          <dt>Up for</dt>
          <dd>{formatDuration(system.uptime_seconds)}</dd>
          <dt>Cameras</dt>
          <dd>
            {system.cameras.total} ({Object.entries(system.cameras.by_state).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`).join(', ') || 'none with a status'})
          </dd>
          <dt>Write rate</dt>
          <dd>{f.write_rate_bytes_per_day === null ? '— (no footage)' : `${formatBytes(f.write_rate_bytes_per_day)} a day (measured over ${f.rate_window_hours} h)`}</dd>
          <dt>Full in</dt>
          <dd data-testid="days-until-full">{days(f.days_until_full)}</dd>
          <dt>Footage kept at this rate</dt>
          <dd>{days(f.days_of_footage)}</dd>
          <dt>Last retention sweep</dt>
          <dd>
            {system.last_sweep
              ? `${formatDateTime(system.last_sweep.at)}: ${system.last_sweep.deleted_segments} segments, ${formatBytes(system.last_sweep.freed_bytes)} freed${system.last_sweep.files_failed > 0 ? `, ${system.last_sweep.files_failed} files failed` : ''}`
              : 'none since start'}
          </dd>
        </dl>
      </section>
      <DataTable headers={['Volume', 'Size', 'Used', 'Free']}>
        {system.volumes.map((v) => (
          <tr key={v.name}>
            <td>
              {v.name} <code>{v.path}</code>
            </td>
            <td>{formatBytes(v.total_bytes)}</td>
            <td>{formatBytes(v.used_bytes)}</td>
            <td>{formatBytes(v.free_bytes)}</td>
          </tr>
        ))}
      </DataTable>
      {system.disk_health && (system.disk_health.devices.length > 0 || system.disk_health.arrays.length > 0) ? (
        <DataTable headers={['Disk or array', 'Health', 'Detail']}>
          {system.disk_health.devices.map((d) => (
            <tr key={d.device} className={d.status === 'passed' ? undefined : 'warn'}>
              <td>{d.device}</td>
              <td>{d.status}</td>
              <td>{d.detail}</td>
            </tr>
          ))}
          {system.disk_health.arrays.map((a) => (
            <tr key={a.name} className={a.degraded ? 'warn' : undefined}>
              <td>{a.name}</td>
              <td>{a.degraded ? 'degraded' : 'whole'}</td>
              <td>
                {a.level ?? ''} {a.status} ({a.active}/{a.members} members)
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </>
  );
}

function SettingsForm({ settings, onSaved }: { settings: Setting[]; onSaved: () => void }) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(settings.map((s) => [s.name, s.value])));
  const [fieldError, setFieldError] = useState<{ name: string; text: string } | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    setOutcome(null);
    const body = Object.fromEntries(settings.filter((s) => values[s.name] !== s.value).map((s) => [s.name, values[s.name]!]));
    if (Object.keys(body).length === 0) {
      setOutcome({ ok: true, text: 'Nothing changed.' });
      return;
    }
    try {
      await unwrap(http.PUT('/api/settings', { body }));
      setOutcome({ ok: true, text: 'Saved; in effect now.' });
      onSaved();
    } catch (err: unknown) {
      const text = errorMessage(err);
      // The server names the setting first ("min_free: …"): show the message at that field.
      const name = settings.find((s) => text.startsWith(`${s.name}:`))?.name;
      if (name) setFieldError({ name, text });
      else setOutcome({ ok: false, text });
    }
  };
  const reset = async (name: string) => {
    try {
      await unwrap(http.PUT('/api/settings', { body: { [name]: null } }));
      setOutcome({ ok: true, text: `${formatKey(name)}: back to the environment value.` });
      onSaved();
    } catch (err: unknown) {
      setOutcome({ ok: false, text: errorMessage(err) });
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-settings`}>
      <h2 id={`${id}-settings`}>Settings</h2>
      <p className="hint">Values as the environment variable takes them (500GiB, 5%, true, 80). A change applies at once.</p>
      <OutcomeNotice outcome={outcome} />
      <form onSubmit={(e) => void save(e)} noValidate data-testid="settings-form">
        {settings.map((s) => {
          const error = fieldError?.name === s.name ? fieldError.text : null;
          return (
            <div className="field" key={s.name}>
              <label htmlFor={`${id}-${s.name}`}>{formatKey(s.name)}</label>
              <input
                id={`${id}-${s.name}`}
                name={s.name}
                autoComplete="off"
                value={values[s.name] ?? ''}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-${s.name}-hint`}
                onChange={(e) => setValues({ ...values, [s.name]: e.target.value })}
              />
              {error ? (
                <p className="notice notice-error" role="alert" data-testid={`error-${s.name}`}>
                  {error}
                </p>
              ) : null}
              <p className="hint" id={`${id}-${s.name}-hint`}>
                {s.description} <code>{s.variable}</code> = {s.environment_value}
                {s.source === 'stored' ? (
                  <>
                    {' '}
                    · set here{s.updated_by ? ` by ${s.updated_by}` : ''} {formatDateTime(s.updated_at)}{' '}
                    <button type="button" className="link" onClick={() => void reset(s.name)}>
                      Use the environment value
                    </button>
                  </>
                ) : null}
              </p>
            </div>
          );
        })}
        <button type="submit" className="primary">
          Save settings
        </button>
      </form>
    </section>
  );
}

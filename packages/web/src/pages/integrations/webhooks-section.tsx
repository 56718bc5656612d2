import { useId, useState, type FormEvent } from 'react';
import { errorMessage, http, unwrap } from '../../api/client';
import type { EventKind, Webhook, WebhookCreate } from '../../api/models';
import { ConfirmAction, DataTable, ErrorNotice, Loading, OutcomeNotice } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';
import { WebhookDeliveries } from './webhook-deliveries';

const SEVERITIES = ['info', 'warning', 'error'] as const;
const STATE_BADGE = { active: 'badge-ok', paused: 'badge-error', disabled: 'badge-muted' } as const;

/** Webhook subscriptions: list, create (the secret shown once), test, pause and resume, deliveries, delete. */
export function WebhooksSection() {
  const id = useId();
  const webhooks = useLoad('webhooks', (signal) => unwrap(http.GET('/api/webhooks', { signal })).then((r) => r.webhooks), 10_000);
  const types = useLoad('event-types', (signal) => unwrap(http.GET('/api/events/types', { signal })).then((r) => r.types));
  const [form, setForm] = useState<{ name: string; url: string; kinds: EventKind[]; min_severity: WebhookCreate['min_severity']; cameras: string; max_in_flight: number }>({
    name: '',
    url: '',
    kinds: [],
    min_severity: 'info',
    cameras: '',
    max_in_flight: 8,
  });
  const [created, setCreated] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (action: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await action() });
    } catch (err: unknown) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
    webhooks.reload();
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const cameras = form.cameras.split(',').map((c) => c.trim()).filter((c) => c !== '');
      const hook = await unwrap(http.POST('/api/webhooks', { body: { name: form.name, url: form.url, kinds: form.kinds, min_severity: form.min_severity, cameras, max_in_flight: form.max_in_flight } }));
      setCreated(hook);
      setForm({ ...form, name: '', url: '' });
      return `Subscribed ${hook.name}.`;
    });
  };
  const patch = (hook: Webhook, enabled: boolean) =>
    run(async () => {
      await unwrap(http.PATCH('/api/webhooks/{id}', { params: { path: { id: hook.id } }, body: { enabled } }));
      return enabled ? `Resumed ${hook.name}.` : `Paused ${hook.name}.`;
    });
  const test = (hook: Webhook) =>
    run(async () => {
      const d = await unwrap(http.POST('/api/webhooks/{id}/test', { params: { path: { id: hook.id } } }));
      if (!d.ok) throw new Error(`Test delivery to ${hook.name} failed: ${d.error ?? `HTTP ${d.status}`}`);
      return `Test delivery to ${hook.name}: HTTP ${d.status} in ${d.latency_ms} ms.`;
    });
  const remove = (hook: Webhook) =>
    run(async () => {
      await unwrap(http.DELETE('/api/webhooks/{id}', { params: { path: { id: hook.id } } }));
      return `Deleted ${hook.name}.`;
    });

  return (
    <section className="panel" aria-labelledby={`${id}-webhooks`} data-testid="webhooks">
      <h2 id={`${id}-webhooks`}>Webhooks</h2>
      {created ? (
        <div className="key-once" data-testid="new-webhook-secret">
          <p className="notice notice-warn">Copy the signing secret of “{created.name}” now: it is shown only this once.</p>
          <code className="hash">{created.secret}</code>
          <p className="hint">
            Receivers check <code>X-Heldar-Signature</code> with it (docs/api.md, Webhooks).
          </p>
          <button type="button" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </div>
      ) : null}
      <OutcomeNotice outcome={message} />
      <ErrorNotice error={webhooks.error} />
      {webhooks.data === undefined && !webhooks.error ? (
        <Loading what="loading webhooks" />
      ) : (webhooks.data ?? []).length === 0 ? (
        <p className="muted">No webhooks.</p>
      ) : (
        <DataTable headers={['Name', 'URL', 'Events', 'State', <span className="visually-hidden">Actions</span>]}>
          {(webhooks.data ?? []).map((w) => (
            <WebhookRow key={w.id} hook={w} open={open === w.id} onToggle={() => setOpen(open === w.id ? null : w.id)} onTest={test} onPatch={patch} onDelete={remove} />
          ))}
        </DataTable>
      )}
      {open ? <WebhookDeliveries webhookId={open} /> : null}
      <h3>Subscribe a URL</h3>
      <form onSubmit={create} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} autoComplete="off" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="Alarm system" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-url`}>URL</label>
          <input id={`${id}-url`} type="url" autoComplete="off" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://hooks.example.com/heldar" />
          <p className="hint">Private and loopback addresses are refused unless HELDAR_OUTBOUND_ALLOW names them.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kinds`}>Event kinds (none selected: all)</label>
          <select
            id={`${id}-kinds`}
            multiple
            size={6}
            value={form.kinds}
            onChange={(e) => setForm({ ...form, kinds: [...e.target.selectedOptions].map((o) => o.value as EventKind) })}
          >
            {(types.data ?? []).map((t) => (
              <option key={t.kind} value={t.kind} title={t.description}>
                {t.kind}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-severity`}>Minimum severity</label>
          <select id={`${id}-severity`} value={form.min_severity} onChange={(e) => setForm({ ...form, min_severity: e.target.value as (typeof SEVERITIES)[number] })}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-cameras`}>Cameras (ids, comma-separated; empty: all)</label>
          <input id={`${id}-cameras`} autoComplete="off" value={form.cameras} onChange={(e) => setForm({ ...form, cameras: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-in-flight`}>Deliveries in flight at once</label>
          <input
            id={`${id}-in-flight`}
            type="number"
            min={1}
            max={64}
            value={form.max_in_flight}
            onChange={(e) => setForm({ ...form, max_in_flight: Number(e.target.value) })}
          />
          <p className="hint">Above 1 the receiver may get events out of order (each carries its id and time); 1 delivers strictly in order.</p>
        </div>
        <button type="submit" className="primary">
          Subscribe
        </button>
      </form>
    </section>
  );
}

interface RowProps {
  hook: Webhook;
  open: boolean;
  onToggle: () => void;
  onTest: (hook: Webhook) => Promise<void>;
  onPatch: (hook: Webhook, enabled: boolean) => Promise<void>;
  onDelete: (hook: Webhook) => Promise<void>;
}

function WebhookRow({ hook, open, onToggle, onTest, onPatch, onDelete }: RowProps) {
  return (
    <tr>
      <td>
        <b>{hook.name}</b>
        {hook.module ? <div className="muted">module {hook.module}</div> : null}
      </td>
      <td className="hash">{hook.url}</td>
      <td>
        {hook.kinds.length === 0 ? 'all' : hook.kinds.join(', ')}
        {hook.min_severity !== 'info' ? ` (≥ ${hook.min_severity})` : ''}
        {hook.cameras.length > 0 ? ` · ${hook.cameras.join(', ')}` : ''}
        <div className="muted">{hook.max_in_flight === 1 ? 'in order, one at a time' : `up to ${hook.max_in_flight} in flight`}</div>
      </td>
      <td>
        <span className={`badge ${STATE_BADGE[hook.state]}`}>{hook.state}</span>
        {hook.pause_reason ? <div className="muted">{`${hook.pause_reason} (${formatDateTime(hook.paused_at)})`}</div> : null}
        {hook.state === 'active' && hook.consecutive_failures > 0 ? <div className="muted">{hook.consecutive_failures} failed attempts, retrying</div> : null}
      </td>
      <td>
        <button type="button" className="small" onClick={() => void onTest(hook)}>
          Test
        </button>{' '}
        <button type="button" className="small" onClick={() => void onPatch(hook, !hook.enabled)}>
          {hook.enabled ? 'Pause' : 'Resume'}
        </button>{' '}
        <button type="button" className="small" aria-expanded={open} onClick={onToggle}>
          Deliveries
        </button>{' '}
        <ConfirmAction ask="Delete…" confirm={`Delete ${hook.name}`} onConfirm={() => onDelete(hook)} />
      </td>
    </tr>
  );
}

import { http, unwrap } from '../../api/client';
import { DataTable, ErrorNotice, Loading } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';

/** A subscription's newest deliveries: every attempt with its status, latency and error. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useLoad(`webhook-deliveries:${webhookId}`, (signal) =>
    unwrap(http.GET('/api/webhooks/{id}/deliveries', { params: { path: { id: webhookId }, query: { limit: 30 } }, signal })).then((r) => r.deliveries),
  5000);
  return (
    <div data-testid="webhook-deliveries">
      <h3>Deliveries</h3>
      <ErrorNotice error={deliveries.error} />
      {deliveries.data === undefined && !deliveries.error ? (
        <Loading what="loading deliveries" />
      ) : (deliveries.data ?? []).length === 0 ? (
        <p className="muted">Nothing delivered yet.</p>
      ) : (
        <DataTable headers={['When', 'Event', 'Attempt', 'Result', 'Latency']}>
          {(deliveries.data ?? []).map((d) => (
            <tr key={d.id}>
              <td>{formatDateTime(d.at)}</td>
              <td>
                {d.event_kind}
                {d.event_id !== null ? ` #${d.event_id}` : ''}
              </td>
              <td>{d.attempt}</td>
              <td>{d.ok ? `HTTP ${d.status}` : d.error}</td>
              <td>{d.latency_ms} ms</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

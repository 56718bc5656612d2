import { http, unwrap } from '../../api/client';
import { ErrorNotice, Loading } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';

/** MQTT status for the Integrations page: on/off, connection, broker (password masked), counts. */
export function MqttSection() {
  const status = useLoad('integrations/mqtt', (signal) => unwrap(http.GET('/api/integrations/mqtt', { signal })), 10_000);
  const s = status.data;
  return (
    <section className="panel" aria-label="MQTT">
      <h2>MQTT and Home Assistant</h2>
      <ErrorNotice error={status.error} />
      {!s ? (
        status.error ? null : <Loading what="MQTT status" />
      ) : !s.enabled ? (
        <p>MQTT is off. Set HELDAR_MQTT_URL to publish events and announce the cameras to Home Assistant.</p>
      ) : (
        <dl className="facts">
          <dt>Broker</dt>
          <dd>{s.broker_url}</dd>
          <dt>Connection</dt>
          <dd>{s.connected ? 'connected' : `disconnected${s.last_error ? `: ${s.last_error}` : ''}`}</dd>
          <dt>Last connected</dt>
          <dd>{s.last_connected_at ? formatDateTime(s.last_connected_at) : 'never'}</dd>
          <dt>Topics</dt>
          <dd>
            {s.prefix}/… (discovery under {s.discovery_prefix}/…)
          </dd>
          <dt>Messages</dt>
          <dd>
            {s.published} sent, {s.queued} waiting, {s.dropped} dropped
          </dd>
        </dl>
      )}
    </section>
  );
}

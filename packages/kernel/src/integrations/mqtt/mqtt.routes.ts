import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Nullable, Rfc3339 } from '../../contract/schemas.js';

export const MqttStatusSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether HELDAR_MQTT_URL is set.' }),
    connected: Type.Boolean(),
    broker_url: Nullable(Type.String({ description: 'The broker, credentials masked; null when MQTT is off.' })),
    prefix: Type.String({ description: 'Topic prefix (HELDAR_MQTT_PREFIX).' }),
    discovery_prefix: Type.String({ description: "Home Assistant's discovery prefix (HELDAR_MQTT_DISCOVERY_PREFIX)." }),
    last_error: Nullable(Type.String({ description: 'Why the last connection failed or ended (masked); null while connected.' })),
    last_connected_at: Nullable(Rfc3339),
    published: Type.Integer({ description: 'Messages the broker acknowledged since start.' }),
    dropped: Type.Integer({ description: 'Messages dropped since start: the outage queue was full, or the broker stopped acknowledging.' }),
    queued: Type.Integer({ description: 'Messages waiting for the broker to come back.' }),
  },
  { $id: 'MqttStatus', additionalProperties: false },
);
export type MqttStatus = Static<typeof MqttStatusSchema>;

export const mqttRoutes: FastifyPluginAsyncTypebox<{ status: () => MqttStatus }> = async (app, { status }) => {
  app.get('/api/integrations/mqtt', {
    schema: {
      tags: ['integrations'],
      summary: 'MQTT connection status',
      description: 'Whether MQTT is on and connected, the broker (password masked), the last error and message counts. Admin only.',
      response: { 200: MqttStatusSchema },
    },
    config: { access: { minRole: 'admin' } },
    handler: () => status(),
  });
};

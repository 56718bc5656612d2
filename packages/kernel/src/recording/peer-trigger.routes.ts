import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { peerTriggerPath } from '../cluster/peers/peer-client.js';
import { PeerSignatureQuery, requirePeerSignature } from '../cluster/peers/peer-request.js';
import type { PeerTokenSigner } from '../cluster/peers/peer-token.js';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import { Rfc3339, errorResponses } from '../contract/schemas.js';
import { toRfc3339 } from '../time.js';
import type { RecorderManager } from './recorder-manager.js';

export interface PeerTriggerRoutesDeps {
  signer: PeerTokenSigner;
  recorder: Pick<RecorderManager, 'trigger'>;
  clock: Clock;
  logger: Logger;
}

/**
 * `POST /api/internal/cameras/:id/trigger`: a trigger another node received (API, MQTT, a worker's
 * zone, an ONVIF event) for a camera this node records. Node-signed, never passed on again; the call
 * was audited where it arrived.
 */
export const peerTriggerRoutes: FastifyPluginAsyncTypebox<PeerTriggerRoutesDeps> = async (app, deps) => {
  app.post('/api/internal/cameras/:id/trigger', {
    config: { access: { public: true }, audit: false },
    schema: {
      tags: ['internal'],
      summary: 'A recording trigger for a camera this node records, from another node (node-signed)',
      params: CameraIdParams,
      querystring: PeerSignatureQuery,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ window_end: Rfc3339 }), ...errorResponses(400, 401, 404, 409) },
    },
    handler: async (request) => {
      const { id } = request.params;
      requirePeerSignature(deps.signer, request, peerTriggerPath(id), deps.clock.now(), deps.logger, { camera_id: id });
      return { window_end: toRfc3339(await deps.recorder.trigger(id, request.body.reason, { fromPeer: true })) };
    },
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import { CameraIdParams } from '../camera.schemas.js';
import { ProbeBody, ProbeResult } from './probe.schemas.js';
import type { ProbeService } from './probe.service.js';

/** POST /api/cameras/probe and POST /api/cameras/:id/test (operator: the method default for a POST). */
export const probeRoutes: FastifyPluginAsyncTypebox<{ probe: ProbeService }> = async (app, { probe }) => {
  const tags = ['cameras'];
  app.post('/api/cameras/probe', {
    schema: {
      tags,
      summary: 'Probe a stream URL or an ONVIF device before adding it',
      description:
        '`{url}` opens the stream with ffprobe; `{onvif: {url, username, password}}` asks the device for its identity, profiles, stream and snapshot URIs and PTZ. The password is used for this call only. 422: the camera refused the user or password; 502: the camera did not answer or answered nonsense.',
      body: ProbeBody,
      response: { 200: ProbeResult, ...errorResponses(400, 422, 502) },
    },
    handler: (request) => probe.probe(request.body),
  });

  app.post('/api/cameras/:id/test', {
    schema: {
      tags,
      summary: 'Probe an existing camera with its stored credentials',
      description: 'ONVIF when the camera has an `onvif_url`, else its stream. Same result as POST /api/cameras/probe.',
      params: CameraIdParams,
      response: { 200: ProbeResult, ...errorResponses(404, 409, 422, 502) },
    },
    handler: (request) => probe.test(request.params.id),
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { peerSegmentPath } from '../../cluster/peers/peer-client.js';
import { PeerSignatureQuery, requirePeerSignature } from '../../cluster/peers/peer-request.js';
import type { PeerTokenSigner } from '../../cluster/peers/peer-token.js';
import { errorResponses } from '../../contract/schemas.js';
import { NotFound } from '../../errors.js';
import { resolveRecordedFile } from '../../storage/footage-layout.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import { serveFile } from '../file-range.js';
import type { FootageFiles } from './footage-files.js';

export interface PeerFileRoutesDeps {
  signer: PeerTokenSigner;
  segments: Pick<SegmentRepository, 'location'>;
  files: Pick<FootageFiles, 'isLocal'>;
  recordingsDir: string;
  clock: Clock;
  logger: Logger;
}

/**
 * `GET /api/internal/segments/:id/file`: this node's own recorded file of a segment, with Range,
 * streamed, for another node (playback, downloads and exports asked there). Not for people: no
 * session or API key, a node signature instead (cluster/peers/peer-token.ts) — checked before the
 * index is read — and only files on this node's volume, resolved under its recordings root.
 */
export const peerFileRoutes: FastifyPluginAsyncTypebox<PeerFileRoutesDeps> = async (app, deps) => {
  app.get('/api/internal/segments/:id/file', {
    config: { access: { public: true }, audit: false },
    schema: {
      tags: ['internal'],
      summary: 'A segment file on this node, for another node (node-signed; Range supported)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      querystring: PeerSignatureQuery,
      response: {
        200: Type.String({ description: 'The recorded file (video/mp4).' }),
        206: Type.String({ description: 'The requested byte range of it.' }),
        ...errorResponses(400, 401, 404, 416),
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      requirePeerSignature(deps.signer, request, peerSegmentPath(id), deps.clock.now(), deps.logger, { segment_id: id });
      const segment = await deps.segments.location(id);
      if (segment === undefined) throw new NotFound(`segment ${id} is not in the index`);
      // Never pass a request on again: a segment of a third node is that node's to serve.
      if (!deps.files.isLocal(segment)) throw new NotFound(`segment ${id} is on node ${segment.node_id ?? '?'}, not on this one`);
      const file = await resolveRecordedFile(deps.recordingsDir, segment.path, deps.logger);
      return serveFile(request, reply, file, { contentType: 'video/mp4', cacheControl: 'private, max-age=3600' });
    },
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { peerSegmentPath } from '../../cluster/peers/peer-client.js';
import type { PeerTokenProblem, PeerTokenSigner } from '../../cluster/peers/peer-token.js';
import { errorResponses } from '../../contract/schemas.js';
import { NotFound, Unauthorized } from '../../errors.js';
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

const PROBLEMS: Record<PeerTokenProblem, string> = {
  missing: 'this internal route answers other Heldar nodes only: a node signature (node, exp, sig) is required',
  expired: 'the node signature has expired',
  'too-long': 'the node signature is valid for longer than a node ever signs for',
  forged: 'the node signature does not match (every node must share the same HELDAR_SECRET_KEY)',
};

const SignatureQuery = Type.Object({
  node: Type.Optional(Type.String({ maxLength: 64, description: 'The node that signed the request.' })),
  exp: Type.Optional(Type.String({ maxLength: 16, description: 'Expiry of the signature, UTC ms.' })),
  sig: Type.Optional(Type.String({ maxLength: 64, description: 'base64url HMAC-SHA256 of method, path, node and expiry.' })),
});

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
      querystring: SignatureQuery,
      response: {
        200: Type.String({ description: 'The recorded file (video/mp4).' }),
        206: Type.String({ description: 'The requested byte range of it.' }),
        ...errorResponses(400, 401, 404, 416),
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const problem = deps.signer.check(request.method, peerSegmentPath(id), request.query, deps.clock.now());
      if (problem !== null) {
        deps.logger.warn({ segment_id: id, node: request.query.node, problem }, 'peer footage: refused a node request');
        throw new Unauthorized(PROBLEMS[problem]);
      }
      const segment = await deps.segments.location(id);
      if (segment === undefined) throw new NotFound(`segment ${id} is not in the index`);
      // Never pass a request on again: a segment of a third node is that node's to serve.
      if (!deps.files.isLocal(segment)) throw new NotFound(`segment ${id} is on node ${segment.node_id ?? '?'}, not on this one`);
      const file = await resolveRecordedFile(deps.recordingsDir, segment.path, deps.logger);
      return serveFile(request, reply, file, { contentType: 'video/mp4', cacheControl: 'private, max-age=3600' });
    },
  });
};

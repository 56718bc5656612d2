import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequest, NotFound } from '../../errors.js';
import { errorResponses } from '../../contract/schemas.js';
import type { FootageFiles } from '../peer-footage/footage-files.js';
import { serveShiftedFile } from './shifted-media.js';
import { PlaybackMediaParams } from './playback.schemas.js';
import type { PlaybackService } from './playback.service.js';
import { isValidSessionId, parseSessionFile } from './session-id.js';

export interface PlaybackMediaRoutesDeps {
  service: PlaybackService;
  /** Recorded files on this node's volume, or streamed from the node that holds them. */
  files: FootageFiles;
}

export const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

/**
 * `/media/playback/<id>/index.m3u8` and `/media/playback/<id>/<segment id>.mp4`. The session id and
 * the file name are checked against their patterns before anything else; a segment is served only
 * when the session's playlist points into it, from the path in the index, resolved under the
 * recordings root (symlinks out of it refused). Range requests (206/416) are what HLS players send
 * for EXT-X-BYTERANGE.
 */
export const playbackMediaRoutes: FastifyPluginAsyncTypebox<PlaybackMediaRoutesDeps> = async (app, { service, files }) => {
  app.get('/media/playback/:id/:file', {
    schema: {
      tags: ['playback'],
      summary: 'A playback session’s HLS playlist or a recorded file it points into (Range supported)',
      params: PlaybackMediaParams,
      response: {
        200: Type.String({ description: 'The playlist (application/vnd.apple.mpegurl) or a recorded file (video/mp4).' }),
        206: Type.String({ description: 'The requested byte range of a recorded file.' }),
        ...errorResponses(400, 404),
      },
    },
    handler: async (request, reply) => {
      const { id, file } = request.params;
      if (!isValidSessionId(id)) throw new BadRequest('invalid session id');
      const wanted = parseSessionFile(file);
      if (wanted === null) throw new NotFound('media file not found');
      if (wanted.kind === 'playlist') {
        const playlist = await service.playlist(id);
        // The playlist never changes, but a cached copy would outlive the session it belongs to.
        return reply.header('content-type', HLS_CONTENT_TYPE).header('cache-control', 'no-cache').send(playlist);
      }
      const segment = await service.segmentFile(id, wanted.segmentId);
      const location = { id: wanted.segmentId, path: segment.relative, node_id: segment.nodeId };
      // Recorded files never change once indexed; a session's shift for one never changes either.
      const options = { contentType: 'video/mp4', cacheControl: 'private, max-age=3600' };
      if (segment.shiftUs === 0) return files.serve(request, reply, location, options);
      // A shifted file is rewritten as it is read, which needs the file itself (a copy of a peer's).
      const real = await files.localFile(location);
      return serveShiftedFile(request, reply, real, { ...options, index: segment.index, shiftUs: segment.shiftUs, etagTag: `${id}-${wanted.segmentId}` });
    },
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { toRfc3339 } from '../../time.js';
import type { Snapshot } from './snapshot.service.js';

/**
 * The query of `GET /api/cameras/:id/snapshot.jpg`. The route belongs to the perception sampler (its
 * latest sampled frame when `at` is absent, as before); with `at` it answers with a recorded frame
 * from here.
 */
export const SnapshotQuery = Type.Object(
  {
    at: Type.Optional(
      Type.String({
        description:
          'RFC 3339 time such as 2026-05-01T12:00:00.500Z: the recorded frame at (or just before) it, decoded from the one recorded fragment that holds it. ' +
          'Without it: the perception sampler’s latest frame.',
      }),
    ),
  },
  { additionalProperties: false },
);

// A recorded frame never changes; a day keeps browsers and timeline hovers from asking twice.
export const RECORDED_SNAPSHOT_CACHE_CONTROL = 'private, max-age=86400';

/** Sends a recorded frame: JPEG, cacheable, `x-heldar-frame-time` naming the moment it shows. */
export function sendRecordedSnapshot(reply: FastifyReply, snapshot: Snapshot): FastifyReply {
  return reply
    .header('content-type', 'image/jpeg')
    .header('cache-control', RECORDED_SNAPSHOT_CACHE_CONTROL)
    .header('x-heldar-frame-time', toRfc3339(Math.round(snapshot.frameMs)))
    .send(snapshot.jpeg);
}

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import { NodeIdParams, NodeSchema } from './node.schemas.js';
import type { NodeService } from './node.service.js';

/** The nodes sharing this database (viewer); drain and resume (admin, audited). */
export const nodeRoutes: FastifyPluginAsyncTypebox<{ nodes: NodeService }> = async (app, { nodes }) => {
  const tags = ['nodes'];
  const ADMIN = { access: { minRole: 'admin' as const } };

  app.get('/api/nodes', {
    config: { access: { minRole: 'viewer' } },
    schema: {
      tags,
      summary: 'The nodes sharing this database, with health, cameras, capacity and free space',
      description: 'SQLite: the one node. PostgreSQL: every node that ever joined; `healthy` is false once its heartbeat is older than one lease.',
      response: { 200: Type.Object({ nodes: Type.Array(NodeSchema) }), ...errorResponses(401, 403) },
    },
    handler: async () => ({ nodes: await nodes.list() }),
  });

  app.post('/api/nodes/:id/drain', {
    config: ADMIN,
    schema: {
      tags,
      summary: 'Drain a node for maintenance: it hands its cameras to the other nodes and takes none',
      description:
        'Each camera is stopped on the draining node (its last segment finished and indexed), then handed to the live node with the most room (or its preferred node), which starts recording at its next heartbeat. A camera no other node can take stays where it is.',
      params: NodeIdParams,
      response: { 200: NodeSchema, ...errorResponses(401, 403, 404, 409) },
    },
    handler: (request) => nodes.drain(request.params.id),
  });

  app.post('/api/nodes/:id/resume', {
    config: ADMIN,
    schema: {
      tags,
      summary: 'Resume a drained node: it takes cameras again',
      description: 'Cameras that name it as `preferred_node_id` come back to it; others stay where they are until a failover spreads them.',
      params: NodeIdParams,
      response: { 200: NodeSchema, ...errorResponses(401, 403, 404, 409) },
    },
    handler: (request) => nodes.resume(request.params.id),
  });
};

import { type PeerClient, peerTriggerPath } from '../cluster/peers/peer-client.js';
import { type AppError, BadRequest, Conflict, NotFound, ServiceUnavailable } from '../errors.js';

/** Sends a recording trigger to the node that records the camera; resolves with its window end (UTC ms). */
export type ForwardTrigger = (nodeId: string, cameraId: string, reason: string) => Promise<number>;

/**
 * Triggers for a camera another node records go to that node (its supervisor holds the event window
 * and the pre-roll), node-signed over its internal route; its answer comes back as if given here.
 */
export function peerTriggerForwarder(peers: Pick<PeerClient, 'postJson'>): ForwardTrigger {
  return async (nodeId, cameraId, reason) => {
    const { status, json } = await peers.postJson(nodeId, peerTriggerPath(cameraId), { reason }, `records camera ${cameraId}`);
    const body = (json ?? {}) as { window_end?: unknown; message?: unknown };
    if (status === 200 && typeof body.window_end === 'string') return Date.parse(body.window_end);
    const said = typeof body.message === 'string' ? body.message : `status ${status}`;
    throw errorFor(status, `node ${nodeId}, which records camera ${cameraId}: ${said}`);
  };
}

function errorFor(status: number, message: string): AppError {
  if (status === 400) return new BadRequest(message);
  if (status === 404) return new NotFound(message);
  if (status === 409) return new Conflict(message);
  // 401: the peer refused this node's signature (the nodes do not share HELDAR_SECRET_KEY).
  return new ServiceUnavailable(message);
}

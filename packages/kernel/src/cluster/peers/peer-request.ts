import { Type } from '@sinclair/typebox';
import type { Logger } from 'pino';
import { Unauthorized } from '../../errors.js';
import type { PeerTokenProblem, PeerTokenSigner } from './peer-token.js';

const PROBLEMS: Record<PeerTokenProblem, string> = {
  missing: 'this internal route answers other Heldar nodes only: a node signature (node, exp, sig) is required',
  expired: 'the node signature has expired',
  'too-long': 'the node signature is valid for longer than a node ever signs for',
  forged: 'the node signature does not match (every node must share the same HELDAR_SECRET_KEY)',
};

/** The query of every node-signed internal route (peer-token.ts signedPath). */
export const PeerSignatureQuery = Type.Object({
  node: Type.Optional(Type.String({ maxLength: 64, description: 'The node that signed the request.' })),
  exp: Type.Optional(Type.String({ maxLength: 16, description: 'Expiry of the signature, UTC ms.' })),
  sig: Type.Optional(Type.String({ maxLength: 64, description: 'base64url HMAC-SHA256 of method, path, node and expiry.' })),
});

/** Refuses (401, logged) a request to an internal route that no node signed for this method and path. */
export function requirePeerSignature(
  signer: PeerTokenSigner,
  request: { method: string; query: { node?: string; exp?: string; sig?: string } },
  path: string,
  now: number,
  logger: Logger,
  what: Record<string, unknown>,
): void {
  const problem = signer.check(request.method, path, request.query, now);
  if (problem === null) return;
  logger.warn({ ...what, node: request.query.node, problem }, 'peers: refused a node request');
  throw new Unauthorized(PROBLEMS[problem]);
}

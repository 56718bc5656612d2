import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Clock } from '../../clock.js';
import { ServiceUnavailable } from '../../errors.js';
import type { PeerDirectory } from './peer-directory.js';
import { type PeerTokenSigner, signedPath } from './peer-token.js';

/** How long a URL this node signs for a peer stays good: enough for one request (the peer checks at arrival). */
export const PEER_URL_TTL_MS = 60_000;
/** Connecting to a peer and getting its headers: a node that is down answers nothing at all. */
const PEER_HEADERS_TIMEOUT_MS = 5_000;

/** The internal path a node serves its own segment files on (media/peer-footage/). */
export const peerSegmentPath = (segmentId: number): string => `/api/internal/segments/${segmentId}/file`;
/** The internal path a node takes recording triggers for the cameras it records on (recording/). */
export const peerTriggerPath = (cameraId: string): string => `/api/internal/cameras/${encodeURIComponent(cameraId)}/trigger`;

/** A peer's answer, the body still streaming. */
export interface PeerResponse {
  status: number;
  headers: Headers;
  body: Readable;
}

export interface PeerClientDeps {
  /** This node: the signer of every request it makes. */
  nodeId: string;
  signer: PeerTokenSigner;
  directory: PeerDirectory;
  clock: Clock;
}

/**
 * Node-to-node requests: a signed, short-lived URL on the peer's HELDAR_NODE_URL, the body streamed
 * back (never buffered whole). A peer that is unknown, has no URL or does not answer is a
 * ServiceUnavailable naming it, so a viewer learns which machine to look at.
 */
export class PeerClient {
  constructor(private readonly deps: PeerClientDeps) {}

  /** A signed absolute URL of a segment file on its node (also usable as an ffmpeg input). */
  async segmentUrl(nodeId: string, segmentId: number, method = 'GET'): Promise<string> {
    const base = await this.baseUrl(nodeId);
    const path = peerSegmentPath(segmentId);
    const signature = this.deps.signer.sign(method, path, this.deps.nodeId, this.deps.clock.now() + PEER_URL_TTL_MS);
    return `${base}${signedPath(path, signature)}`;
  }

  /** GET (or HEAD) of a segment file, or the `range` of it, from its node; `signal` aborts the transfer. */
  async segmentFile(nodeId: string, segmentId: number, range: string | undefined, signal?: AbortSignal, method = 'GET'): Promise<PeerResponse> {
    const url = await this.segmentUrl(nodeId, segmentId, method);
    const timeout = AbortSignal.timeout(PEER_HEADERS_TIMEOUT_MS);
    const headersSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let response: Response;
    try {
      response = await fetch(url, { method, headers: range === undefined ? {} : { range }, signal: headersSignal, redirect: 'error' });
    } catch (e: unknown) {
      throw new ServiceUnavailable(`node ${nodeId} holds this footage and did not answer (${describe(e)})`, { cause: e });
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new ServiceUnavailable(`node ${nodeId} holds this footage and answered ${response.status}`);
    }
    const body = response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    return { status: response.status, headers: response.headers, body };
  }

  /**
   * A signed POST of a JSON body to a peer's internal `path`; its status and JSON answer. A peer that
   * cannot be reached, or fails (5xx), is a ServiceUnavailable saying `what` it was asked for.
   */
  async postJson(nodeId: string, path: string, body: unknown, what: string): Promise<{ status: number; json: unknown }> {
    const base = await this.baseUrl(nodeId, what);
    const signature = this.deps.signer.sign('POST', path, this.deps.nodeId, this.deps.clock.now() + PEER_URL_TTL_MS);
    let response: Response;
    try {
      response = await fetch(`${base}${signedPath(path, signature)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(PEER_HEADERS_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (e: unknown) {
      throw new ServiceUnavailable(`node ${nodeId} ${what} and did not answer (${describe(e)})`, { cause: e });
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new ServiceUnavailable(`node ${nodeId} ${what} and answered ${response.status}`);
    }
    return { status: response.status, json: await response.json().catch(() => null) };
  }

  private async baseUrl(nodeId: string, what = 'holds this footage'): Promise<string> {
    const peer = await this.deps.directory.find(nodeId);
    if (peer === undefined) throw new ServiceUnavailable(`node ${nodeId} ${what} but is not a known node`);
    if (peer.url === null) throw new ServiceUnavailable(`node ${nodeId} ${what} but has no HELDAR_NODE_URL for peers to reach it`);
    return peer.url;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error && e.name === 'TimeoutError') return 'timed out';
  const cause = e instanceof Error ? (e.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (e instanceof Error ? e.message : String(e));
}

import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { nonPublicReason } from './address-class.js';
import { allowListAdmits, EMPTY_ALLOW_LIST, type OutboundAllowList } from './outbound-allow.js';

/** A URL the guard will not call; the message names the host and why, for the person who gave it. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Redirects followed, each re-checked (default 0: a redirect is answered as it came). */
  maxRedirects?: number;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Aborts the request (shutdown). */
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most MAX_BODY bytes; receivers' answers are logged, not processed. */
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Resolves a name to every address it has; dns.lookup so /etc/hosts counts like it does for the OS. */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true });
const MAX_BODY = 64 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one way Heldar calls a URL a user gave it (webhooks, sidecars; later backup targets and ONVIF):
 * it resolves the host first and refuses loopback, link-local (metadata services), private, CGNAT,
 * unique-local, unspecified and multicast addresses unless HELDAR_OUTBOUND_ALLOW names them; then it
 * connects to exactly the address it checked (a custom `lookup` pins it, so a DNS answer that changes
 * between check and connect — rebinding — cannot redirect the request), re-checks every redirect and
 * times out on connect and in total.
 */
export class OutboundGuard {
  // Per origin: a pipelined webhook keeps up to 64 deliveries in flight (max_in_flight), and
  // subscriptions to one receiver share its connections.
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly allow: OutboundAllowList = EMPTY_ALLOW_LIST,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  /** Checks a URL (scheme, credentials, every address its host resolves to); throws OutboundRefused. */
  async check(raw: string | URL): Promise<ResolvedTarget> {
    const url = parseUrl(raw);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return { url, ...(await this.checkHost(host, url.host)) };
  }

  /**
   * A `lookup` for clients that take one (the sidecar proxy): resolves and checks the name at connect
   * time and hands the client the address it checked. Node does not call a lookup for an IP literal,
   * so such a URL must be passed through check() once (the address cannot change afterwards).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.checkHost(hostname, hostname).then(
      ({ address, family }) => (options.all ? callback(null, [{ address, family }]) : callback(null, address, family)),
      (e: unknown) => callback(Object.assign(e instanceof Error ? e : new Error(String(e)), { code: 'EREFUSED' }), '', 4),
    );
  };

  private async checkHost(host: string, shown: string): Promise<{ address: string; family: 4 | 6 }> {
    const literal = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : null;
    let addresses: { address: string; family: number }[];
    try {
      addresses = literal ?? (await this.resolve(host));
    } catch (e: unknown) {
      throw new OutboundRefused(`${host} could not be resolved`, { cause: e });
    }
    if (addresses.length === 0) throw new OutboundRefused(`${host} has no address`);
    // Every address must pass: a name resolving to one public and one private address could be
    // answered with either on the next lookup.
    for (const { address } of addresses) {
      const parsed = ipaddr.parse(address);
      const reason = nonPublicReason(parsed);
      if (reason !== null && !allowListAdmits(this.allow, host, parsed)) {
        const via = literal ? '' : ` (${host} resolves to ${address})`;
        throw new OutboundRefused(`${shown} is ${reason}${via}; add it to HELDAR_OUTBOUND_ALLOW to allow it`);
      }
    }
    const first = addresses[0]!;
    return { address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  /** One request through the guard; redirects are followed only when asked, each checked again. */
  async request(raw: string | URL, options: OutboundRequest = {}): Promise<OutboundResponse> {
    let target = await this.check(raw);
    let method = options.method ?? 'GET';
    let body = options.body;
    for (let redirects = 0; ; redirects++) {
      const response = await this.once(target, { ...options, method, body });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || location === undefined || redirects >= (options.maxRedirects ?? 0)) return response;
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      target = await this.check(new URL(location, target.url));
    }
  }

  /** Closes kept-alive connections (shutdown). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private once(target: ResolvedTarget, options: OutboundRequest): Promise<OutboundResponse> {
    const { url } = target;
    const secure = url.protocol === 'https:';
    // The pinned lookup: the connection goes to the address check() approved, whatever DNS says now.
    const lookup: LookupFunction = (_host, opts, callback) => {
      if (opts.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const totalMs = options.totalTimeoutMs ?? 10_000;
    const connectMs = options.connectTimeoutMs ?? 5_000;
    return new Promise<OutboundResponse>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method: options.method,
          headers: { ...options.headers, ...(options.body === undefined ? {} : { 'content-length': Buffer.byteLength(options.body) }) },
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup,
          signal: options.signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY) chunks.push(chunk.subarray(0, MAX_BODY - size));
            size += chunk.length;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url: url.href }));
          response.on('error', reject);
        },
      );
      // One timer for the whole exchange (not AbortSignal.timeout + AbortSignal.any per request: at
      // thousands of webhook deliveries a second those allocations showed in the profile).
      let timedOut = false;
      const total = setTimeout(() => {
        timedOut = true;
        request.destroy(new Error(`${url.host} did not answer within ${totalMs} ms`));
      }, totalMs);
      request.once('close', () => clearTimeout(total));
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => request.destroy(new Error(`no connection to ${url.host} within ${connectMs} ms`)), connectMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
      request.on('error', (e: Error) => {
        clearTimeout(total);
        reject(timedOut ? new Error(`${url.host} did not answer within ${totalMs} ms`, { cause: e }) : e);
      });
      request.end(options.body);
    });
  }
}

function parseUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = raw instanceof URL ? raw : new URL(raw);
  } catch (e: unknown) {
    throw new OutboundRefused('not a valid URL (e.g. https://example.com/hook)', { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused(`only http and https URLs can be called (got ${url.protocol.slice(0, -1)})`);
  if (url.username !== '' || url.password !== '') throw new OutboundRefused('the URL must not contain a user name or password');
  return url;
}

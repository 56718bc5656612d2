import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of an S3-compatible test server that checks every request's AWS
 * Signature Version 4 the way S3 does — canonical request, string to sign, the HMAC key chain — from
 * the raw request and the secret of its access key, written here from AWS's published algorithm
 * (independently of the AWS SDK that signs). A request that does not verify is answered like S3
 * does (403 with SignatureDoesNotMatch or InvalidAccessKeyId); one that does is passed on. s3rver,
 * the server behind it, checks the access key but does not recompute V4 signatures.
 */
export interface SigV4Proxy {
  readonly endpoint: string;
  /** Requests whose signature verified (and were passed on). */
  readonly verified: number;
  /** Why each refused request was refused. */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

export async function startSigV4Proxy(upstream: string, secrets: ReadonlyMap<string, string>): Promise<SigV4Proxy> {
  const target = new URL(upstream);
  let verified = 0;
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = checkSignature({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }, body, secrets, Date.now());
      if (problem !== null) {
        refused.push(`${req.method} ${req.url}: ${problem.message}`);
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${problem.code}</Code><Message>${problem.message}</Message></Error>`);
        return;
      }
      verified++;
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (e) => res.destroy(e));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get verified() {
      return verified;
    },
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** What a signature check reads of a request. */
export interface SignedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Lower-case names, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
}

/** Null when the request's signature verifies at `now`; else S3's error code and message. */
export function checkSignature(req: SignedRequest, body: Buffer, secrets: ReadonlyMap<string, string>, now: number): { code: string; message: string } | null {
  const match = AUTHORIZATION.exec(String(req.headers.authorization ?? ''));
  if (!match) return { code: 'AccessDenied', message: 'no AWS4-HMAC-SHA256 Authorization header' };
  const [, accessKey = '', day = '', region = '', signedHeaders = '', signature = ''] = match;
  const secret = secrets.get(accessKey);
  if (secret === undefined) return { code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day)) return { code: 'AccessDenied', message: 'x-amz-date is not the day of the credential scope' };
  const skew = Math.abs(Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - now);
  if (!(skew < 15 * 60_000)) return { code: 'RequestTimeTooSkewed', message: 'x-amz-date is more than 15 minutes off' };
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== 'UNSIGNED-PAYLOAD') {
    if (!/^[0-9a-f]{64}$/.test(payloadHash)) return { code: 'InvalidRequest', message: `unsupported x-amz-content-sha256: ${payloadHash}` };
    if (sha256(body) !== payloadHash) return { code: 'XAmzContentSHA256Mismatch', message: 'the body does not have the SHA-256 it was signed with' };
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return { code: 'AccessDenied', message: 'host and x-amz-date must be signed' };
  const [path = '', query = ''] = req.url.split('?', 2) as [string, string?];
  const canonicalRequest = [
    req.method,
    path,
    canonicalQuery(query),
    names.map((name) => `${name}:${headerValue(req, name)}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(Buffer.from(canonicalRequest))].join('\n');
  const key = ['s3', 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(hmac(`AWS4${secret}`, day), region));
  if (hmac(key, stringToSign).toString('hex') !== signature) {
    return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return null;
}

/** Every parameter name and value percent-encoded the RFC 3986 way, sorted by name, then value. */
function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2).map((p) => encode(decodeURIComponent(p.replace(/\+/g, '%20'))));
      return [name, value] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(req: SignedRequest, name: string): string {
  const raw = req.headers[name];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  return value.trim().replace(/\s+/g, ' ');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

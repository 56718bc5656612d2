import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthScheme = 'basic' | 'digest';

export interface AuthConfig {
  scheme: AuthScheme;
  realm: string;
  /** Digest nonce; the simulator issues one per server and accepts only it. */
  nonce: string;
  username: string;
  password: string;
}

export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  uri: string;
  /** With qop=auth the response also covers nc and cnonce (RFC 2617 3.2.2.1). */
  qop?: string;
  nc?: string;
  cnonce?: string;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function digestResponse(d: DigestInput): string {
  const ha1 = md5(`${d.username}:${d.realm}:${d.password}`);
  const ha2 = md5(`${d.method}:${d.uri}`);
  if (d.qop === 'auth') return md5(`${ha1}:${d.nonce}:${d.nc ?? ''}:${d.cnonce ?? ''}:auth:${ha2}`);
  return md5(`${ha1}:${d.nonce}:${ha2}`);
}

/** The WWW-Authenticate value of a 401. No qop is offered: most cameras don't, and clients fall back to RFC 2069 digests. */
export function challenge(cfg: AuthConfig): string {
  return cfg.scheme === 'basic' ? `Basic realm="${cfg.realm}"` : `Digest realm="${cfg.realm}", nonce="${cfg.nonce}"`;
}

/** Parses `key=value, key="quoted, value"` auth parameters; keys lower-cased. */
export function parseAuthParams(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.set((m[1] ?? '').toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The parameters of a `Digest …` Authorization header, or undefined for any other scheme or a malformed one. */
export function parseDigestAuthorization(header: string | undefined): Map<string, string> | undefined {
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'digest') return undefined;
  const p = parseAuthParams(header.slice(space + 1).trim());
  return p.has('uri') && p.has('response') && p.has('username') ? p : undefined;
}

/**
 * Checks a parsed Digest answer against the password the server holds for its username. The realm
 * and nonce must be the ones the server issued; only qop absent or `auth` is accepted.
 */
export function verifyDigest(
  p: ReadonlyMap<string, string>,
  method: string,
  expected: { realm: string; nonce: string; username: string; password: string },
): boolean {
  const uri = p.get('uri');
  const response = p.get('response');
  if (uri === undefined || response === undefined) return false;
  if (p.get('username') !== expected.username || p.get('realm') !== expected.realm || p.get('nonce') !== expected.nonce) {
    return false;
  }
  const qop = p.get('qop');
  if (qop !== undefined && qop !== 'auth') return false;
  const want = digestResponse({ ...expected, method, uri, qop, nc: p.get('nc'), cnonce: p.get('cnonce') });
  return safeEqual(want, response.toLowerCase());
}

/** True when the Authorization header carries the right credentials for the configured scheme. */
export function verifyAuthorization(header: string | undefined, method: string, cfg: AuthConfig): boolean {
  if (header === undefined) return false;
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  if (scheme === 'basic' && cfg.scheme === 'basic') {
    const decoded = Buffer.from(header.slice(space + 1).trim(), 'base64').toString('utf8');
    return safeEqual(decoded, `${cfg.username}:${cfg.password}`);
  }
  if (scheme === 'digest' && cfg.scheme === 'digest') {
    const p = parseDigestAuthorization(header);
    return p !== undefined && verifyDigest(p, method, cfg);
  }
  return false;
}

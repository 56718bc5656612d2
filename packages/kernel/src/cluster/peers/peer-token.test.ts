import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_PEER_TOKEN_MS, PeerTokenSigner, signedPath } from './peer-token.js';

const NOW = Date.UTC(2026, 11, 3, 12);
const PATH = '/api/internal/segments/42/file';

describe('PeerTokenSigner', () => {
  const key = randomBytes(32);
  const signer = new PeerTokenSigner(key);
  const asQuery = (s: { node: string; exp: number; sig: string }) => ({ node: s.node, exp: String(s.exp), sig: s.sig });

  it('accepts its own signature for the same method, path and node before the expiry', () => {
    const s = signer.sign('GET', PATH, 'node-a', NOW + 60_000);
    expect(signer.check('GET', PATH, asQuery(s), NOW)).toBeNull();
    // Any node sharing the secret key checks it: the key is derived, not random per process.
    expect(new PeerTokenSigner(key).check('get', PATH, asQuery(s), NOW)).toBeNull();
  });

  it('refuses an expired one, and one valid for longer than the limit', () => {
    const s = signer.sign('GET', PATH, 'node-a', NOW);
    expect(signer.check('GET', PATH, asQuery(s), NOW)).toBe('expired');
    const long = signer.sign('GET', PATH, 'node-a', NOW + MAX_PEER_TOKEN_MS + 1);
    expect(signer.check('GET', PATH, asQuery(long), NOW)).toBe('too-long');
  });

  it('refuses a signature moved to another path, method, node or expiry, and one from another key', () => {
    const s = signer.sign('GET', PATH, 'node-a', NOW + 60_000);
    expect(signer.check('GET', '/api/internal/segments/43/file', asQuery(s), NOW)).toBe('forged');
    expect(signer.check('DELETE', PATH, asQuery(s), NOW)).toBe('forged');
    expect(signer.check('GET', PATH, { ...asQuery(s), node: 'node-b' }, NOW)).toBe('forged');
    expect(signer.check('GET', PATH, { ...asQuery(s), exp: String(NOW + 120_000) }, NOW)).toBe('forged');
    const other = new PeerTokenSigner(randomBytes(32)).sign('GET', PATH, 'node-a', NOW + 60_000);
    expect(signer.check('GET', PATH, asQuery(other), NOW)).toBe('forged');
  });

  it('calls a request without all three parameters, or with a malformed expiry, missing', () => {
    const s = signer.sign('GET', PATH, 'node-a', NOW + 60_000);
    expect(signer.check('GET', PATH, { node: s.node, exp: String(s.exp) }, NOW)).toBe('missing');
    expect(signer.check('GET', PATH, { ...asQuery(s), exp: '1e12' }, NOW)).toBe('missing');
    expect(signer.check('GET', PATH, {}, NOW)).toBe('missing');
  });

  it('writes the signature as query parameters', () => {
    const s = signer.sign('GET', PATH, 'node-a', NOW + 60_000);
    const url = new URL(signedPath(PATH, s), 'http://127.0.0.1');
    expect(url.pathname).toBe(PATH);
    expect(signer.check('GET', url.pathname, Object.fromEntries(url.searchParams), NOW)).toBeNull();
  });
});

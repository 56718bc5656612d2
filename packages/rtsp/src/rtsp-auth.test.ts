import { describe, expect, it } from 'vitest';
import { challenge, digestResponse, parseAuthParams, verifyAuthorization, type AuthConfig } from './rtsp-auth.js';

const digestCfg: AuthConfig = { scheme: 'digest', realm: 'camsim', nonce: 'abc123', username: 'admin', password: 'secret' };

describe('digestResponse', () => {
  it('matches the RFC 2617 section 3.5 example (qop=auth)', () => {
    expect(
      digestResponse({
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        method: 'GET',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('computes the RFC 2069 form without qop', () => {
    // MD5(MD5("u:r:p"):n:MD5("DESCRIBE:rtsp://h/c")), computed independently.
    expect(
      digestResponse({ username: 'u', password: 'p', realm: 'r', nonce: 'n', method: 'DESCRIBE', uri: 'rtsp://h/c' }),
    ).toBe('1dcafc0a163a34e7290b2f7b90246fbf');
  });
});

describe('verifyAuthorization', () => {
  const header = (over: Partial<Record<string, string>> = {}, method = 'DESCRIBE') => {
    const uri = over.uri ?? 'rtsp://127.0.0.1:554/cam';
    const response =
      over.response ??
      digestResponse({ ...digestCfg, password: over.password ?? digestCfg.password, method, uri, nonce: over.nonce ?? digestCfg.nonce });
    return `Digest username="${over.username ?? 'admin'}", realm="camsim", nonce="${over.nonce ?? 'abc123'}", uri="${uri}", response="${response}"`;
  };

  it('accepts a correct digest and rejects wrong password, user, nonce or method', () => {
    expect(verifyAuthorization(header(), 'DESCRIBE', digestCfg)).toBe(true);
    expect(verifyAuthorization(header({ password: 'nope' }), 'DESCRIBE', digestCfg)).toBe(false);
    expect(verifyAuthorization(header({ username: 'root' }), 'DESCRIBE', digestCfg)).toBe(false);
    expect(verifyAuthorization(header({ nonce: 'stale' }), 'DESCRIBE', digestCfg)).toBe(false);
    expect(verifyAuthorization(header(), 'SETUP', digestCfg)).toBe(false);
  });

  it('accepts a qop=auth digest', () => {
    const uri = 'rtsp://h/cam';
    const response = digestResponse({ ...digestCfg, method: 'PLAY', uri, qop: 'auth', nc: '00000001', cnonce: 'xyz' });
    const h = `Digest username="admin", realm="camsim", nonce="abc123", uri="${uri}", qop=auth, nc=00000001, cnonce="xyz", response="${response}"`;
    expect(verifyAuthorization(h, 'PLAY', digestCfg)).toBe(true);
  });

  it('checks basic credentials and refuses the other scheme', () => {
    const basic: AuthConfig = { ...digestCfg, scheme: 'basic' };
    const ok = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
    expect(verifyAuthorization(ok, 'DESCRIBE', basic)).toBe(true);
    expect(verifyAuthorization(`Basic ${Buffer.from('admin:wrong').toString('base64')}`, 'DESCRIBE', basic)).toBe(false);
    expect(verifyAuthorization(ok, 'DESCRIBE', digestCfg)).toBe(false);
    expect(verifyAuthorization(undefined, 'DESCRIBE', basic)).toBe(false);
  });

  it('builds challenges for both schemes', () => {
    expect(challenge(digestCfg)).toBe('Digest realm="camsim", nonce="abc123"');
    expect(challenge({ ...digestCfg, scheme: 'basic' })).toBe('Basic realm="camsim"');
  });

  it('parses quoted parameters containing commas', () => {
    const p = parseAuthParams('username="a,b", realm="r", nc=00000001, uri="rtsp://h/x?y=1"');
    expect([p.get('username'), p.get('nc'), p.get('uri')]).toEqual(['a,b', '00000001', 'rtsp://h/x?y=1']);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkSignature, MANIFEST_FORMAT, signManifest, type ManifestBody } from './manifest.js';
import { serverKeyFromPem } from './server-key.js';

const keyOf = () => serverKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());

const body: ManifestBody = {
  format: MANIFEST_FORMAT,
  clip_id: 'clip_0123456789abcdef0123456789abcdef',
  camera: { id: 'lobby', name: 'Lobby “front”' },
  range: { from: '2026-06-18T00:00:00.000Z', to: '2026-06-18T00:01:40.000Z' },
  requested_ms: 100_000,
  covered_ms: 60_000,
  gaps: [{ from: '2026-06-18T00:00:30.000Z', to: '2026-06-18T00:01:00.000Z' }],
  method: 'fragments',
  files: [{ filename: 'clip_0123456789abcdef0123456789abcdef.mp4', size_bytes: 123, sha256: 'ab'.repeat(32), from: 'a', to: 'b' }],
  sources: [{ segment_id: 7, path: 'lobby/x.mp4', start_time: 'a', end_time: 'b', size_bytes: 99, sha256: 'cd'.repeat(32) }],
  exporter: null,
  exported_at: '2026-06-18T00:02:00.000Z',
  kernel_version: '0.1.0',
};

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members at every level, drops whitespace and keeps array order', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'é\n', c: true })).toBe('{"a":"é\\n","b":[3,{"a":null,"z":1}],"c":true}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe('manifest signatures', () => {
  it('verifies a signed manifest, also after a JSON round trip with different member order', () => {
    const key = keyOf();
    const signed = signManifest(body, key);
    expect(signed.signature).toMatchObject({ algorithm: 'Ed25519', key_id: key.keyId, public_key: key.publicKeyBase64 });
    const reordered = JSON.parse(JSON.stringify({ signature: signed.signature, ...body }, null, 2)) as unknown;
    expect(checkSignature(reordered)).toEqual({ valid: true, keyId: key.keyId });
    expect(checkSignature(reordered, key.publicKeyPem).valid).toBe(true);
    expect(checkSignature(reordered, key.publicKeyBase64).valid).toBe(true);
  });

  it('fails when any field changes, when the key is not the trusted one, and on junk', () => {
    const key = keyOf();
    const signed = signManifest(body, key);
    expect(checkSignature({ ...signed, exporter: 'mallory' })).toMatchObject({ valid: false, problem: expect.stringContaining('does not match') });
    expect(checkSignature({ ...signed, files: [{ ...body.files[0], sha256: '00'.repeat(32) }] }).valid).toBe(false);
    const other = keyOf();
    expect(checkSignature(signed, other.publicKeyPem)).toMatchObject({ valid: false, problem: expect.stringContaining('not with the trusted key') });
    // Re-signed by someone else with their key embedded: valid on its own, refused against the pinned key.
    const forged = signManifest({ ...body, exporter: 'mallory' }, other);
    expect(checkSignature(forged).valid).toBe(true);
    expect(checkSignature(forged, key.publicKeyPem).valid).toBe(false);
    expect(checkSignature('nope').valid).toBe(false);
    expect(checkSignature({ ...body }).problem).toBe('the manifest has no signature');
    expect(checkSignature({ ...signed, signature: { ...signed.signature, public_key: 'AAAA' } }).valid).toBe(false);
  });
});

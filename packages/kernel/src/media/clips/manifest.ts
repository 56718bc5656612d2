import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { keyIdOf } from './server-key.js';

/**
 * The signed manifest written next to every clip: what was exported (camera, range, gaps), the clip's
 * files with their SHA-256, the recorded segments it was cut from with theirs, who exported it, when,
 * and with which kernel. The server's Ed25519 key signs the manifest's canonical form, so `heldar
 * verify` (or any Ed25519 + SHA-256 tool) can show that neither the clip nor the manifest changed.
 *
 * Canonical form: the manifest without its `signature` member, serialised as RFC 8785 (JSON
 * Canonicalization Scheme) — object members sorted by key, no whitespace, ECMAScript number and string
 * formatting. The manifest holds only strings, integers, null, arrays and objects, so that is exactly
 * `JSON.stringify` with sorted keys, easy to reproduce in any language.
 */
export const MANIFEST_FORMAT = 'heldar-clip-manifest/1';
export const SIGNATURE_ALGORITHM = 'Ed25519';

export type ExportMethod = 'fragments' | 'ffmpeg_concat';

export interface ManifestFile {
  filename: string;
  size_bytes: number;
  sha256: string;
  /** Wall-clock span of the footage in this file (RFC 3339). */
  from: string;
  to: string;
}

export interface ManifestSource {
  segment_id: number;
  /** Relative to the recordings root. */
  path: string;
  start_time: string;
  end_time: string;
  size_bytes: number;
  sha256: string;
}

export interface ManifestBody {
  format: string;
  clip_id: string;
  camera: { id: string; name: string | null };
  range: { from: string; to: string };
  requested_ms: number;
  covered_ms: number;
  gaps: { from: string; to: string }[];
  method: ExportMethod;
  files: ManifestFile[];
  sources: ManifestSource[];
  /** The signed-in user or API key that asked for the export; null when unknown. */
  exporter: string | null;
  exported_at: string;
  kernel_version: string;
}

export interface ManifestSignature {
  algorithm: string;
  key_id: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  public_key: string;
  /** Signature over the canonical form, base64. */
  value: string;
}

export interface ClipManifest extends ManifestBody {
  signature: ManifestSignature;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** RFC 8785 serialisation of JSON data. @throws TypeError for values JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    // RFC 8785 sorts by UTF-16 code units, which is what the default string comparison does.
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/** The bytes the signature covers: the canonical form of everything but `signature`. */
export function signedBytes(manifest: ManifestBody | ClipManifest): Buffer {
  const { signature: _signature, ...body } = manifest as ClipManifest;
  return Buffer.from(canonicalJson(body as unknown as Json), 'utf8');
}

export function signManifest(body: ManifestBody, key: { privateKey: KeyObject; publicKeyBase64: string; keyId: string }): ClipManifest {
  const value = sign(null, signedBytes(body), key.privateKey).toString('base64');
  return { ...body, signature: { algorithm: SIGNATURE_ALGORITHM, key_id: key.keyId, public_key: key.publicKeyBase64, value } };
}

export interface SignatureCheck {
  valid: boolean;
  keyId: string | null;
  /** Why it is not valid, for a person. */
  problem?: string;
}

/**
 * Checks a parsed manifest's signature with the public key it carries, or with `trustedKey` (raw
 * base64 or PEM) — then the embedded key must be that key. Never throws for bad input.
 */
export function checkSignature(manifest: unknown, trustedKey?: string): SignatureCheck {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return { valid: false, keyId: null, problem: 'the manifest is not a JSON object' };
  }
  const signature = (manifest as { signature?: unknown }).signature;
  if (typeof signature !== 'object' || signature === null) return { valid: false, keyId: null, problem: 'the manifest has no signature' };
  const { algorithm, public_key: publicKey, value } = signature as Partial<Record<keyof ManifestSignature, unknown>>;
  if (algorithm !== SIGNATURE_ALGORITHM) return { valid: false, keyId: null, problem: `unsupported signature algorithm ${JSON.stringify(algorithm)}` };
  if (typeof publicKey !== 'string' || typeof value !== 'string') {
    return { valid: false, keyId: null, problem: 'the signature has no public_key or value' };
  }
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32) return { valid: false, keyId: null, problem: 'the public key is not a 32-byte Ed25519 key' };
  const keyId = keyIdOf(raw);
  if (trustedKey !== undefined) {
    const trusted = parsePublicKey(trustedKey);
    if (trusted === null) return { valid: false, keyId, problem: 'the trusted public key given is not an Ed25519 public key' };
    if (!trusted.equals(raw)) return { valid: false, keyId, problem: `the manifest was signed with key ${keyId}, not with the trusted key ${keyIdOf(trusted)}` };
  }
  let bytes: Buffer;
  try {
    bytes = signedBytes(manifest as ClipManifest);
  } catch (e: unknown) {
    return { valid: false, keyId, problem: `the manifest cannot be canonicalised: ${(e as Error).message}` };
  }
  const ok = verify(null, bytes, ed25519FromRaw(raw), Buffer.from(value, 'base64'));
  return ok ? { valid: true, keyId } : { valid: false, keyId, problem: 'the signature does not match the manifest (it was changed or signed by another key)' };
}

/** Raw base64 or PEM (SPKI) → the 32 raw key bytes; null when it is neither. */
export function parsePublicKey(text: string): Buffer | null {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      const key = createPublicKey(trimmed);
      if (key.asymmetricKeyType !== 'ed25519') return null;
      const der = key.export({ format: 'der', type: 'spki' });
      return der.subarray(der.length - 32);
    }
  } catch {
    return null;
  }
  const raw = Buffer.from(trimmed, 'base64');
  return raw.length === 32 ? raw : null;
}

// SPKI DER prefix of an Ed25519 public key (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function ed25519FromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

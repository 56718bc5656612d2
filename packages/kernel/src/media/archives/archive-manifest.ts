import { sign } from 'node:crypto';
import { canonicalJson, SIGNATURE_ALGORITHM, type ManifestSignature } from '../clips/manifest.js';
import type { ServerKey } from '../clips/server-key.js';

/**
 * The manifest at the root of an evidence archive (`manifest.json`): what was asked for, each
 * camera's clip with its coverage and the segments it was cut from, the incident, and every other
 * file of the zip with its size and SHA-256 — signed like a clip manifest (Ed25519 over the RFC 8785
 * canonical form of everything but `signature`), so `heldar verify archive.zip` or any Ed25519 +
 * SHA-256 tool can show that no file changed.
 */
export const ARCHIVE_MANIFEST_FORMAT = 'heldar-archive-manifest/1';
export const ARCHIVE_MANIFEST_NAME = 'manifest.json';

export interface ArchiveManifestFile {
  /** Path inside the zip. */
  path: string;
  size_bytes: number;
  sha256: string;
}

export interface ArchiveManifestCamera {
  id: string;
  name: string | null;
  covered_ms: number;
  gaps: { from: string; to: string }[];
  method: string;
  /** Paths of this camera's clip files inside the zip. */
  clips: string[];
  sources: { segment_id: number; path: string; start_time: string; end_time: string; size_bytes: number; sha256: string }[];
}

export interface ArchiveManifestBody {
  format: string;
  archive_id: string;
  range: { from: string; to: string };
  cameras: ArchiveManifestCamera[];
  incident: { id: number; title: string; notes_file: string } | null;
  files: ArchiveManifestFile[];
  created_by: string | null;
  created_at: string;
  kernel_version: string;
}

export interface ArchiveManifest extends ArchiveManifestBody {
  signature: ManifestSignature;
}

export function signArchiveManifest(body: ArchiveManifestBody, key: Pick<ServerKey, 'privateKey' | 'publicKeyBase64' | 'keyId'>): ArchiveManifest {
  const value = sign(null, Buffer.from(canonicalJson(body), 'utf8'), key.privateKey).toString('base64');
  return { ...body, signature: { algorithm: SIGNATURE_ALGORITHM, key_id: key.keyId, public_key: key.publicKeyBase64, value } };
}

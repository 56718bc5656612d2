import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ARCHIVE_MANIFEST_NAME } from '../media/archives/archive-manifest.js';
import { checkSignature, type SignatureCheck } from '../media/clips/manifest.js';

export interface ArchiveCheck {
  signature: SignatureCheck;
  /** One line per file: matches, MODIFIED, MISSING or NOT IN THE MANIFEST. */
  lines: string[];
  ok: boolean;
  manifest: unknown;
}

interface Listed {
  path: string;
  sha256: string;
  size_bytes: number;
}

/**
 * Checks an evidence archive: its manifest's Ed25519 signature (with `trustedKey` when given), and
 * every file in the zip against the manifest's list — each listed file present with its SHA-256 and
 * size, and no file the manifest does not list. Reads the zip as a stream of entries, one at a time.
 */
export async function checkArchive(file: string, trustedKey?: string): Promise<ArchiveCheck> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true });
  const digests = new Map<string, { sha256: string; size: number }>();
  let manifestText: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip
          .openReadStreamPromise(entry)
          .then(async (stream) => {
            const hash = createHash('sha256');
            const chunks: Buffer[] = [];
            let size = 0;
            const keep = entry.fileName === ARCHIVE_MANIFEST_NAME;
            await pipeline(
              stream,
              new Writable({
                write(chunk: Buffer, _encoding, done) {
                  hash.update(chunk);
                  size += chunk.length;
                  if (keep) chunks.push(chunk);
                  done();
                },
              }),
            );
            if (keep) manifestText = Buffer.concat(chunks).toString('utf8');
            else digests.set(entry.fileName, { sha256: hash.digest('hex'), size });
            zip.readEntry();
          })
          .catch(reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (manifestText === undefined) {
    return { signature: { valid: false, keyId: null, problem: `the archive has no ${ARCHIVE_MANIFEST_NAME}` }, lines: [], ok: false, manifest: null };
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch (e: unknown) {
    return { signature: { valid: false, keyId: null, problem: `${ARCHIVE_MANIFEST_NAME} is not JSON: ${(e as Error).message}` }, lines: [], ok: false, manifest: null };
  }
  const signature = checkSignature(manifest, trustedKey);
  const listed = listedFiles(manifest);
  const lines: string[] = [];
  let filesOk = listed.length > 0;
  for (const f of listed) {
    const d = digests.get(f.path);
    if (d === undefined) {
      filesOk = false;
      lines.push(`${f.path}: MISSING from the archive`);
    } else if (d.sha256 === f.sha256 && d.size === f.size_bytes) {
      lines.push(`${f.path}: sha256 ${d.sha256} (${d.size} bytes) matches`);
    } else {
      filesOk = false;
      lines.push(`${f.path}: MODIFIED — sha256 ${d.sha256} (${d.size} bytes), the manifest says ${f.sha256} (${f.size_bytes} bytes)`);
    }
  }
  const known = new Set(listed.map((f) => f.path));
  for (const name of digests.keys()) {
    if (!known.has(name)) {
      filesOk = false;
      lines.push(`${name}: NOT IN THE MANIFEST`);
    }
  }
  return { signature, lines, ok: signature.valid && filesOk, manifest };
}

function listedFiles(manifest: unknown): Listed[] {
  const files = (manifest as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  return files.filter(
    (f): f is Listed =>
      typeof f === 'object' && f !== null && typeof (f as Listed).path === 'string' && typeof (f as Listed).sha256 === 'string' && typeof (f as Listed).size_bytes === 'number',
  );
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { digestFile } from '../media/clips/file-digest.js';
import { checkSignature } from '../media/clips/manifest.js';
import { checkArchive } from './archive-verify.js';
import { stderr, stdout } from './cli-io.js';

const USAGE = `Usage: heldar verify <clip.mp4> <manifest.json> [--key <public-key.pem | base64>]
       heldar verify <archive.zip> [--key <public-key.pem | base64>]

Checks that the manifest's Ed25519 signature is valid and that the clip's SHA-256 is the one the
manifest lists; for an evidence archive, that every file in the zip is listed in its
manifest.json with that SHA-256 and none is missing. With --key, the manifest must be signed by that key (get it from
GET /api/clips/public-key): VERIFIED against that key. Without it, only the key inside the manifest
is used, which shows the files are consistent, not who signed them: CONSISTENT.
Exit status: 0 verified or consistent, 1 not verified, 2 usage error.`;

/** `heldar verify`: prints a verdict a person can act on; returns the exit code. */
export async function verifyCommand(args: readonly string[]): Promise<number> {
  const positional: string[] = [];
  let keyArg: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--key') {
      keyArg = args[++i];
      if (keyArg === undefined) return usage('--key needs a value');
    } else if (arg === '--help' || arg === '-h') {
      stdout(USAGE);
      return 0;
    } else if (arg.startsWith('--')) {
      return usage(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length === 1 && positional[0]?.toLowerCase().endsWith('.zip')) return verifyArchive(positional[0], keyArg);
  const [clipFile, manifestFile] = positional;
  if (clipFile === undefined || manifestFile === undefined || positional.length > 2) return usage('give the clip and its manifest');

  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (e: unknown) {
    return fail(`cannot read the manifest ${manifestFile}: ${(e as Error).message}`);
  }
  let trustedKey: string | undefined;
  if (keyArg !== undefined) {
    trustedKey = await readFile(keyArg, 'utf8').catch(() => keyArg);
  }
  const signature = checkSignature(manifest, trustedKey);
  let digest: { sha256: string; size: number };
  try {
    digest = await digestFile(clipFile);
  } catch (e: unknown) {
    return fail(`cannot read the clip ${clipFile}: ${(e as Error).message}`);
  }

  const files = listedFiles(manifest);
  const byHash = files.find((f) => f.sha256 === digest.sha256 && f.size_bytes === digest.size);
  const byName = files.find((f) => f.filename === path.basename(clipFile));
  const lines: string[] = [];
  lines.push(signature.valid ? `signature: valid (Ed25519, key ${signature.keyId}${trustedKey === undefined ? ', taken from the manifest' : ', the trusted key'})` : `signature: INVALID — ${signature.problem}`);
  if (byHash) {
    lines.push(`clip:      sha256 ${digest.sha256} (${digest.size} bytes) matches ${byHash.filename} in the manifest`);
  } else if (byName) {
    lines.push(`clip:      MODIFIED — sha256 ${digest.sha256} (${digest.size} bytes), the manifest says ${byName.sha256} (${byName.size_bytes} bytes)`);
  } else {
    lines.push(`clip:      NOT IN THE MANIFEST — sha256 ${digest.sha256} (${digest.size} bytes) matches none of its ${files.length} file(s)`);
  }
  const ok = signature.valid && byHash !== undefined;
  if (ok) {
    const m = manifest as { clip_id?: unknown; camera?: { id?: unknown }; range?: { from?: unknown; to?: unknown }; exporter?: unknown; exported_at?: unknown };
    lines.push(
      `exported:  clip ${String(m.clip_id)} of camera ${String(m.camera?.id)}, ${String(m.range?.from)} – ${String(m.range?.to)}, by ${m.exporter === null ? 'an unknown user' : String(m.exporter)} at ${String(m.exported_at)}`,
    );
  }
  lines.push(verdict(ok, trustedKey !== undefined));
  (ok ? stdout : stderr)(lines.join('\n'));
  return ok ? 0 : 1;
}

/** `heldar verify <archive.zip>`: the manifest's signature and every file's SHA-256. */
async function verifyArchive(file: string, keyArg: string | undefined): Promise<number> {
  const trustedKey = keyArg === undefined ? undefined : await readFile(keyArg, 'utf8').catch(() => keyArg);
  let check;
  try {
    check = await checkArchive(file, trustedKey);
  } catch (e: unknown) {
    return fail(`cannot read the archive ${file}: ${(e as Error).message}`);
  }
  const { signature } = check;
  const lines = [
    signature.valid ? `signature: valid (Ed25519, key ${signature.keyId}${trustedKey === undefined ? ', taken from the manifest' : ', the trusted key'})` : `signature: INVALID — ${signature.problem}`,
    ...check.lines.map((l) => `file:      ${l}`),
  ];
  if (check.ok) {
    const m = check.manifest as { archive_id?: unknown; cameras?: { id?: unknown }[]; range?: { from?: unknown; to?: unknown }; created_by?: unknown; created_at?: unknown };
    const cameras = (m.cameras ?? []).map((c) => String(c.id)).join(', ');
    lines.push(`archive:   ${String(m.archive_id)} of ${cameras}, ${String(m.range?.from)} – ${String(m.range?.to)}, by ${m.created_by === null ? 'an unknown user' : String(m.created_by)} at ${String(m.created_at)}`);
  }
  lines.push(verdict(check.ok, trustedKey !== undefined));
  (check.ok ? stdout : stderr)(lines.join('\n'));
  return check.ok ? 0 : 1;
}

/**
 * What was proven, no more. Without --key the signature was checked with the key the manifest
 * carries, which anyone who edits the manifest can replace: the clip matches the manifest, and the
 * manifest is intact as signed by *some* key — not that the server made it.
 */
export function verdict(ok: boolean, withTrustedKey: boolean): string {
  if (!ok) return 'NOT VERIFIED.';
  if (withTrustedKey) return 'VERIFIED against the given key: the clip is the one the server holding that key exported, and the manifest is unchanged.';
  return [
    'CONSISTENT (not verified against the server): the clip matches the manifest and the manifest’s signature is valid',
    '           for the key written inside the manifest itself. That shows neither was changed after signing, not who',
    '           signed it: pass --key with the server’s public key (GET /api/clips/public-key) to prove it came from that server.',
  ].join('\n');
}

function listedFiles(manifest: unknown): { filename: string; sha256: string; size_bytes: number }[] {
  const files = (manifest as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  return files.filter(
    (f): f is { filename: string; sha256: string; size_bytes: number } =>
      typeof f === 'object' && f !== null && typeof (f as { sha256?: unknown }).sha256 === 'string' && typeof (f as { filename?: unknown }).filename === 'string',
  );
}

function usage(problem: string): number {
  stderr(`heldar verify: ${problem}\n\n${USAGE}`);
  return 2;
}

function fail(message: string): number {
  stderr(`heldar verify: ${message}\nNOT VERIFIED.`);
  return 1;
}

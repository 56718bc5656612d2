import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { rotateStoredSecrets, sealStoredSecrets } from '../db/stored-secrets.js';
import { AesGcmSecretBox } from '../secrets/secret-box.js';
import { generateSecretKeyText, loadSecretKey, parseSecretKey, writeSecretKeyFile } from '../secrets/secret-key.js';
import { parseCliArgs } from './auth-cli.js';
import { CliError, type CliIo } from './cli-io.js';

export const SECRETS_USAGE = `Usage:
  heldar secrets rotate [--new-key-stdin]   re-encrypt every stored secret under a new key

Stop Heldar first. The new key is generated (or read from standard input with --new-key-stdin,
base64 or hex of 32 bytes). With the key file (HELDAR_SECRET_KEY unset) the file is replaced; with
HELDAR_SECRET_KEY the new key is printed on standard output: set the variable to it before the next start.`;

/** `heldar secrets …`: the key of the secrets stored encrypted in the database. */
export async function secretsCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCliArgs(SECRETS_USAGE, () =>
    parseArgs({ args: [...rest], options: { 'new-key-stdin': { type: 'boolean' } }, allowPositionals: true, strict: true }),
  );
  if (sub !== 'rotate' || positionals.length > 0) throw new CliError(SECRETS_USAGE, 2);
  const newKeyText = values['new-key-stdin'] === true ? (await io.readSecret('New key: ')).trim() : generateSecretKeyText();
  const newKey = parseSecretKey(newKeyText);
  if (newKey === null) throw new CliError('the new key must be 32 bytes written as base64 (44 characters) or hex (64 characters)', 2);

  const current = loadSecretKey(config.secretKey === null ? null : parseSecretKey(config.secretKey.reveal()), config.dataDir);
  const keyName = current.source.kind === 'env' ? 'HELDAR_SECRET_KEY' : `the key file ${current.source.path}`;
  const from = new AesGcmSecretBox(current.key);
  const db = openDatabase(config.db);
  try {
    await migrateToLatest(db);
    // Plaintext from an older version is taken along: afterwards everything is under the new key.
    await sealStoredSecrets(db, from, keyName);
    // With the key file: the new key is on disk (beside the old one) before the database changes, so a
    // crash in between never leaves secrets under a key that exists nowhere.
    const next = current.source.kind === 'file' ? `${current.source.path}.next` : null;
    if (next !== null) writeSecretKeyFile(next, newKeyText);
    const { reencrypted } = await rotateStoredSecrets(db, from, new AesGcmSecretBox(newKey), keyName);
    if (next !== null && current.source.kind === 'file') {
      fs.renameSync(next, current.source.path);
      io.err(`${reencrypted} stored secrets re-encrypted; the key file ${current.source.path} holds the new key.`);
    } else {
      io.err(`${reencrypted} stored secrets re-encrypted. Set HELDAR_SECRET_KEY to the new key below before the next start (it is shown only now):`);
      io.out(newKeyText);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

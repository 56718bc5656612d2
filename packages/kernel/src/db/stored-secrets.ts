import { sql } from 'kysely';
import { isEncryptedSecret, SecretDecryptError, type SecretBox } from '../secrets/secret-box.js';
import type { Db } from './database.js';

/**
 * Every column that holds a secret, encrypted at rest by its repository (SecretBox). The start-up step
 * and `heldar secrets rotate` walk this list; a feature that stores a new secret appends its column.
 * Camera stream URLs are here too: they may carry `user:password@` or `?password=`.
 */
export interface SecretColumn {
  readonly table: string;
  /** The primary key column (to write the value back). */
  readonly key: string;
  readonly column: string;
}

export const SECRET_COLUMNS: readonly SecretColumn[] = [
  { table: 'cameras', key: 'id', column: 'password' },
  { table: 'cameras', key: 'id', column: 'stream_url' },
  { table: 'cameras', key: 'id', column: 'sub_stream_url' },
  { table: 'webhooks', key: 'id', column: 'secret' },
  // A webhook URL may be a bearer token itself (Slack's, Discord's).
  { table: 'webhooks', key: 'id', column: 'url' },
  { table: 'backup_destinations', key: 'id', column: 'password' },
  { table: 'backup_destinations', key: 'id', column: 'private_key' },
  { table: 'backup_destinations', key: 'id', column: 'secret_key' },
];

/** The stored secrets do not decrypt with the key in use: Heldar must not start (it would write a second key's values beside them). */
export class SecretKeyMismatch extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretKeyMismatch';
  }
}

interface StoredValue {
  readonly k: string | number;
  readonly v: string;
}

async function storedValues(db: Db, c: SecretColumn): Promise<StoredValue[]> {
  const result = await sql<StoredValue>`select ${sql.ref(c.key)} as k, ${sql.ref(c.column)} as v from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null and ${sql.ref(c.column)} <> ''`.execute(db);
  return result.rows;
}

async function writeValue(db: Db, c: SecretColumn, key: string | number, value: string): Promise<void> {
  await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${value} where ${sql.ref(c.key)} = ${key}`.execute(db);
}

function mismatch(c: SecretColumn, key: string | number, e: unknown, keyName: string): SecretKeyMismatch {
  const reason = e instanceof SecretDecryptError ? e.message : String(e);
  return new SecretKeyMismatch(`${keyName} does not decrypt the stored secrets: ${c.table}.${c.column} of ${String(key)}: ${reason}`, { cause: e });
}

/**
 * The start-up step: checks that every encrypted value decrypts with the key (else SecretKeyMismatch,
 * before anything is written) and encrypts plaintext left by an older version. Idempotent; one
 * transaction, so a crash leaves either all or none of the plaintext encrypted.
 * `keyName` names the key in the message (the variable or the key file).
 */
export async function sealStoredSecrets(db: Db, box: SecretBox, keyName: string): Promise<{ encrypted: number }> {
  return db.transaction().execute(async (tx) => {
    const plaintext: { c: SecretColumn; row: StoredValue }[] = [];
    for (const c of SECRET_COLUMNS) {
      for (const row of await storedValues(tx, c)) {
        if (!isEncryptedSecret(row.v)) {
          plaintext.push({ c, row });
          continue;
        }
        try {
          box.decrypt(row.v);
        } catch (e: unknown) {
          throw mismatch(c, row.k, e, keyName);
        }
      }
    }
    for (const { c, row } of plaintext) await writeValue(tx, c, row.k, box.encrypt(row.v));
    return { encrypted: plaintext.length };
  });
}

/** `heldar secrets rotate`: every stored secret decrypted with `from` and encrypted with `to`, in one transaction. */
export async function rotateStoredSecrets(db: Db, from: SecretBox, to: SecretBox, keyName: string): Promise<{ reencrypted: number }> {
  return db.transaction().execute(async (tx) => {
    let reencrypted = 0;
    for (const c of SECRET_COLUMNS) {
      for (const row of await storedValues(tx, c)) {
        let plain: string;
        try {
          plain = from.decrypt(row.v);
        } catch (e: unknown) {
          throw mismatch(c, row.k, e, keyName);
        }
        await writeValue(tx, c, row.k, to.encrypt(plain));
        reencrypted++;
      }
    }
    return { reencrypted };
  });
}

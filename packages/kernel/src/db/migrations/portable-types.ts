import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Column types that differ between SQLite and PostgreSQL, for migrations written once for both.
 * On SQLite each gives exactly the declaration the migrations used before PostgreSQL was supported,
 * so a database created by either version has the same schema.
 */

/**
 * The type of a surrogate id and of every column referring to one. SQLite: `integer` (an `integer
 * primary key` is the rowid, 64-bit). PostgreSQL: `bigint` (its `integer` is 32-bit, and segments of
 * 64 cameras every 4 s pass 2^31 in about four years).
 */
export function idType(db: Kysely<unknown>): 'integer' | 'bigint' {
  return dialectOf(db) === 'postgres' ? 'bigint' : 'integer';
}

/**
 * A generated primary key: SQLite's `autoincrement` (ids never reused, so a deleted segment's id
 * cannot come back) or PostgreSQL's identity column (a sequence, never reused either).
 */
export function idColumn(db: Kysely<unknown>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return dialectOf(db) === 'postgres'
    ? (c) => c.primaryKey().generatedByDefaultAsIdentity()
    : (c) => c.primaryKey().autoIncrement();
}

/** Bytes: SQLite's `blob`, PostgreSQL's `bytea`. Both come back as a Buffer. */
export function bytesType(db: Kysely<unknown>): 'blob' | 'bytea' {
  return dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
}

/**
 * A floating-point number: SQLite's `real` is 8 bytes; PostgreSQL's `real` is 4 (0.9 would come back
 * as 0.8999999761581421), so there it is `double precision`, the same 8-byte value.
 */
export function realType(db: Kysely<unknown>): 'real' | 'double precision' {
  return dialectOf(db) === 'postgres' ? 'double precision' : 'real';
}

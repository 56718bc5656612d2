import { PostgresAdapter, type Kysely } from 'kysely';

/** Which engine a database runs on: SQLite (embedded, the default) or PostgreSQL (HELDAR_DB_URL=postgres://…). */
export type DbDialect = 'sqlite' | 'postgres';

/** The engine behind a Kysely instance, whatever its table types (migrations hold an untyped one). */
export function dialectOf<T>(db: Kysely<T>): DbDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

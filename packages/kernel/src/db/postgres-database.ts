import { PostgresDialect } from 'kysely';
import pg from 'pg';

// PostgreSQL type OIDs whose default text parsing (a string) would differ from what SQLite returns.
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * PostgreSQL returns bigint (int8: UTC-ms times, byte counts, ids, count(*)) and numeric (sum() of a
 * bigint) as strings, because they may exceed 2^53. Heldar's never do — a millisecond time reaches
 * 2^53 in the year 287396, a byte count at 8 PiB — so they become numbers, as SQLite returns them. A
 * value that would lose precision is refused loudly instead of rounded quietly.
 */
function toSafeNumber(text: string): number {
  const n = Number(text);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new RangeError(`database value ${text} is beyond JavaScript's exact integer range`);
  }
  return n;
}

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && (oid === INT8_OID || oid === NUMERIC_OID)) return toSafeNumber;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A pool of connections to PostgreSQL. The type parsers are set on this pool only (not pg's global
 * registry), so nothing else in the process is affected. Ten connections: the recorder's index writes,
 * API reads and the sweepers each hold one only for a statement or a short transaction.
 */
export function postgresDialect(url: string, onIdleError: (e: Error) => void, max = 10): PostgresDialect {
  const pool = new pg.Pool({ connectionString: url, max, types: typeParsers, application_name: 'heldar' });
  // An idle connection the server drops (a restart, a failover) emits 'error' on the pool; unhandled,
  // that would end the process. The pool replaces the connection; the next query fails or succeeds
  // on its own.
  pool.on('error', onIdleError);
  return new PostgresDialect({ pool });
}

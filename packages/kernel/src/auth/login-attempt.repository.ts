import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** Failures in a fixed window; none once `resetAt` has passed. */
export interface AttemptCounter {
  failures: number;
  resetAt: number;
}

/** One user name from one address. */
export interface AttemptPair {
  failures: number;
  /** Locks so far; the next one lasts longer. */
  locks: number;
  lockedUntil: number;
  lastFailureAt: number;
  /** When this name last signed in correctly from this address; null: never (or forgotten). */
  knownAt: number | null;
}

/** What the throttle knows about one user name trying from one address; null: nothing. */
export interface AttemptState {
  user: AttemptCounter | null;
  address: AttemptCounter | null;
  pair: AttemptPair | null;
}

/**
 * The only place that reads or writes the sign-in counters. `change` runs a decision on the counters
 * of one (user name, address) and stores what it changed in one transaction, while any other change of
 * that user name or that address — on this node or another — waits: the user's and the address's
 * counter rows are locked first, always in that order (so two changes cannot wait on each other),
 * and a pair is only changed under its user's lock. SQLite runs one transaction at a time anyway.
 */
export class LoginAttemptRepository {
  constructor(private readonly db: Db) {}

  async change<T>(username: string, address: string, decide: (state: AttemptState) => { state: AttemptState; result: T }): Promise<T> {
    return this.db.transaction().execute(async (tx) => {
      const userKey = `u:${username}`;
      const addressKey = `ip:${address}`;
      const before: AttemptState = {
        user: await lockCounter(tx, userKey),
        address: await lockCounter(tx, addressKey),
        pair: await readPair(tx, username, address),
      };
      const { state, result } = decide(before);
      // Only what the decision changed is written: a refused attempt writes nothing. An empty row
      // left by lockCounter counts as no counter, and the next prune removes it.
      if (state.user !== before.user) await writeCounter(tx, userKey, state.user);
      if (state.address !== before.address) await writeCounter(tx, addressKey, state.address);
      if (state.pair !== before.pair) await writePair(tx, username, address, state.pair);
      return result;
    });
  }

  /** The counters as they are, without locking them (a look, not a decision). */
  async read(username: string, address: string): Promise<AttemptState> {
    const counter = async (key: string): Promise<AttemptCounter | null> => {
      const row = await this.db.selectFrom('login_counters').select(['failures', 'reset_at']).where('key', '=', key).executeTakeFirst();
      return row === undefined || row.reset_at === 0 ? null : { failures: row.failures, resetAt: row.reset_at };
    };
    return { user: await counter(`u:${username}`), address: await counter(`ip:${address}`), pair: await readPair(this.db, username, address) };
  }

  /** Deletes counters whose window ended and pairs that neither lock, count nor remember anything any more. */
  async prune(now: number, windowMs: number, knownPairMs: number): Promise<void> {
    await this.db.deleteFrom('login_counters').where('reset_at', '<=', now).execute();
    await this.db
      .deleteFrom('login_pairs')
      .where('locked_until', '<=', now)
      .where('last_failure_at', '<=', now - windowMs)
      .where((eb) => eb.or([eb('known_at', 'is', null), eb('known_at', '<=', now - knownPairMs)]))
      .execute();
  }
}

/**
 * Takes the counter's row lock: an upsert that leaves an existing row as it is still locks it until
 * the transaction ends (a plain SELECT … FOR UPDATE cannot lock a row that does not exist yet). A new
 * row starts empty (reset_at 0: no window).
 */
async function lockCounter(tx: Transaction<Database>, key: string): Promise<AttemptCounter | null> {
  const row = await tx
    .insertInto('login_counters')
    .values({ key, failures: 0, reset_at: 0 })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb.ref('login_counters.failures') })))
    .returning(['failures', 'reset_at'])
    .executeTakeFirstOrThrow();
  return row.reset_at === 0 ? null : { failures: row.failures, resetAt: row.reset_at };
}

async function writeCounter(tx: Transaction<Database>, key: string, counter: AttemptCounter | null): Promise<void> {
  if (counter === null) await tx.deleteFrom('login_counters').where('key', '=', key).execute();
  else await tx.updateTable('login_counters').set({ failures: counter.failures, reset_at: counter.resetAt }).where('key', '=', key).execute();
}

async function readPair(db: Db, username: string, address: string): Promise<AttemptPair | null> {
  const row = await db.selectFrom('login_pairs').selectAll().where('username', '=', username).where('address', '=', address).executeTakeFirst();
  if (row === undefined) return null;
  return { failures: row.failures, locks: row.locks, lockedUntil: row.locked_until, lastFailureAt: row.last_failure_at, knownAt: row.known_at };
}

async function writePair(tx: Transaction<Database>, username: string, address: string, pair: AttemptPair | null): Promise<void> {
  if (pair === null) {
    await tx.deleteFrom('login_pairs').where('username', '=', username).where('address', '=', address).execute();
    return;
  }
  const values = { failures: pair.failures, locks: pair.locks, locked_until: pair.lockedUntil, last_failure_at: pair.lastFailureAt, known_at: pair.knownAt };
  await tx
    .insertInto('login_pairs')
    .values({ username, address, ...values })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet(values))
    .execute();
}

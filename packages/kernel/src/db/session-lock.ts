import type pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { Backoff } from '../backoff.js';
import { sleep } from '../sleep.js';
import type { Db } from './database.js';
import { openDedicatedConnection } from './dedicated-connection.js';

// Advisory locks are per database, and two Heldar clusters may use two schemas of one database (the
// test suite does): every key is the hash of the schema, plus the node id for a node's own lock.
/** The cluster leader's lock class ("held" in ASCII). */
const LEADER_LOCK_CLASS = 0x68656c64;
/** The class of the locks each node holds while its process lives ("node" in ASCII). */
const PRESENCE_LOCK_CLASS = 0x6e6f6465;

export interface SessionLockOptions {
  url: string;
  nodeId: string;
  logger: Logger;
  /** How often the lock is tried while another session holds it, and the connection checked while held (default 2 s). */
  checkMs?: number;
}

interface LockIdentity {
  /** In logs and the connection's application_name. */
  name: string;
  lockClass: number;
  /** Null: the schema's one lock of this class; else a lock per key (a node id). */
  key: string | null;
  /** Log lines for taking and losing it. */
  took: string;
  lost: string;
  /** Logged once per connection when another session holds it (the leader's is held elsewhere by design). */
  busy?: string;
}

/**
 * The cluster leader: the node holding this lock runs the once-per-cluster work (webhook, MQTT and
 * email delivery, backup scheduling, the backfill sweeper; singleton-module.ts).
 */
export function leaderLock(options: SessionLockOptions): SessionLock {
  return new SessionLock(options, {
    name: 'leader lock',
    lockClass: LEADER_LOCK_CLASS,
    key: null,
    took: 'leader lock: this node now leads the cluster (runs the once-per-cluster work)',
    lost: 'leader lock: this node no longer leads the cluster',
  });
}

/**
 * A node's presence: held by its process for as long as it runs. PostgreSQL drops it the moment the
 * process dies (kill -9, a crash: the kernel closes its socket), so the other nodes see a dead node
 * at once instead of waiting out its leases (nodesPresent).
 */
export function presenceLock(options: SessionLockOptions): SessionLock {
  return new SessionLock(options, {
    name: 'presence lock',
    lockClass: PRESENCE_LOCK_CLASS,
    key: options.nodeId,
    took: 'presence lock: held; other nodes see at once if this process dies',
    lost: 'presence lock: lost with its connection; taking it again',
    busy: 'presence lock: another process holds this node id; do two nodes run with the same HELDAR_NODE_ID? Until it is free, the others fall back to lease timing for this node',
  });
}

/** Which of `nodeIds` hold their presence lock now (PostgreSQL's pg_locks, granted advisory locks of this database). */
export async function nodesPresent(db: Db, nodeIds: readonly string[]): Promise<Set<string>> {
  if (nodeIds.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    select n.id from unnest(${[...nodeIds]}::text[]) as n(id)
    where exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = ${PRESENCE_LOCK_CLASS}::oid
        and l.objid = hashtext(current_schema() || '/' || n.id)::oid
    )`.execute(db);
  return new Set(rows.map((r) => r.id));
}

/**
 * A session-level advisory lock held on a connection of its own. PostgreSQL releases it when that
 * connection ends — the node stopped, crashed or lost the network — so another session can take it
 * on its next try, without any lease timing of ours.
 */
export class SessionLock {
  private holding = false;
  private readonly listeners = new Set<(held: boolean) => void>();
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private client: pg.Client | undefined;
  /** Settles once the first try for the lock has an answer (taken, held elsewhere, or failed). */
  private readonly firstTry: Promise<void>;
  private firstTryDone: () => void = () => undefined;

  constructor(
    private readonly options: SessionLockOptions,
    private readonly identity: LockIdentity,
  ) {
    this.firstTry = new Promise((resolve) => (this.firstTryDone = resolve));
  }

  get held(): boolean {
    return this.holding;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe. */
  onChange(listener: (held: boolean) => void): () => void {
    this.listeners.add(listener);
    listener(this.holding);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts trying for the lock; resolves once the first try has its answer, so a node alone in its
   * cluster starts its once-per-cluster work before it returns (an email consumer that subscribes to
   * the event bus would otherwise miss what is logged right after start-up).
   */
  async start(): Promise<void> {
    this.running ??= this.run();
    await this.firstTry;
  }

  /** Lets the lock go (the connection closes, which releases it) and stops trying. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.firstTryDone();
    await this.client?.end().catch(() => undefined); // already closed
    await this.running;
    this.set(false);
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    const checkMs = this.options.checkMs ?? 2000;
    const backoff = new Backoff({ initialMs: checkMs, maxMs: 30_000, healthyRunMs: 60_000 });
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await this.holdOrWait(signal, checkMs);
      } catch (e: unknown) {
        if (signal.aborted) break;
        this.options.logger.warn({ err: e }, `${this.identity.name}: the connection to the database failed; retrying`);
      } finally {
        this.set(false);
        this.firstTryDone();
      }
      await sleep(backoff.next(Date.now() - started), signal);
    }
  }

  /** On one connection: try for the lock every `checkMs`; once held, check the connection as often. */
  private async holdOrWait(signal: AbortSignal, checkMs: number): Promise<void> {
    let failure: Error | undefined;
    const client = await openDedicatedConnection(this.options.url, this.identity.name, (e) => (failure = e));
    this.client = client;
    let saidBusy = false;
    try {
      while (!signal.aborted) {
        if (failure) throw failure;
        if (this.holding) {
          await client.query('select 1');
        } else {
          const suffix = this.identity.key === null ? '' : `/${this.identity.key}`;
          const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext(current_schema() || $2)) as ok', [this.identity.lockClass, suffix]);
          if (rows[0]?.ok === true) {
            this.options.logger.info({ node: this.options.nodeId }, this.identity.took);
            this.set(true);
          } else if (this.identity.busy !== undefined && !saidBusy) {
            saidBusy = true;
            this.options.logger.error({ node: this.options.nodeId }, this.identity.busy);
          }
          this.firstTryDone();
        }
        await sleep(checkMs, signal);
      }
    } finally {
      this.client = undefined;
      await client.end().catch(() => undefined); // already closed
    }
  }

  private set(held: boolean): void {
    if (held === this.holding) return;
    this.holding = held;
    // Let go at stop: nothing to warn about.
    if (!held && !this.stopping.signal.aborted) this.options.logger.warn({ node: this.options.nodeId }, this.identity.lost);
    for (const listener of this.listeners) listener(held);
  }
}

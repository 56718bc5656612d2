import type pg from 'pg';
import type { Logger } from 'pino';
import { Backoff } from '../backoff.js';
import { sleep } from '../sleep.js';
import { openDedicatedConnection } from './dedicated-connection.js';

/**
 * The advisory lock of the cluster leader: a fixed class number ("held" in ASCII) and the hash of the
 * schema, because advisory locks are per database and two Heldar clusters may use two schemas of one
 * database (the test suite does).
 */
const LEADER_LOCK_CLASS = 0x68656c64;

export interface LeaderLockOptions {
  url: string;
  nodeId: string;
  logger: Logger;
  /** How often a follower tries to take the lock and the leader checks its connection (default 2 s). */
  checkMs?: number;
}

/**
 * One leader among the nodes sharing a PostgreSQL database: the node that holds a session-level
 * advisory lock on a connection of its own. PostgreSQL releases it when that connection ends — the
 * node stopped, crashed or lost the network — so another node takes it on its next try, without any
 * lease timing of ours. Work that must run once per cluster (webhook, MQTT and email delivery, backup
 * scheduling, the backfill sweeper) runs only while this node leads (singleton-module.ts).
 */
export class LeaderLock {
  private leading = false;
  private readonly listeners = new Set<(leading: boolean) => void>();
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private client: pg.Client | undefined;
  /** Settles once the first try for the lock has an answer (taken, held elsewhere, or failed). */
  private readonly firstTry: Promise<void>;
  private firstTryDone: () => void = () => undefined;

  constructor(private readonly options: LeaderLockOptions) {
    this.firstTry = new Promise((resolve) => (this.firstTryDone = resolve));
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe. */
  onChange(listener: (leading: boolean) => void): () => void {
    this.listeners.add(listener);
    listener(this.leading);
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

  /** Gives the lead up (the connection closes, which releases the lock) and stops trying. */
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
        this.options.logger.warn({ err: e }, 'leader lock: the connection to the database failed; retrying');
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
    const client = await openDedicatedConnection(this.options.url, 'leader lock', (e) => (failure = e));
    this.client = client;
    try {
      while (!signal.aborted) {
        if (failure) throw failure;
        if (this.leading) {
          await client.query('select 1');
        } else {
          const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext(current_schema())) as ok', [LEADER_LOCK_CLASS]);
          if (rows[0]?.ok === true) {
            this.options.logger.info({ node: this.options.nodeId }, 'leader lock: this node now leads the cluster (runs the once-per-cluster work)');
            this.set(true);
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

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    if (!leading) this.options.logger.warn({ node: this.options.nodeId }, 'leader lock: this node no longer leads the cluster');
    for (const listener of this.listeners) listener(leading);
  }
}

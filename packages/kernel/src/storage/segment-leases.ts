import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { LeaseRepository } from './lease.repository.js';

/** A read hold on a set of segments: retention never deletes them while it is held and unexpired. */
export interface Lease {
  readonly holder: string;
  /** The segments actually held. */
  readonly segmentIds: readonly number[];
  /**
   * Requested segments that could not be held because they no longer exist or retention is already
   * deleting them. A reader must treat them as gone (an export reports them as a gap or retries).
   */
  readonly refused: readonly number[];
  expiresAt: number;
}

/**
 * Refcounted segment leases. Each holder (`clip:…`, `pbs:…`) has its own rows, so two overlapping
 * exports never release each other's hold (the Rust original's single boolean `locked` flag, docs/reference.md, did exactly
 * that). Every lease expires, so a holder that crashed can never pin footage forever: the retention
 * sweeper reclaims expired rows.
 */
export class SegmentLeases {
  constructor(
    private readonly leases: LeaseRepository,
    private readonly clock: Clock,
  ) {}

  /** Takes a lease; `holder` is a prefix such as `clip:42` — a random suffix keeps holders unique. */
  async acquire(holder: string, segmentIds: readonly number[], ttlMs: number): Promise<Lease> {
    const unique = `${holder}:${randomBytes(4).toString('hex')}`;
    const expiresAt = this.clock.now() + ttlMs;
    const granted = segmentIds.length > 0 ? new Set(await this.leases.insert(unique, [...new Set(segmentIds)], expiresAt)) : new Set<number>();
    return {
      holder: unique,
      segmentIds: segmentIds.filter((id) => granted.has(id)),
      refused: segmentIds.filter((id) => !granted.has(id)),
      expiresAt,
    };
  }

  async renew(lease: Lease, ttlMs: number): Promise<void> {
    lease.expiresAt = this.clock.now() + ttlMs;
    await this.leases.extend(lease.holder, lease.expiresAt);
  }

  async release(lease: Lease): Promise<void> {
    await this.leases.deleteHolder(lease.holder);
  }

  /**
   * Runs `work` under a lease and releases it on every outcome (success, error, timeout,
   * cancellation) — the one way code should hold segments.
   */
  async withLease<T>(holder: string, segmentIds: readonly number[], ttlMs: number, work: (lease: Lease) => Promise<T>): Promise<T> {
    const lease = await this.acquire(holder, segmentIds, ttlMs);
    try {
      return await work(lease);
    } finally {
      await this.release(lease);
    }
  }

  /** Deletes expired leases; returns the holders that had them (for one log line). */
  reclaimExpired(): Promise<string[]> {
    return this.leases.deleteExpired(this.clock.now());
  }

  /** Of the given segments, those held by an unexpired lease. */
  held(segmentIds: readonly number[]): Promise<Set<number>> {
    return this.leases.leased(segmentIds, this.clock.now());
  }
}

import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AuditRow } from '../db/schema.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';
import type { Principal } from './principal.js';

export type AuditOutcome = AuditRow['outcome'];

/** Who did it: a principal, a command-line operator, or nobody signed in. */
export type AuditActor = Principal | { kind: 'cli' | 'system'; id?: string | null; name: string } | { kind: 'anonymous'; id?: null; name?: string | null };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  outcome: AuditOutcome;
  ip?: string | null;
  method?: string | null;
  route?: string | null;
  target?: string | null;
  status?: number | null;
  /** A few named facts (never a request body, never a secret). */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRecordDto {
  id: number;
  at: number;
  actor_kind: AuditRow['actor_kind'];
  actor_id: string | null;
  actor: string | null;
  ip: string | null;
  action: string;
  method: string | null;
  route: string | null;
  target_id: string | null;
  status: number | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown> | null;
}

const MAX_TEXT = 200;

/**
 * The audit trail: who did what, from where, to which target, with which outcome. Written for every
 * mutating HTTP call (auth hooks), every sign-in, and every change made with the CLI.
 */
export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.repository.insert({
      at: this.clock.now(),
      actor_kind: entry.actor.kind,
      actor_id: clip(entry.actor.id ?? null),
      actor_name: clip(entry.actor.name ?? null),
      ip: clip(entry.ip ?? null),
      action: clip(entry.action) ?? '',
      method: entry.method ?? null,
      route: clip(entry.route ?? null),
      target_id: clip(entry.target ?? null),
      status: entry.status ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? null,
    });
  }

  /** Like record(), for callers that must not fail because auditing did: the failure is logged. */
  recordQuietly(entry: AuditEntry): Promise<void> {
    return this.record(entry).catch((e: unknown) => {
      this.logger.error({ err: e, action: entry.action }, 'audit: could not write an audit row');
    });
  }

  async find(filter: AuditFilter): Promise<AuditRecordDto[]> {
    const rows = await this.repository.find(filter);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor_kind: r.actor_kind,
      actor_id: r.actor_id,
      actor: r.actor_name,
      ip: r.ip,
      action: r.action,
      method: r.method,
      route: r.route,
      target_id: r.target_id,
      status: r.status,
      outcome: r.outcome,
      detail: r.detail,
    }));
  }
}

function clip(text: string | null): string | null {
  return text === null ? null : text.slice(0, MAX_TEXT);
}

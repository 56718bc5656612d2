import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditRow } from '../db/schema.js';
import { auditFromRow, newAuditRow, type AuditRecord, type NewAuditRecord } from './audit-record.js';

export interface AuditFilter {
  actor?: string | undefined;
  /** Exact action, or a prefix when it ends with `*`. */
  action?: string | undefined;
  outcome?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** The only place that reads or writes the audit log. Append-only: there is no update. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(record: NewAuditRecord): Promise<void> {
    await this.db.insertInto('audit_log').values(newAuditRow(record)).execute();
  }

  async find(filter: AuditFilter): Promise<AuditRecord[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (filter.actor !== undefined) query = query.where('actor_name', '=', filter.actor);
    if (filter.action !== undefined) {
      query = filter.action.endsWith('*')
        ? query.where(sql<boolean>`action like ${`${escapeLike(filter.action.slice(0, -1))}%`} escape '\\'`)
        : query.where('action', '=', filter.action);
    }
    if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome as AuditRow['outcome']);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    return (await query.orderBy('id', 'desc').limit(filter.limit).execute()).map(auditFromRow);
  }
}

/** LIKE without wildcards from the user: `_` and `%` in an action are literal. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

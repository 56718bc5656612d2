import type { AuditRow, NewAuditRow } from '../db/schema.js';

/**
 * An audit row as the kernel works with it: the detail parsed into an object. The audit repository is
 * the only place that sees the stored JSON text.
 */
export type AuditRecord = Omit<AuditRow, 'detail'> & { detail: Record<string, unknown> | null };
export type NewAuditRecord = Omit<NewAuditRow, 'detail'> & { detail: Record<string, unknown> | null };

export function auditFromRow(row: AuditRow): AuditRecord {
  return { ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>) };
}

export function newAuditRow(record: NewAuditRecord): NewAuditRow {
  return { ...record, detail: record.detail === null ? null : JSON.stringify(record.detail) };
}

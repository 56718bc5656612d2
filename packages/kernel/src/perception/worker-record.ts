import type { WorkerRow, WorkersTable } from '../db/schema.js';

/**
 * A worker's registration as the kernel works with it: labels and wanted cameras as lists. The worker
 * repository is the only place that sees the stored JSON text.
 */
export type WorkerRecord = Omit<WorkerRow, 'labels' | 'cameras'> & {
  labels: string[];
  /** Wanted camera ids; `["*"]` for every sampled camera. */
  cameras: string[];
};

export function workerFromRow(row: WorkerRow): WorkerRecord {
  return { ...row, labels: JSON.parse(row.labels) as string[], cameras: JSON.parse(row.cameras) as string[] };
}

export function workerRow(worker: WorkerRecord): WorkersTable {
  return { ...worker, labels: JSON.stringify(worker.labels), cameras: JSON.stringify(worker.cameras) };
}

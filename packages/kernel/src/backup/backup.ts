import type { BackupDestinationsTable, BackupJobsTable, BackupPoliciesTable } from '../db/schema.js';

/**
 * Backup destinations, policies and jobs as the kernel works with them: settings parsed, flags as
 * booleans, secrets in plain text (the repository seals and opens them; answers only say `*_set`).
 */
export type DestinationKind = 'local' | 'sftp' | 's3';

export interface DestinationSettings {
  /** local: absolute folder; sftp: absolute folder on the server. */
  path: string | null;
  host: string | null;
  port: number | null;
  username: string | null;
  host_key_sha256: string | null;
  endpoint: string | null;
  region: string | null;
  bucket: string | null;
  prefix: string | null;
  access_key_id: string | null;
  path_style: boolean | null;
}

export interface DestinationSecrets {
  password: string | null;
  private_key: string | null;
  secret_key: string | null;
}

export interface Destination {
  id: string;
  name: string;
  kind: DestinationKind;
  settings: DestinationSettings;
  secrets: DestinationSecrets;
  created_at: number;
  updated_at: number;
}

export interface Policy {
  id: string;
  name: string;
  destination_id: string;
  /** null: every camera. */
  camera_ids: string[] | null;
  every_minutes: number;
  look_back_hours: number;
  only_incidents: boolean;
  include_database: boolean;
  enabled: boolean;
  last_run_at: number | null;
  created_at: number;
  updated_at: number;
}

export type JobState = BackupJobsTable['state'];
export type Job = BackupJobsTable;

export const EMPTY_SETTINGS: DestinationSettings = {
  path: null,
  host: null,
  port: null,
  username: null,
  host_key_sha256: null,
  endpoint: null,
  region: null,
  bucket: null,
  prefix: null,
  access_key_id: null,
  path_style: null,
};

export function policyFromRow(row: BackupPoliciesTable): Policy {
  return {
    ...row,
    camera_ids: row.camera_ids === null ? null : (JSON.parse(row.camera_ids) as string[]),
    only_incidents: row.only_incidents === 1,
    include_database: row.include_database === 1,
    enabled: row.enabled === 1,
  };
}

export function policyRow(policy: Policy): BackupPoliciesTable {
  return {
    ...policy,
    camera_ids: policy.camera_ids === null ? null : JSON.stringify(policy.camera_ids),
    only_incidents: policy.only_incidents ? 1 : 0,
    include_database: policy.include_database ? 1 : 0,
    enabled: policy.enabled ? 1 : 0,
  };
}

export function destinationSettingsFromRow(row: BackupDestinationsTable): DestinationSettings {
  return { ...EMPTY_SETTINGS, ...(JSON.parse(row.settings) as Partial<DestinationSettings>) };
}

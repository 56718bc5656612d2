import type { Db } from '../db/database.js';
import type { BackupCopiesTable } from '../db/schema.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { destinationSettingsFromRow, policyFromRow, policyRow, type Destination, type Job, type JobState, type Policy } from './backup.js';

export type CopyRecord = BackupCopiesTable;

/** Segments a job may copy: the index's row with the hash clips already computed, when there is one. */
export interface SegmentToCopy {
  id: number;
  camera_id: string;
  path: string;
  start_ms: number;
  end_ms: number;
  size_bytes: number;
  sha256: string | null;
  /** The node whose volume holds the file (null: recorded before nodes existed, on the only one). */
  node_id: string | null;
}

/** The only place that reads or writes the backup tables; secrets are sealed on the way in and opened on the way out. */
export class BackupRepository {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  // --- destinations

  async destinations(): Promise<Destination[]> {
    const rows = await this.db.selectFrom('backup_destinations').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => this.destinationFromRow(row));
  }

  async destination(id: string): Promise<Destination | undefined> {
    const row = await this.db.selectFrom('backup_destinations').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : this.destinationFromRow(row);
  }

  async saveDestination(d: Destination, insert: boolean): Promise<void> {
    const row = {
      id: d.id,
      name: d.name,
      kind: d.kind,
      settings: JSON.stringify(d.settings),
      password: this.seal(d.secrets.password),
      private_key: this.seal(d.secrets.private_key),
      secret_key: this.seal(d.secrets.secret_key),
      created_at: d.created_at,
      updated_at: d.updated_at,
    };
    if (insert) await this.db.insertInto('backup_destinations').values(row).execute();
    else await this.db.updateTable('backup_destinations').set(row).where('id', '=', d.id).execute();
  }

  /** Removes a destination with the record of what it holds (the copies themselves stay where they are). */
  async deleteDestination(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('backup_copies').where('destination_id', '=', id).execute();
      await trx.deleteFrom('backup_destinations').where('id', '=', id).execute();
    });
  }

  // --- policies

  async policies(): Promise<Policy[]> {
    return (await this.db.selectFrom('backup_policies').selectAll().orderBy('created_at').orderBy('id').execute()).map(policyFromRow);
  }

  async policy(id: string): Promise<Policy | undefined> {
    const row = await this.db.selectFrom('backup_policies').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : policyFromRow(row);
  }

  async policiesOf(destinationId: string): Promise<number> {
    const row = await this.db.selectFrom('backup_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('destination_id', '=', destinationId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async savePolicy(policy: Policy, insert: boolean): Promise<void> {
    if (insert) await this.db.insertInto('backup_policies').values(policyRow(policy)).execute();
    else await this.db.updateTable('backup_policies').set(policyRow(policy)).where('id', '=', policy.id).execute();
  }

  async deletePolicy(id: string): Promise<void> {
    await this.db.deleteFrom('backup_policies').where('id', '=', id).execute();
  }

  async markPolicyRun(id: string, at: number): Promise<void> {
    await this.db.updateTable('backup_policies').set({ last_run_at: at }).where('id', '=', id).execute();
  }

  // --- jobs

  async insertJob(job: Job): Promise<void> {
    await this.db.insertInto('backup_jobs').values(job).execute();
  }

  async job(id: string): Promise<Job | undefined> {
    return this.db.selectFrom('backup_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async jobs(limit: number, policyId?: string): Promise<Job[]> {
    let query = this.db.selectFrom('backup_jobs').selectAll();
    if (policyId !== undefined) query = query.where('policy_id', '=', policyId);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async jobsIn(states: readonly JobState[]): Promise<Job[]> {
    return this.db.selectFrom('backup_jobs').selectAll().where('state', 'in', [...states]).orderBy('created_at').execute();
  }

  async updateJob(id: string, patch: Partial<Omit<Job, 'id'>>): Promise<void> {
    await this.db.updateTable('backup_jobs').set(patch).where('id', '=', id).execute();
  }

  // --- what a destination holds

  /** Segments of the cameras (null: all) overlapping [from, to), not being deleted, oldest first. */
  async segmentsToCopy(cameraIds: readonly string[] | null, fromMs: number, toMs: number, onlyIncidents: boolean): Promise<SegmentToCopy[]> {
    let query = this.db
      .selectFrom('segments')
      .leftJoin('segment_hashes', 'segment_hashes.segment_id', 'segments.id')
      .select(['segments.id', 'segments.camera_id', 'segments.path', 'segments.start_ms', 'segments.end_ms', 'segments.size_bytes', 'segment_hashes.sha256', 'segments.node_id'])
      .where('segments.end_ms', '>', fromMs)
      .where('segments.start_ms', '<', toMs)
      .where('segments.deleting_at', 'is', null);
    if (cameraIds !== null) query = query.where('segments.camera_id', 'in', cameraIds.length > 0 ? [...cameraIds] : ['']);
    if (onlyIncidents) {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('incidents')
            .innerJoin('incident_cameras', 'incident_cameras.incident_id', 'incidents.id')
            .select('incidents.id')
            .whereRef('incident_cameras.camera_id', '=', 'segments.camera_id')
            .whereRef('incidents.from_ms', '<', 'segments.end_ms')
            .whereRef('incidents.to_ms', '>', 'segments.start_ms'),
        ),
      );
    }
    return query.orderBy('segments.start_ms').orderBy('segments.id').execute();
  }

  /** The copies a destination holds, by segment id. */
  async copies(destinationId: string, segmentIds: readonly number[]): Promise<Map<number, CopyRecord>> {
    const out = new Map<number, CopyRecord>();
    for (let i = 0; i < segmentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('backup_copies')
        .selectAll()
        .where('destination_id', '=', destinationId)
        .where('segment_id', 'in', segmentIds.slice(i, i + 500))
        .execute();
      for (const row of rows) out.set(Number(row.segment_id), row);
    }
    return out;
  }

  async recordCopy(copy: CopyRecord): Promise<void> {
    await this.db
      .insertInto('backup_copies')
      .values(copy)
      .onConflict((oc) => oc.columns(['destination_id', 'segment_id']).doUpdateSet({ path: copy.path, size_bytes: copy.size_bytes, sha256: copy.sha256, copied_at: copy.copied_at }))
      .execute();
  }

  /** Many copies in one transaction: a job records each flushed batch at once. */
  async recordCopies(copies: readonly CopyRecord[]): Promise<void> {
    if (copies.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < copies.length; i += 200) {
        await trx
          .insertInto('backup_copies')
          .values(copies.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['destination_id', 'segment_id']).doUpdateSet((eb) => ({
              path: eb.ref('excluded.path'),
              size_bytes: eb.ref('excluded.size_bytes'),
              sha256: eb.ref('excluded.sha256'),
              copied_at: eb.ref('excluded.copied_at'),
            })),
          )
          .execute();
      }
    });
  }

  async forgetCopy(destinationId: string, segmentId: number): Promise<void> {
    await this.db.deleteFrom('backup_copies').where('destination_id', '=', destinationId).where('segment_id', '=', segmentId).execute();
  }

  /** Every copy of one camera-day on a destination: a day manifest's lines. */
  async copiesOfDay(destinationId: string, cameraId: string, dayStartMs: number): Promise<CopyRecord[]> {
    return this.db
      .selectFrom('backup_copies')
      .selectAll()
      .where('destination_id', '=', destinationId)
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', dayStartMs)
      .where('start_ms', '<', dayStartMs + 86_400_000)
      .orderBy('start_ms')
      .execute();
  }

  /** Remembers a segment's hash for clips and later jobs (the segment_hashes cache clips fill too). */
  async rememberHash(segmentId: number, sha256: string, size: number, at: number): Promise<void> {
    await this.db
      .insertInto('segment_hashes')
      .values({ segment_id: segmentId, sha256, size_bytes: size, hashed_at: at })
      .onConflict((oc) => oc.column('segment_id').doNothing())
      .execute();
  }

  private destinationFromRow(row: {
    id: string;
    name: string;
    kind: Destination['kind'];
    settings: string;
    password: string | null;
    private_key: string | null;
    secret_key: string | null;
    created_at: number;
    updated_at: number;
  }): Destination {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      settings: destinationSettingsFromRow(row),
      secrets: { password: this.open(row.password), private_key: this.open(row.private_key), secret_key: this.open(row.secret_key) },
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  private seal(value: string | null): string | null {
    return value === null ? null : this.box.encrypt(value);
  }

  private open(value: string | null): string | null {
    return value === null ? null : this.box.decrypt(value);
  }
}

import type { Db } from '../db/database.js';
import type { CameraOwnerRow } from '../db/schema.js';

/**
 * The only place that writes `camera_owners`. Every change of owner is one conditional statement on
 * what the writer saw (camera, node, epoch), so two nodes can never both win, and raises the epoch: the
 * fencing token every segment row is checked against (storage/segment.repository.ts insertFenced).
 */
export class CameraOwnerRepository {
  constructor(private readonly db: Db) {}

  all(): Promise<CameraOwnerRow[]> {
    return this.db.selectFrom('camera_owners').selectAll().execute();
  }

  find(cameraId: string): Promise<CameraOwnerRow | undefined> {
    return this.db.selectFrom('camera_owners').selectAll().where('camera_id', '=', cameraId).executeTakeFirst();
  }

  /**
   * Extends every lease this node holds (released ones, expiry 0, excepted) and returns them: a camera
   * missing from the answer, or with another epoch, was taken by another node; a new one was handed
   * to this node (a drain, its preferred node). A lapsed lease nobody took is renewed too: its epoch
   * is unchanged, so nothing else was written meanwhile.
   */
  renewMine(nodeId: string, expiresAt: number): Promise<{ camera_id: string; epoch: number }[]> {
    return this.db
      .updateTable('camera_owners')
      .set({ lease_expires_at: expiresAt })
      .where('node_id', '=', nodeId)
      .where('lease_expires_at', '>', 0)
      .returning(['camera_id', 'epoch'])
      .execute();
  }

  /** Takes a camera nobody ever owned: epoch 1, or null when another node was first. */
  async claimNew(cameraId: string, nodeId: string, now: number, expiresAt: number): Promise<number | null> {
    const row = await this.db
      .insertInto('camera_owners')
      .values({ camera_id: cameraId, node_id: nodeId, epoch: 1, lease_expires_at: expiresAt, acquired_at: now })
      .onConflict((oc) => oc.column('camera_id').doNothing())
      .returning('epoch')
      .executeTakeFirst();
    return row?.epoch ?? null;
  }

  /**
   * Takes a camera at the next epoch if its row is still at the epoch seen and (`onlyLapsed`) its lease
   * still lapsed; the new epoch, or null when another node renewed or took it meanwhile.
   */
  async claimLapsed(cameraId: string, seenEpoch: number, nodeId: string, now: number, expiresAt: number, onlyLapsed = true): Promise<number | null> {
    let query = this.db
      .updateTable('camera_owners')
      .set((eb) => ({ node_id: nodeId, epoch: eb('epoch', '+', 1), lease_expires_at: expiresAt, acquired_at: now }))
      .where('camera_id', '=', cameraId)
      .where('epoch', '=', seenEpoch);
    if (onlyLapsed) query = query.where('lease_expires_at', '<', now);
    const row = await query.returning('epoch').executeTakeFirst();
    return row === undefined ? null : Number(row.epoch);
  }

  /** The owner gives a camera to another node (drain, preferred node); the new epoch or null when it was no longer the owner. */
  async handOver(cameraId: string, fromNode: string, epoch: number, toNode: string, now: number, expiresAt: number): Promise<number | null> {
    const row = await this.db
      .updateTable('camera_owners')
      .set((eb) => ({ node_id: toNode, epoch: eb('epoch', '+', 1), lease_expires_at: expiresAt, acquired_at: now }))
      .where('camera_id', '=', cameraId)
      .where('node_id', '=', fromNode)
      .where('epoch', '=', epoch)
      .returning('epoch')
      .executeTakeFirst();
    return row === undefined ? null : Number(row.epoch);
  }

  /** Lets go of leases at once (clean stop, a camera that no longer records): any node may claim them now. */
  async release(nodeId: string, cameraIds?: readonly string[]): Promise<void> {
    let query = this.db.updateTable('camera_owners').set({ lease_expires_at: 0 }).where('node_id', '=', nodeId);
    if (cameraIds !== undefined) {
      if (cameraIds.length === 0) return;
      query = query.where('camera_id', 'in', cameraIds);
    }
    await query.execute();
  }

  /** A deleted camera's row. */
  async forget(cameraIds: readonly string[]): Promise<void> {
    if (cameraIds.length > 0) await this.db.deleteFrom('camera_owners').where('camera_id', 'in', cameraIds).execute();
  }
}

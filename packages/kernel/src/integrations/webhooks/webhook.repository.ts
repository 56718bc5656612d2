import type { Db } from '../../db/database.js';
import type { WebhookRow, WebhooksTable } from '../../db/schema.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import { deliveryFromRow, webhookFromRow, webhookRow, type Webhook, type WebhookDelivery } from './webhook.js';

/**
 * The only place that reads or writes the `webhooks` and `webhook_deliveries` tables. The signing
 * secret and the URL (which may carry a token, as Slack's and Discord's do) are encrypted on the way
 * in and decrypted on the way out (db/stored-secrets.ts lists both): the Webhook in memory is plaintext.
 */
export class WebhookRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async list(): Promise<Webhook[]> {
    return (await this.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute()).map((row) => this.fromRow(row));
  }

  async find(id: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : this.fromRow(row);
  }

  async insert(webhook: Webhook): Promise<void> {
    await this.db.insertInto('webhooks').values(this.sealed(webhookRow(webhook))).execute();
  }

  /** Replaces the settings a user edits; cursor and failure count are the dispatcher's. */
  async update(webhook: Webhook): Promise<void> {
    const { id, cursor: _cursor, consecutive_failures: _failures, ...row } = this.sealed(webhookRow(webhook));
    await this.db.updateTable('webhooks').set(row).where('id', '=', id).execute();
  }

  /** Removes a subscription with its delivery log. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      const result = await trx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async setFailures(id: string, failures: number): Promise<void> {
    await this.db.updateTable('webhooks').set({ consecutive_failures: failures }).where('id', '=', id).execute();
  }

  async pause(id: string, at: number, reason: string, failures: number): Promise<void> {
    await this.db.updateTable('webhooks').set({ enabled: 0, paused_at: at, pause_reason: reason, consecutive_failures: failures, updated_at: at }).where('id', '=', id).execute();
  }

  /**
   * One transaction for a batch of delivery-log rows and cursor moves: at a thousand events a second
   * a commit per delivery would cost more than the delivery. A cursor only moves forward.
   */
  async journal(deliveries: readonly Omit<WebhookDelivery, 'id'>[], cursors: ReadonlyMap<string, number>): Promise<void> {
    if (deliveries.length === 0 && cursors.size === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < deliveries.length; i += 200) {
        await trx
          .insertInto('webhook_deliveries')
          .values(deliveries.slice(i, i + 200).map((d) => ({ ...d, ok: d.ok ? 1 : 0 })))
          .execute();
      }
      for (const [id, cursor] of cursors) {
        await trx.updateTable('webhooks').set({ cursor }).where('id', '=', id).where('cursor', '<', cursor).execute();
      }
    });
  }

  /** Newest first; `beforeId` pages back. */
  async deliveries(webhookId: string, limit: number, beforeId?: number): Promise<WebhookDelivery[]> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    return (await query.orderBy('id', 'desc').limit(limit).execute()).map(deliveryFromRow);
  }

  /** Keeps the newest `keep` log rows of every subscription. */
  async pruneDeliveries(keep: number): Promise<number> {
    let removed = 0;
    for (const { id } of await this.db.selectFrom('webhooks').select('id').execute()) {
      const edge = await this.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id).orderBy('id', 'desc').offset(keep).limit(1).executeTakeFirst();
      if (edge === undefined) continue;
      const result = await this.db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).where('id', '<=', edge.id).executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  }

  private fromRow(row: WebhookRow): Webhook {
    return webhookFromRow({ ...row, secret: this.secrets.decrypt(row.secret), url: this.secrets.decrypt(row.url) });
  }

  private sealed(row: WebhooksTable): WebhooksTable {
    return { ...row, secret: this.secrets.encrypt(row.secret), url: this.secrets.encrypt(row.url) };
  }
}

import type { Db } from '../db/database.js';
import { apiKeyFromRow, apiKeyRow, type ApiKey } from './api-key.js';

/** The only place that reads or writes API keys. */
export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<ApiKey[]> {
    return (await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute()).map(apiKeyFromRow);
  }

  async find(id: string): Promise<ApiKey | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : apiKeyFromRow(row);
  }

  async insert(key: ApiKey): Promise<void> {
    await this.db.insertInto('api_keys').values(apiKeyRow(key)).execute();
  }

  async markUsed(id: string, at: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  /** Sets revoked_at once; false when the key does not exist or was already revoked. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

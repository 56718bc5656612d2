import type { Kysely, Migration } from 'kysely';

// Webhook pipelining: how many deliveries of one subscription may be in flight at once (1: strict
// order). Subscriptions that exist keep the default. The secrets themselves need no schema change:
// the start-up step seals plaintext in the columns db/stored-secrets.ts lists.
export const integrationSecrets: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('webhooks')
      .addColumn('max_in_flight', 'integer', (c) => c.notNull().defaultTo(8))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('webhooks').dropColumn('max_in_flight').execute();
  },
};

import type { Kysely, Migration } from 'kysely';

// Several recorder nodes on one database (PostgreSQL; SQLite is always one node). `nodes`: each Heldar
// process's heartbeat, address and capacity. `camera_owners`: which node records a camera, under a
// lease with an increasing epoch (a fencing token): a segment row is only written while its node still
// holds that epoch, so a node that was cut off and comes back cannot add footage. Cameras gain a
// failover priority and an optional preferred node; segments record the node and epoch that wrote them
// (null: recorded before nodes existed, on the only node there was). Times are bigint UTC ms.
export const nodes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('nodes')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      // How peers reach it (HELDAR_NODE_URL); null for a node that is not reachable by peers.
      .addColumn('url', 'text')
      // 'active' | 'draining' | 'stopped'
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
      // The most cameras it takes (HELDAR_NODE_CAPACITY); failover spreads by what is left.
      .addColumn('capacity', 'integer', (c) => c.notNull())
      .addColumn('free_bytes', 'bigint')
      .addColumn('total_bytes', 'bigint')
      .addColumn('version', 'varchar(40)')
      .execute();

    await db.schema
      .createTable('camera_owners')
      .addColumn('camera_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('node_id', 'varchar(64)', (c) => c.notNull())
      // Raised by every change of owner; never lowered.
      .addColumn('epoch', 'bigint', (c) => c.notNull())
      .addColumn('lease_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('acquired_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('camera_owners_node').on('camera_owners').columns(['node_id']).execute();

    await db.schema.alterTable('cameras').addColumn('failover_priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('cameras').addColumn('preferred_node_id', 'varchar(64)').execute();
    await db.schema.alterTable('segments').addColumn('node_id', 'varchar(64)').execute();
    await db.schema.alterTable('segments').addColumn('epoch', 'bigint').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('segments').dropColumn('epoch').execute();
    await db.schema.alterTable('segments').dropColumn('node_id').execute();
    await db.schema.alterTable('cameras').dropColumn('preferred_node_id').execute();
    await db.schema.alterTable('cameras').dropColumn('failover_priority').execute();
    await db.schema.dropTable('camera_owners').ifExists().execute();
    await db.schema.dropTable('nodes').ifExists().execute();
  },
};

import type { Kysely, Migration } from 'kysely';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0002_platform: the tables behind the platform API and the gateway's view of it.
 * Once a database has run it, a change needs a new migration, not an edit here.
 */
export const platformMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await createClients(db);
    await createCredentials(db);
    await createPlans(db);
    await createSubscriptions(db);
    await createAdminKeys(db);
    await createPolicyConfigs(db);
  },
};

async function createClients(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('platform_clients')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text')
    .addColumn('contact_email', 'text', (column) => column.notNull())
    .addColumn('allowed_scopes', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await createIndex(db, 'platform_clients', ['created_at', 'id']);
}

async function createCredentials(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('platform_credentials')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('client_id', 'text', (column) => column.notNull().references('platform_clients.id'))
    .addColumn('secret_hash', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await createIndex(db, 'platform_credentials', ['client_id', 'created_at', 'id']);
}

async function createPlans(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('platform_plans')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text')
    .addColumn('rate_limits', 'text', (column) => column.notNull())
    .addColumn('approval', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await createIndex(db, 'platform_plans', ['created_at', 'id']);
}

async function createSubscriptions(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('platform_subscriptions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('client_id', 'text', (column) => column.notNull().references('platform_clients.id'))
    .addColumn('api_id', 'text', (column) => column.notNull())
    .addColumn('plan_id', 'text', (column) => column.notNull().references('platform_plans.id'))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('platform_subscriptions_client_api_key', ['client_id', 'api_id'])
    .execute();
  await createIndex(db, 'platform_subscriptions', ['created_at', 'id']);
  await createIndex(db, 'platform_subscriptions', ['api_id']);
}

async function createAdminKeys(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('platform_admin_keys')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('key_hash', 'text', (column) => column.notNull().unique())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await createIndex(db, 'platform_admin_keys', ['created_at', 'id']);
}

async function createPolicyConfigs(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('gateway_policy_configs')
    .addColumn('api_id', 'text', (column) => column.notNull())
    .addColumn('operation_id', 'text', (column) => column.notNull())
    .addColumn('policy', 'text', (column) => column.notNull())
    .addColumn('config', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('gateway_policy_configs_pkey', ['api_id', 'operation_id', 'policy'])
    .execute();
}

async function createIndex(db: MigrationDb, table: string, columns: string[]): Promise<void> {
  const name = `${table}_${columns.join('_')}_idx`;
  await db.schema.createIndex(name).on(table).columns(columns).execute();
}

import type { Kysely, Migration } from 'kysely';

import type { Store } from './open-store.js';

/** The table that holds the gateway's token signing keys, shared by every process. */
export const SIGNING_KEYS_TABLE = 'gateway_signing_keys';

/** One stored signing key; JWKs are JSON text, timestamps are ISO 8601 UTC text. */
export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string;
  /** When verifiers stop trusting the key; null while it is the current signing key. */
  retire_after: string | null;
}

/** The part of the store schema the signing keys live in. */
export interface SigningKeysDatabase {
  gateway_signing_keys: SigningKeyRow;
}

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/** Creates `gateway_signing_keys`; registered in the store's migration set. */
export const signingKeysMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable(SIGNING_KEYS_TABLE)
      .addColumn('kid', 'text', (column) => column.primaryKey())
      .addColumn('algorithm', 'text', (column) => column.notNull())
      .addColumn('private_jwk', 'text', (column) => column.notNull())
      .addColumn('public_jwk', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('retire_after', 'text')
      .execute();
  },
  async down(db: MigrationDb): Promise<void> {
    await db.schema.dropTable(SIGNING_KEYS_TABLE).execute();
  },
};

/** The store's connection, typed for the signing-key table this module declares. */
export function signingKeysDb(store: Pick<Store, 'db'>): Kysely<SigningKeysDatabase> {
  // The store types only the tables it owns; this table is declared here, beside its migration.
  return store.db as Kysely<SigningKeysDatabase>;
}

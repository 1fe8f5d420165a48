import type { Kysely, Migration } from 'kysely';

import type { Store } from './open-store.js';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/** Migration 0004_leases: one row per named lease. */
export const leasesMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('holder', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};

interface LeaseRow {
  name: string;
  holder: string;
  // bigint: PostgreSQL returns int8 as a string, SQLite as a number.
  expires_at: number | string;
}

interface LeaseDatabase {
  leases: LeaseRow;
}

/**
 * Takes or renews the lease `name` for `holder` until `ttlMs` from now, and says whether
 * `holder` holds it. One statement, so two processes racing for a free or expired lease never
 * both win. Work that only one process may do (a poller, the outbox relay) runs while its lease
 * is held and renews it well inside `ttlMs`.
 */
export async function acquireLease(
  store: Store,
  name: string,
  holder: string,
  ttlMs: number,
  now: number = Date.now(),
): Promise<boolean> {
  const db = store.db as Kysely<LeaseDatabase>;
  const expiresAt = now + ttlMs;
  const row = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: expiresAt })
    .onConflict((conflict) =>
      conflict
        .column('name')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) =>
          eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<', now)]),
        ),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up at once if `holder` holds it, so another process need not wait it out. */
export async function releaseLease(store: Store, name: string, holder: string): Promise<void> {
  const db = store.db as Kysely<LeaseDatabase>;
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

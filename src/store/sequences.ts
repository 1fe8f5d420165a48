import { sql, type Kysely } from 'kysely';

import type { StoreDatabase } from './schema.js';

/**
 * Returns the next value of the named counter, starting at 1. One atomic upsert, so concurrent
 * callers, in this process or another, never receive the same value.
 */
export async function nextSequence(db: Kysely<StoreDatabase>, name: string): Promise<number> {
  const row = await db
    .insertInto('sequences')
    .values({ name, value: 1 })
    .onConflict((conflict) =>
      conflict
        .column('name')
        .doUpdateSet({ value: sql<number>`${sql.ref('sequences.value')} + 1` }),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

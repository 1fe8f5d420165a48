import type { Kysely, Migration } from 'kysely';

import { createRecordTable } from '../../store/record-table-schema.js';
import { contextRecordTables } from '../../store/record-tables.js';

/**
 * Migration 0009_context_records: the record tables of the finance and fulfillment contexts,
 * built like migration 0001's from their declarations in `contextRecordTables`.
 */
export const contextRecordsMigration: Migration = {
  // Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    for (const [table, declaration] of Object.entries(contextRecordTables)) {
      await createRecordTable(db, table, declaration);
    }
  },
};

import type { Kysely } from 'kysely';

import { ConflictError } from './errors.js';
import { listRecords } from './list-records.js';
import { parseBody, toRow } from './record-row.js';
import {
  allRecordTables,
  type RecordTableDeclaration,
  type RecordTableName,
} from './record-tables.js';
import type { RecordRepository } from './records.js';
import type { RecordRow, StoreDatabase } from './schema.js';
import { findUniqueViolation } from './unique-violation.js';

/** Builds the repository for one declared table over an open, migrated database. */
export function createRecordRepository(
  db: Kysely<StoreDatabase>,
  table: RecordTableName,
): RecordRepository {
  const declaration: RecordTableDeclaration = allRecordTables[table];
  const findOne = async (column: 'id' | 'business_key', value: string) => {
    const row = await db
      .selectFrom(table)
      .select('body')
      .where(column, '=', value)
      .executeTakeFirst();
    return row === undefined ? undefined : parseBody(row.body);
  };

  return {
    list: (query) => listRecords(db, table, declaration, query),
    get: (id) => findOne('id', id),
    getByKey: (key) =>
      declaration.key === null ? Promise.resolve(undefined) : findOne('business_key', key),
    async insert(record) {
      const row = toRow(declaration, record);
      await db.insertInto(table).values(row).execute().catch(rethrowConflict(declaration, row));
    },
    async replace(record) {
      const row = toRow(declaration, record);
      const result = await db
        .updateTable(table)
        .set(row)
        .where('id', '=', record.id)
        .executeTakeFirst()
        .catch(rethrowConflict(declaration, row));
      return result.numUpdatedRows > 0n;
    },
  };
}

function rethrowConflict(declaration: RecordTableDeclaration, row: RecordRow) {
  return (err: unknown): never => {
    const column = findUniqueViolation(err);
    if (column === 'id') throw new ConflictError('id', row.id, { cause: err });
    if (column === 'business_key' && declaration.key !== null && row.business_key !== null) {
      throw new ConflictError(declaration.key, row.business_key, { cause: err });
    }
    throw err;
  };
}

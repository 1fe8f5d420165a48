export type { StoreDialect, StoreOptions } from './connect.js';
export { ConflictError, InvalidCursorError } from './errors.js';
export { openStore, type Store } from './open-store.js';
export {
  recordTables,
  type FilterComparison,
  type FilterDeclaration,
  type RecordTableDeclaration,
  type RecordTableName,
} from './record-tables.js';
export type { ListQuery, Page, RecordRepository, StoredRecord } from './records.js';

import type { RecordTableName } from './record-tables.js';

/** A stored resource row: fixed columns plus one nullable text column per declared filter. */
export interface RecordRow {
  id: string;
  business_key: string | null;
  created_at: string;
  updated_at: string;
  body: string;
  [filterColumn: string]: string | null;
}

/** A named counter row behind `nextSequence`. */
export interface SequenceRow {
  name: string;
  // bigint: PostgreSQL returns int8 as a string, SQLite as a number; readers convert.
  value: number | string;
}

/** The typed shape of the store's database, shared by both dialects. */
export type StoreDatabase = { [table in RecordTableName]: RecordRow } & { sequences: SequenceRow };

/** A resource as stored: its id and ISO-8601 UTC timestamps with milliseconds, plus its fields. */
export type StoredRecord = { id: string; createdAt: string; updatedAt: string } & Record<
  string,
  unknown
>;

/** One page request: newest first, after `cursor`, narrowed by declared filters. */
export interface ListQuery {
  limit: number;
  cursor?: string | undefined;
  updatedSince?: string | undefined;
  filters: Record<string, string | undefined>;
}

/** One page of records; `nextCursor` is null on the last page. */
export interface Page {
  items: StoredRecord[];
  nextCursor: string | null;
}

/** Reads and writes the records of one resource table. */
export interface RecordRepository {
  /** Newest first (created_at, then id, descending); unknown filter names throw an Error. */
  list(query: ListQuery): Promise<Page>;
  /** The record with this id, or undefined. */
  get(id: string): Promise<StoredRecord | undefined>;
  /** The record with this business key, or undefined when none matches or the table has none. */
  getByKey(key: string): Promise<StoredRecord | undefined>;
  /** Stores a new record; a duplicate id or business key throws ConflictError. */
  insert(record: StoredRecord): Promise<void>;
  /** Replaces the record with the same id; false when there is none; ConflictError as insert. */
  replace(record: StoredRecord): Promise<boolean>;
}

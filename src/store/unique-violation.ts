/** A column whose unique constraint a write violated. */
export type UniqueColumn = 'id' | 'business_key';

/**
 * Names the record-table column whose unique constraint the error reports, or undefined when the
 * error is not a unique violation. Relies on the constraint names migration 0001 creates.
 */
export function findUniqueViolation(err: unknown): UniqueColumn | undefined {
  if (!(err instanceof Error) || !('code' in err)) return undefined;

  // PostgreSQL: SQLSTATE 23505 names the constraint; see PostgreSQL docs, Appendix A.
  if (err.code === '23505' && 'constraint' in err && typeof err.constraint === 'string') {
    if (err.constraint.endsWith('_business_key_key')) return 'business_key';
    if (err.constraint.endsWith('_pkey')) return 'id';
    return undefined;
  }

  // SQLite names the column instead: "UNIQUE constraint failed: <table>.<column>".
  if (typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
    const column = /constraint failed: \w+\.(\w+)$/.exec(err.message)?.[1];
    if (column === 'business_key' || column === 'id') return column;
  }
  return undefined;
}

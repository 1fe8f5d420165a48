import type { FuzzRequest, Operation } from '../../src/contracts/fuzz/index.js';

/**
 * Identifiers of records the fuzzer created, by the path parameter that names them, so that
 * requests reach existing records and not only 404s. Records the setup made are never added.
 */
export class RecordPools {
  private readonly ids = new Map<string, { id: string; parents: Record<string, string> }[]>();
  private readonly itemParameter = new Map<string, string>();

  constructor(
    operations: readonly Operation[],
    private readonly protectedIds: ReadonlySet<string>,
  ) {
    for (const { path } of operations) {
      const match = /^(.*)\/\{([^}]+)\}$/.exec(path);
      if (match) this.itemParameter.set(match[1]!, match[2]!);
    }
  }

  /** True when `path` is a collection: a path with `{parameter}` appended is an item path. */
  isCollection(path: string): boolean {
    return this.itemParameter.has(path);
  }

  /** The known identifiers for a parameter name under the parent records already chosen. */
  existing(name: string, bound: Readonly<Record<string, string>>): readonly string[] | undefined {
    const belongs = (parents: Record<string, string>) =>
      Object.entries(parents).every(
        ([key, value]) => bound[key] === undefined || bound[key] === value,
      );
    return this.ids
      .get(name)
      ?.filter((entry) => belongs(entry.parents))
      .map((entry) => entry.id);
  }

  /** Adds identifiers a caller knows exist, such as the served API ids, under their parents. */
  seed(name: string, ids: readonly string[], parents: Record<string, string> = {}): void {
    const entries = ids.map((id) => ({ id, parents }));
    this.ids.set(name, [...(this.ids.get(name) ?? []), ...entries]);
  }

  /**
   * Records the identifier a created record's body carries, under its item path's parameter and
   * the path parameters it was created under (a credential under its client).
   */
  harvest(operation: Operation, request: FuzzRequest, status: number, text: string): void {
    const name = this.itemParameter.get(operation.path);
    if (operation.method !== 'post' || status !== 201 || name === undefined) return;
    const body = JSON.parse(text) as Record<string, unknown>;
    const id = body[name] ?? body.id;
    if (typeof id !== 'string' || this.protectedIds.has(id)) return;
    this.seed(name, [id], request.pathParameters);
  }
}

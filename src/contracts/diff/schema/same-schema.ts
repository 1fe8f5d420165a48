import { refOf, resolveSchema } from './ref.js';

/** The two documents a comparison runs between; each side's `$ref`s resolve in its own. */
export interface Documents {
  baseDocument: unknown;
  revisionDocument: unknown;
}

/**
 * True when two schemas are the same once `$ref`s are resolved, each in its own document: the
 * same keywords with the same values all the way down. Two references to the same target count
 * as the same without being followed, since the comparison walks into that pair by itself; a
 * cycle of references ends where it meets a pair it is already comparing.
 */
export function sameSchema(base: unknown, revision: unknown, documents: Documents): boolean {
  return new Sameness(documents).same(base, revision);
}

class Sameness {
  /** Pairs being compared further up: taken as the same until something below differs. */
  private readonly open = new Map<object, Set<object>>();

  constructor(private readonly documents: Documents) {}

  same(base: unknown, revision: unknown): boolean {
    const baseRef = refOf(base);
    const revisionRef = refOf(revision);
    if (baseRef !== undefined && baseRef === revisionRef) return true;
    const left = baseRef === undefined ? base : this.resolve(this.documents.baseDocument, base);
    const right =
      revisionRef === undefined
        ? revision
        : this.resolve(this.documents.revisionDocument, revision);
    if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null)
      return left === right;
    if (left === right || this.open.get(left)?.has(right) === true) return true;
    return this.sameObjects(left, right);
  }

  private resolve(document: unknown, value: unknown): unknown {
    return resolveSchema(document, value).schema;
  }

  private sameObjects(left: object, right: object): boolean {
    if (Array.isArray(left) !== Array.isArray(right)) return false;
    const partners = this.open.get(left) ?? new Set<object>();
    this.open.set(left, partners);
    partners.add(right);
    const same =
      Array.isArray(left) && Array.isArray(right)
        ? this.sameLists(left, right)
        : this.sameEntries(left, right);
    partners.delete(right);
    return same;
  }

  private sameLists(left: readonly unknown[], right: readonly unknown[]): boolean {
    return left.length === right.length && left.every((item, at) => this.same(item, right[at]));
  }

  private sameEntries(left: object, right: object): boolean {
    const before = Object.entries(left);
    const after = new Map(Object.entries(right));
    if (before.length !== after.size) return false;
    return before.every(([key, value]) => after.has(key) && this.same(value, after.get(key)));
  }
}

import type { Resolved } from './context.js';
import { refOf } from './ref.js';
import { sameSchema, type Documents } from './same-schema.js';
import { similarity } from './similarity.js';

/** One member of a composition list: as written, and resolved. */
export interface Member {
  raw: unknown;
  resolved: Resolved;
}

/** A pairing of base and revision members; an undefined side means added or removed. */
export type Pair = [baseIndex: number | undefined, revisionIndex: number | undefined];

/** Finds, for a member, the discriminator value that selects it (mapping key), if any. */
export type DiscriminatorValue = (member: Member) => string | undefined;

/** What pairing needs besides the members: the documents, and discriminator values if mapped. */
export interface PairingContext extends Documents {
  baseValue?: DiscriminatorValue | undefined;
  revisionValue?: DiscriminatorValue | undefined;
}

/** Members pair by likeness when they agree on half of what they set, or on a type's worth. */
const MIN_SCORE = 0.5;
const MIN_EVIDENCE = 2;

/**
 * Pairs composition members: by `$ref` target name, then by discriminator value, then members
 * that are the same once `$ref`s are resolved, then the rest by likeness over every validation
 * keyword, most alike first, so a modified member pairs with its original. Members that agree
 * on less than half of what they set, and on less than a type's worth, stay unpaired (removed
 * and added). Every member appears in exactly one pair, in base order, followed by the added
 * revision members.
 */
export function pairMembers(base: Member[], revision: Member[], ctx: PairingContext): Pair[] {
  const pairing = new Pairing(base, revision);
  pairing.byKey((member) => refName(member));
  const { baseValue, revisionValue } = ctx;
  if (baseValue !== undefined && revisionValue !== undefined) {
    pairing.byKey((member, side) => (side === 'base' ? baseValue(member) : revisionValue(member)));
  }
  pairing.bySameness((left, right) => sameSchema(left.raw, right.raw, ctx));
  pairing.byLikeness(ctx);
  return pairing.pairs();
}

function refName(member: Member): string | undefined {
  return refOf(member.raw) === undefined ? undefined : member.resolved.name;
}

interface Candidate {
  score: number;
  baseIndex: number;
  revisionIndex: number;
}

/** The pairs found so far; each step pairs only members earlier steps left open. */
class Pairing {
  private readonly partner = new Map<number, number>();
  private readonly taken = new Set<number>();

  constructor(
    private readonly base: Member[],
    private readonly revision: Member[],
  ) {}

  /** Pairs members with the same key, each key once, in base order. */
  byKey(keyOf: (member: Member, side: 'base' | 'revision') => string | undefined): void {
    const open = new Map<string, number>();
    this.revision.forEach((member, index) => {
      const key = this.taken.has(index) ? undefined : keyOf(member, 'revision');
      if (key !== undefined && !open.has(key)) open.set(key, index);
    });
    this.base.forEach((member, index) => {
      const key = this.partner.has(index) ? undefined : keyOf(member, 'base');
      const match = key === undefined ? undefined : open.get(key);
      if (key === undefined || match === undefined) return;
      open.delete(key);
      this.link(index, match);
    });
  }

  /** Pairs each open base member with the first open revision member that is the same. */
  bySameness(same: (base: Member, revision: Member) => boolean): void {
    this.base.forEach((member, baseIndex) => {
      if (this.partner.has(baseIndex)) return;
      const match = this.revision.findIndex(
        (other, revisionIndex) => !this.taken.has(revisionIndex) && same(member, other),
      );
      if (match >= 0) this.link(baseIndex, match);
    });
  }

  /** Pairs the open members most alike first; ties go to the closest positions. */
  byLikeness(documents: Documents): void {
    const candidates: Candidate[] = [];
    this.base.forEach((left, baseIndex) => {
      if (this.partner.has(baseIndex)) return;
      this.revision.forEach((right, revisionIndex) => {
        if (this.taken.has(revisionIndex)) return;
        const likeness = similarity(left.resolved.schema, right.resolved.schema, documents);
        if (likeness.score >= MIN_SCORE || likeness.evidence >= MIN_EVIDENCE)
          candidates.push({ score: likeness.score, baseIndex, revisionIndex });
      });
    });
    candidates.sort(
      (first, second) =>
        second.score - first.score ||
        Math.abs(first.baseIndex - first.revisionIndex) -
          Math.abs(second.baseIndex - second.revisionIndex),
    );
    for (const { baseIndex, revisionIndex } of candidates) {
      if (this.partner.has(baseIndex) || this.taken.has(revisionIndex)) continue;
      this.link(baseIndex, revisionIndex);
    }
  }

  pairs(): Pair[] {
    const pairs: Pair[] = this.base.map((_, index) => [index, this.partner.get(index)]);
    this.revision.forEach((_, index) => this.taken.has(index) || pairs.push([undefined, index]));
    return pairs;
  }

  private link(baseIndex: number, revisionIndex: number): void {
    this.partner.set(baseIndex, revisionIndex);
    this.taken.add(revisionIndex);
  }
}

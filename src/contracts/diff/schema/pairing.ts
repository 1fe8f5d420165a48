import type { SchemaObject } from '../model.js';
import type { Resolved } from './context.js';
import { refOf } from './ref.js';

/** One member of a composition list: as written, and resolved. */
export interface Member {
  raw: unknown;
  resolved: Resolved;
}

/** A pairing of base and revision members; an undefined side means added or removed. */
export type Pair = [baseIndex: number | undefined, revisionIndex: number | undefined];

/** Finds, for a member, the discriminator value that selects it (mapping key), if any. */
export type DiscriminatorValue = (member: Member) => string | undefined;

const MIN_SIMILARITY = 2;

/**
 * Pairs composition members: first by `$ref` target name, then by discriminator value, then
 * by structural similarity (title, types, property names, enum values). Every member appears
 * in exactly one pair, in base order, followed by the added revision members.
 */
export function pairMembers(
  base: Member[],
  revision: Member[],
  baseValue?: DiscriminatorValue,
  revisionValue?: DiscriminatorValue,
): Pair[] {
  const partner = new Map<number, number>();
  const taken = new Set<number>();
  const link = (baseIndex: number, revisionIndex: number): void => {
    partner.set(baseIndex, revisionIndex);
    taken.add(revisionIndex);
  };
  pairByKey(base, revision, partner, taken, link, (member) => refName(member));
  if (baseValue !== undefined && revisionValue !== undefined) {
    pairByKey(base, revision, partner, taken, link, (member, side) =>
      side === 'base' ? baseValue(member) : revisionValue(member),
    );
  }
  pairBySimilarity(base, revision, partner, taken, link);
  const pairs: Pair[] = base.map((_, index) => [index, partner.get(index)]);
  revision.forEach((_, index) => taken.has(index) || pairs.push([undefined, index]));
  return pairs;
}

function refName(member: Member): string | undefined {
  return refOf(member.raw) === undefined ? undefined : member.resolved.name;
}

function pairByKey(
  base: Member[],
  revision: Member[],
  partner: ReadonlyMap<number, number>,
  taken: ReadonlySet<number>,
  link: (baseIndex: number, revisionIndex: number) => void,
  keyOf: (member: Member, side: 'base' | 'revision') => string | undefined,
): void {
  const open = new Map<string, number>();
  revision.forEach((member, index) => {
    const key = taken.has(index) ? undefined : keyOf(member, 'revision');
    if (key !== undefined && !open.has(key)) open.set(key, index);
  });
  base.forEach((member, index) => {
    const key = partner.has(index) ? undefined : keyOf(member, 'base');
    const match = key === undefined ? undefined : open.get(key);
    if (key === undefined || match === undefined) return;
    open.delete(key);
    link(index, match);
  });
}

function pairBySimilarity(
  base: Member[],
  revision: Member[],
  partner: ReadonlyMap<number, number>,
  taken: ReadonlySet<number>,
  link: (baseIndex: number, revisionIndex: number) => void,
): void {
  const candidates: Array<{ score: number; baseIndex: number; revisionIndex: number }> = [];
  base.forEach((baseMember, baseIndex) => {
    if (partner.has(baseIndex)) return;
    revision.forEach((revisionMember, revisionIndex) => {
      if (taken.has(revisionIndex)) return;
      const score = similarity(baseMember.resolved.schema, revisionMember.resolved.schema);
      if (score >= MIN_SIMILARITY) candidates.push({ score, baseIndex, revisionIndex });
    });
  });
  candidates.sort((first, second) => second.score - first.score);
  const used = new Set<number>();
  for (const { baseIndex, revisionIndex } of candidates) {
    if (used.has(baseIndex) || taken.has(revisionIndex)) continue;
    used.add(baseIndex);
    link(baseIndex, revisionIndex);
  }
}

/** How alike two schemas look: 0 for nothing in common, higher for more. */
export function similarity(base: SchemaObject, revision: SchemaObject): number {
  let score = 0;
  if (typeof base.title === 'string' && base.title === revision.title) score += 3;
  score += 2 * overlap(typeList(base), typeList(revision));
  score += 3 * overlap(keysOf(base.properties), keysOf(revision.properties));
  score += 2 * overlap(valuesOf(base.enum), valuesOf(revision.enum));
  if ('const' in base && JSON.stringify(base.const) === JSON.stringify(revision.const)) score += 2;
  return score;
}

function typeList(schema: SchemaObject): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return schema.properties === undefined ? [] : ['object'];
}

function keysOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

function valuesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => JSON.stringify(item)) : [];
}

/** Jaccard overlap of two lists: the share of their union they have in common. */
function overlap(first: string[], second: string[]): number {
  if (first.length === 0 || second.length === 0) return 0;
  const left = new Set(first);
  const right = new Set(second);
  let shared = 0;
  for (const item of left) if (right.has(item)) shared++;
  return shared / (left.size + right.size - shared);
}

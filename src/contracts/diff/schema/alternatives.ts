import type { SchemaObject } from '../model.js';
import { isSchema, sameValueStep, type Segment, type Walk } from './context.js';
import { pairMembers, type DiscriminatorValue, type Member } from './pairing.js';
import { refOf, resolveSchema } from './ref.js';

const CHANGE_PREFIX = { oneOf: 'one-of', anyOf: 'any-of' } as const;

/**
 * Pairs the oneOf or anyOf alternatives of two schemas, reports the ones added and removed,
 * and compares each pair at `oneOf[Name]`.
 */
export function compareAlternatives(
  keyword: 'oneOf' | 'anyOf',
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const baseMembers = membersOf(base[keyword], walk.baseDocument);
  const revisionMembers = membersOf(revision[keyword], walk.revisionDocument);
  if (baseMembers.length === 0 && revisionMembers.length === 0) return;
  const pairs = pairMembers(baseMembers, revisionMembers, {
    baseDocument: walk.baseDocument,
    revisionDocument: walk.revisionDocument,
    baseValue: discriminatorValue(base),
    revisionValue: discriminatorValue(revision),
  });
  for (const [baseIndex, revisionIndex] of pairs) {
    const baseMember = baseIndex === undefined ? undefined : baseMembers[baseIndex];
    const revisionMember = revisionIndex === undefined ? undefined : revisionMembers[revisionIndex];
    const label = labelOf(revisionMember ?? baseMember, revisionIndex ?? baseIndex ?? 0);
    const at = [...path, sameValueStep(`${keyword}[${label}]`)];
    if (baseMember === undefined) {
      walk.report(
        `${CHANGE_PREFIX[keyword]}-added`,
        `${keyword} alternative ${label} was added.`,
        at,
      );
    } else if (revisionMember === undefined) {
      walk.report(
        `${CHANGE_PREFIX[keyword]}-removed`,
        `${keyword} alternative ${label} was removed.`,
        at,
      );
    } else {
      walk.descend(baseMember.raw, revisionMember.raw, at);
    }
  }
}

function membersOf(list: unknown, document: unknown): Member[] {
  if (!Array.isArray(list)) return [];
  return list.map((raw: unknown) => ({ raw, resolved: resolveSchema(document, raw) }));
}

function labelOf(member: Member | undefined, index: number): string {
  const title = member?.resolved.schema.title;
  return member?.resolved.name ?? (typeof title === 'string' && title !== '' ? title : `#${index}`);
}

/** The discriminator value whose mapping names the alternative's `$ref`, if the schema maps. */
function discriminatorValue(schema: SchemaObject): DiscriminatorValue | undefined {
  const mapping = isSchema(schema.discriminator) ? schema.discriminator.mapping : undefined;
  if (!isSchema(mapping)) return undefined;
  const valueByRef = new Map<string, string>();
  for (const [value, ref] of Object.entries(mapping)) {
    if (typeof ref === 'string' && !valueByRef.has(ref)) valueByRef.set(ref, value);
  }
  return (member) => {
    const ref = refOf(member.raw);
    return ref === undefined ? undefined : valueByRef.get(ref);
  };
}

/**
 * When one side is a plain schema and the other a pure oneOf or anyOf (no type of its own),
 * the plain side is the single alternative it was: a string id that became "id or expanded
 * object" is one alternative added, not a new type. Returns the keyword to compare them by.
 */
export function becameAlternatives(
  base: SchemaObject,
  revision: SchemaObject,
): 'oneOf' | 'anyOf' | undefined {
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (isPlain(base) && isPureComposition(revision, keyword)) return keyword;
    if (isPlain(revision) && isPureComposition(base, keyword)) return keyword;
  }
  return undefined;
}

function isPlain(schema: SchemaObject): boolean {
  return (
    !Array.isArray(schema.oneOf) && !Array.isArray(schema.anyOf) && !Array.isArray(schema.allOf)
  );
}

function isPureComposition(schema: SchemaObject, keyword: 'oneOf' | 'anyOf'): boolean {
  return (
    Array.isArray(schema[keyword]) && schema.type === undefined && schema.properties === undefined
  );
}

/**
 * The schema as the only alternative of a `keyword` list, unless it has one already. Its
 * nullability stays outside, where the other side's composition declares it.
 */
export function asAlternatives(schema: SchemaObject, keyword: 'oneOf' | 'anyOf'): SchemaObject {
  if (Array.isArray(schema[keyword])) return schema;
  const alternative: SchemaObject = { ...schema };
  delete alternative.nullable;
  if (Array.isArray(schema.type)) alternative.type = schema.type.filter((type) => type !== 'null');
  return { [keyword]: [alternative] };
}

import type { SchemaObject } from '../model.js';
import { isSchema, sameValueStep, type Segment, type Walk } from './context.js';
import { pairMembers, type Member } from './pairing.js';
import { resolveSchema } from './ref.js';

/** Keywords that describe a schema without changing which values it accepts. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'example',
  'examples',
  'deprecated',
  '$comment',
  'externalDocs',
  'xml',
]);

/** Merged property schemas that no document spelled as `allOf`, so never reported as members. */
const synthetic = new WeakSet<SchemaObject>();

/**
 * Reports allOf members added and removed when both sides use allOf. Members pair as
 * `pairMembers` pairs them; a member that only annotates (title, description, ...) accepts every
 * value and is not reported.
 */
export function compareAllOfMembers(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const baseMembers = membersOf(base, walk.baseDocument);
  const revisionMembers = membersOf(revision, walk.revisionDocument);
  // A schema refactored into (or out of) allOf is judged on the merged result alone.
  if (baseMembers.length === 0 || revisionMembers.length === 0) return;
  const documents = { baseDocument: walk.baseDocument, revisionDocument: walk.revisionDocument };
  for (const [baseIndex, revisionIndex] of pairMembers(baseMembers, revisionMembers, documents)) {
    if (baseIndex === undefined && revisionIndex !== undefined) {
      const member = revisionMembers[revisionIndex];
      if (member === undefined || annotatesOnly(member.resolved.schema)) continue;
      const label = labelOf(member, revisionIndex);
      walk.report('all-of-added', `allOf member ${label} was added.`, [...path, step(label)]);
    }
    if (revisionIndex === undefined && baseIndex !== undefined) {
      const member = baseMembers[baseIndex];
      if (member === undefined || annotatesOnly(member.resolved.schema)) continue;
      const label = labelOf(member, baseIndex);
      walk.report('all-of-removed', `allOf member ${label} was removed.`, [...path, step(label)]);
    }
  }
}

function step(label: string): Segment {
  return sameValueStep(`allOf[${label}]`);
}

function membersOf(schema: SchemaObject, document: unknown): Member[] {
  if (synthetic.has(schema) || !Array.isArray(schema.allOf)) return [];
  return schema.allOf.map((raw: unknown) => ({ raw, resolved: resolveSchema(document, raw) }));
}

function labelOf(member: Member, index: number): string {
  const title = member.resolved.schema.title;
  return member.resolved.name ?? (typeof title === 'string' ? title : String(index));
}

function annotatesOnly(schema: SchemaObject): boolean {
  return Object.keys(schema).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
}

/**
 * The schema with its allOf members folded in: properties united, required lists joined,
 * other keywords taken from the first member that sets them. Terminates on cyclic members.
 */
export function mergeAllOf(
  document: unknown,
  schema: SchemaObject,
  seen: ReadonlySet<SchemaObject> = new Set(),
): SchemaObject {
  if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) return schema;
  const inside = new Set(seen).add(schema);
  let merged: SchemaObject = { ...schema };
  delete merged.allOf;
  for (const raw of schema.allOf as unknown[]) {
    const member = resolveSchema(document, raw).schema;
    if (inside.has(member)) continue;
    merged = mergeInto(merged, mergeAllOf(document, member, inside));
  }
  return merged;
}

function mergeInto(target: SchemaObject, member: SchemaObject): SchemaObject {
  const merged: SchemaObject = { ...target };
  for (const [key, value] of Object.entries(member)) {
    if (key === 'properties') merged.properties = mergeProperties(target.properties, value);
    else if (key === 'required') merged.required = joinRequired(target.required, value);
    else if (!(key in merged)) merged[key] = value;
  }
  return merged;
}

function mergeProperties(target: unknown, member: unknown): SchemaObject {
  const merged: SchemaObject = isSchema(target) ? { ...target } : {};
  if (!isSchema(member)) return merged;
  for (const [name, schema] of Object.entries(member)) {
    const existing = merged[name];
    if (existing === undefined || sameJson(existing, schema)) merged[name] = schema;
    else merged[name] = combined(existing, schema);
  }
  return merged;
}

function combined(first: unknown, second: unknown): SchemaObject {
  const schema: SchemaObject = { allOf: [first, second] };
  synthetic.add(schema);
  return schema;
}

function joinRequired(target: unknown, member: unknown): string[] {
  const names = [target, member].flatMap((list): unknown[] => (Array.isArray(list) ? list : []));
  return [...new Set(names.filter((name): name is string => typeof name === 'string'))];
}

function sameJson(first: unknown, second: unknown): boolean {
  return first === second || JSON.stringify(first) === JSON.stringify(second);
}

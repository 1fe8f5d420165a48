import type { SchemaObject } from '../model.js';
import { isSchema, propertyStep, type Segment, type Walk } from './context.js';
import { resolveSchema } from './ref.js';
import { applies, type SchemaView } from './view.js';

interface Side {
  properties: Map<string, unknown>;
  /** Every name under `properties`, hidden ones included. */
  declared: ReadonlySet<string>;
  required: ReadonlySet<string>;
  document: unknown;
}

/**
 * Compares the declared properties of two object schemas: added, removed, made required or
 * optional, then each kept property's schema. `readOnly` properties are left out of requests
 * and `writeOnly` ones out of responses, as clients never send or receive them there.
 */
export function compareProperties(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  if (!applies(base, revision, 'object')) return;
  const before = sideOf(base.schema, walk.baseDocument, walk);
  const after = sideOf(revision.schema, walk.revisionDocument, walk);
  for (const [name, schema] of before.properties) {
    const at = [...path, propertyStep(name)];
    const kept = after.properties.get(name);
    if (kept === undefined) reportRemoved(name, before.required.has(name), at, walk);
    else {
      compareRequired(name, before.required.has(name), after.required.has(name), at, walk);
      walk.descend(schema, kept, at);
    }
  }
  for (const [name, schema] of after.properties) {
    if (before.properties.has(name)) continue;
    reportAdded(name, schema, after, [...path, propertyStep(name)], walk);
  }
  compareUndeclaredRequired(before, after, path, walk);
  compareAdditionalProperties(base.schema, revision.schema, path, walk);
}

function sideOf(schema: SchemaObject, document: unknown, walk: Walk): Side {
  const properties = new Map<string, unknown>();
  const declared = new Set<string>();
  const hidden = walk.direction === 'request' ? 'readOnly' : 'writeOnly';
  if (isSchema(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      declared.add(name);
      if (resolveSchema(document, property).schema[hidden] === true) continue;
      properties.set(name, property);
    }
  }
  const names = Array.isArray(schema.required) ? schema.required : [];
  const required = new Set(names.filter((name): name is string => typeof name === 'string'));
  return { properties, declared, required, document };
}

function reportRemoved(name: string, required: boolean, at: Segment[], walk: Walk): void {
  const kind = required ? 'required' : 'optional';
  walk.report(
    `${kind}-property-removed`,
    `The ${kind} property ${quote(name)} was removed.`,
    at,
    true,
  );
}

function reportAdded(name: string, schema: unknown, side: Side, at: Segment[], walk: Walk): void {
  if (!side.required.has(name)) {
    walk.report(
      'optional-property-added',
      `The optional property ${quote(name)} was added.`,
      at,
      true,
    );
    return;
  }
  const hasDefault = Object.hasOwn(resolveSchema(side.document, schema).schema, 'default');
  if (hasDefault && walk.direction === 'request') {
    const message = `The required property ${quote(name)} was added with a default.`;
    walk.report('required-property-with-default-added', message, at, true);
    return;
  }
  walk.report(
    'required-property-added',
    `The required property ${quote(name)} was added.`,
    at,
    true,
  );
}

function compareRequired(
  name: string,
  before: boolean,
  after: boolean,
  at: Segment[],
  walk: Walk,
): void {
  if (before === after) return;
  if (after) walk.report('became-required', `The property ${quote(name)} became required.`, at);
  else walk.report('became-optional', `The property ${quote(name)} became optional.`, at);
}

/**
 * Compares the names a schema requires without declaring them under `properties` on either side,
 * as the members of `oneOf: [{ required: [id] }, { required: [email] }]` do: requiring one more
 * such name refuses the requests that lack it, as making a declared property required does.
 */
function compareUndeclaredRequired(before: Side, after: Side, path: Segment[], walk: Walk): void {
  for (const name of new Set([...before.required, ...after.required])) {
    if (before.declared.has(name) || after.declared.has(name)) continue;
    const at = [...path, propertyStep(name)];
    compareRequired(name, before.required.has(name), after.required.has(name), at, walk);
  }
}

/** Open (`true` or absent), closed (`false`), or a schema for undeclared properties. */
type Additional = 'open' | 'closed' | SchemaObject;

function compareAdditionalProperties(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const before = additionalOf(base.additionalProperties);
  const after = additionalOf(revision.additionalProperties);
  if (before === after) return;
  if (before !== 'closed' && after !== 'open' && after !== 'closed' && before !== 'open') {
    walk.descend(before, after, [...path, propertyStep('*')]);
    return;
  }
  const looser = after === 'open' || before === 'closed';
  const message = `Undeclared properties: ${describe(before)} became ${describe(after)}.`;
  walk.report(`additional-properties-${looser ? 'relaxed' : 'restricted'}`, message, path);
}

function additionalOf(value: unknown): Additional {
  if (value === false) return 'closed';
  if (!isSchema(value) || Object.keys(value).length === 0) return 'open';
  return value;
}

function describe(additional: Additional): string {
  if (additional === 'open') return 'allowed';
  if (additional === 'closed') return 'refused';
  return 'allowed if they match a schema';
}

function quote(name: string): string {
  return `'${name}'`;
}

import type { SchemaObject } from '../model.js';
import { isSchema, show, type Segment, type Walk } from './context.js';

interface Discriminator {
  propertyName: unknown;
  mapping: Record<string, unknown>;
}

/**
 * Reports a discriminator added or removed, its property name changed, and mapping entries
 * added, deleted or pointed at another schema.
 */
export function compareDiscriminators(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const before = discriminatorOf(base);
  const after = discriminatorOf(revision);
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    walk.report(
      'discriminator-added',
      `A discriminator on ${show(after?.propertyName)} was added.`,
      path,
    );
    return;
  }
  if (after === undefined) {
    walk.report(
      'discriminator-removed',
      `The discriminator on ${show(before.propertyName)} was removed.`,
      path,
    );
    return;
  }
  if (before.propertyName !== after.propertyName) {
    const message = `The discriminator property changed from ${show(before.propertyName)} to ${show(after.propertyName)}.`;
    walk.report('discriminator-property-name-changed', message, path);
  }
  compareMappings(before.mapping, after.mapping, path, walk);
}

function compareMappings(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: Segment[],
  walk: Walk,
): void {
  for (const [value, target] of Object.entries(before)) {
    if (!Object.hasOwn(after, value)) {
      walk.report(
        'discriminator-mapping-deleted',
        `Discriminator value ${show(value)} (${show(target)}) was deleted from the mapping.`,
        path,
      );
    } else if (after[value] !== target) {
      const message = `Discriminator value ${show(value)} now maps to ${show(after[value])} instead of ${show(target)}.`;
      walk.report('discriminator-mapping-changed', message, path);
    }
  }
  for (const [value, target] of Object.entries(after)) {
    if (Object.hasOwn(before, value)) continue;
    walk.report(
      'discriminator-mapping-added',
      `Discriminator value ${show(value)} was mapped to ${show(target)}.`,
      path,
    );
  }
}

function discriminatorOf(schema: SchemaObject): Discriminator | undefined {
  const discriminator = schema.discriminator;
  if (!isSchema(discriminator)) return undefined;
  const mapping = isSchema(discriminator.mapping) ? discriminator.mapping : {};
  return { propertyName: discriminator.propertyName, mapping };
}

import type { Finding, SchemaComparison, SchemaObject } from '../model.js';
import type { RawFinding, Segment } from './context.js';
import { createPairCache, pairKey, placeFindings, type PairCache } from './graph.js';
import { compareInline, type WalkSetting } from './node-walk.js';
import { refOf } from './ref.js';
import { levelOf, propertySubject } from './rules.js';

export { SCHEMA_CHANGES, SCHEMA_RULES, propertySubject, type SchemaRule } from './rules.js';
export { resolvePointer } from './ref.js';

/** Referenced pairs already compared, per base document, revision document and direction. */
const caches = new WeakMap<object, WeakMap<object, PairCache>>();

/**
 * Every breaking and non-breaking change between two schemas, judged for the direction the
 * data flows in `ctx`, each located at `ctx.location` plus a pointer-like path. Returns no
 * findings when either schema is missing: the caller reports added and removed schemas.
 *
 * A pair of `$ref` targets is compared once per pair of documents and direction (the result
 * is kept between calls), and within one call it is reported once, at the first place a
 * breadth-first walk meets it; later places that reach the same pair add nothing. This keeps
 * large documents whose schemas reference each other in many ways (Stripe's expandable
 * fields) linear in their size instead of in the number of paths through them.
 *
 * @example
 * compareSchemas(baseBody, revisionBody, {
 *   direction: 'request', subject: 'request-body', location: 'POST /orders request body',
 *   baseDocument, revisionDocument,
 * });
 */
export function compareSchemas(
  base: SchemaObject | undefined,
  revision: SchemaObject | undefined,
  ctx: SchemaComparison,
): Finding[] {
  if (base === undefined || revision === undefined) return [];
  const setting: WalkSetting = {
    direction: ctx.direction,
    baseDocument: ctx.baseDocument,
    revisionDocument: ctx.revisionDocument,
    parameterRoot: false,
  };
  const root = compareInline(base, revision, {
    ...setting,
    parameterRoot: ctx.subject === 'request-parameter',
  });
  const rootKey = pairKey(ctx.direction, refOf(base), refOf(revision));
  const placed = placeFindings(root, setting, cacheFor(ctx), rootKey);
  return placed.map(({ finding, prefix }) => toFinding(finding, prefix, ctx));
}

function cacheFor(ctx: SchemaComparison): PairCache {
  const { baseDocument, revisionDocument } = ctx;
  if (!isObject(baseDocument) || !isObject(revisionDocument)) return createPairCache();
  const byRevision = caches.get(baseDocument) ?? new WeakMap<object, PairCache>();
  caches.set(baseDocument, byRevision);
  const cache = byRevision.get(revisionDocument) ?? createPairCache();
  byRevision.set(revisionDocument, cache);
  return cache;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function toFinding(raw: RawFinding, prefix: Segment[], ctx: SchemaComparison): Finding {
  const path = [...prefix, ...raw.path];
  const owner = raw.ofParent === true ? path.slice(0, -1) : path;
  const subject = owner.some((step) => step.property) ? propertySubject(ctx.subject) : ctx.subject;
  const rule = `${subject}-${raw.change}`;
  const pointer = path.length === 0 ? '' : `/${path.map((step) => step.text).join('/')}`;
  const location = [ctx.location, pointer].filter((part) => part !== '').join(' ');
  const finding: Finding = {
    rule,
    level: levelOf(rule, raw.change, ctx.direction),
    message: raw.message,
    location,
  };
  if (ctx.operation !== undefined) finding.operation = ctx.operation;
  return finding;
}

import { resolvePointer } from './document.js';

/**
 * Structural bounds every body valid against a request schema keeps, as the gateway's body
 * limits name them. A key is present only when the schema bounds it everywhere.
 */
export interface DerivedBodyLimits {
  /** Nested objects and arrays: `{}` is depth 1, a scalar depth 0. */
  maxDepth?: number;
  /** Properties of any one object. */
  maxEntries?: number;
  /** Code points of any one property name. */
  maxKeyLength?: number;
  /** Code points of any one string value. */
  maxStringLength?: number;
  /** Elements of any one array. */
  maxArrayLength?: number;
}

/**
 * The largest value of each measure a valid body can reach: `Infinity` when the schema leaves
 * it unbounded somewhere, `-Infinity` when nothing of that kind can occur (no string, no array).
 */
interface Bounds {
  depth: number;
  entries: number;
  keyLength: number;
  stringLength: number;
  arrayLength: number;
}

type Schema = Record<string, unknown>;

const ANY: Bounds = {
  depth: Infinity,
  entries: Infinity,
  keyLength: Infinity,
  stringLength: Infinity,
  arrayLength: Infinity,
};
const NOTHING: Bounds = {
  depth: -Infinity,
  entries: -Infinity,
  keyLength: -Infinity,
  stringLength: -Infinity,
  arrayLength: -Infinity,
};
const SCALAR: Bounds = { ...NOTHING, depth: 0 };
/** Where a reference comes back to itself: the nesting is unbounded, the rest is counted once. */
const CYCLE: Bounds = { ...NOTHING, depth: Infinity };

/**
 * Longest strings the runtime's format checks accept (ajv-formats): `uuid` may carry the
 * `urn:uuid:` prefix.
 */
const FORMAT_MAX_LENGTH: Readonly<Record<string, number>> = { uuid: 45, date: 10 };

const OBJECT_KEYWORDS = ['properties', 'additionalProperties', 'patternProperties'];
const OBJECT_BOUNDS = ['maxProperties', 'minProperties', 'required', 'propertyNames'];
const ARRAY_KEYWORDS = ['items', 'prefixItems', 'maxItems', 'minItems', 'uniqueItems'];
const STRING_KEYWORDS = ['maxLength', 'minLength', 'pattern'];

/**
 * Derives body limits from the JSON Schema of a request body, following local `$ref`s
 * (`#/components/...`) into `document`, `allOf` (every branch holds: the tightest bound wins),
 * `oneOf`/`anyOf` (any branch may hold: the loosest wins), `enum`/`const`, `properties`,
 * `additionalProperties`, `patternProperties`, `items` and `prefixItems`.
 *
 * A limit is derived only when every place of its kind declares a bound: `maxStringLength` needs
 * `maxLength` (or an `enum`, or format `uuid`/`date`) on every reachable string; `maxArrayLength`
 * needs `maxItems` on every array; `maxEntries` and `maxKeyLength` need `maxProperties`/
 * `propertyNames.maxLength` or `additionalProperties: false` on every object; `maxDepth` needs
 * all of them closed. One open object, unbounded string or recursive reference leaves that limit
 * out, and the gateway's default applies. Schemas without `type` take their kind from their
 * keywords (`properties` means object); a schema with neither accepts anything.
 *
 * @example
 * deriveBodyLimits({ type: 'array', maxItems: 50, items: { type: 'string', maxLength: 20 } }, {})
 * // { maxDepth: 1, maxStringLength: 20, maxArrayLength: 50 }
 */
export function deriveBodyLimits(
  schema: unknown,
  document: Record<string, unknown>,
): DerivedBodyLimits {
  const bounds = new BoundsWalker(document).boundsOf(schema);
  const limits: DerivedBodyLimits = {};
  if (isBound(bounds.depth)) limits.maxDepth = bounds.depth;
  if (isBound(bounds.entries)) limits.maxEntries = bounds.entries;
  if (isBound(bounds.keyLength)) limits.maxKeyLength = bounds.keyLength;
  if (isBound(bounds.stringLength)) limits.maxStringLength = bounds.stringLength;
  if (isBound(bounds.arrayLength)) limits.maxArrayLength = bounds.arrayLength;
  return limits;
}

class BoundsWalker {
  private readonly open = new Set<string>();
  private readonly done = new Map<string, Bounds>();
  private cycles = 0;

  constructor(private readonly document: Record<string, unknown>) {}

  boundsOf(schema: unknown): Bounds {
    if (schema === false) return NOTHING;
    if (!isSchema(schema)) return ANY;
    const parts: Bounds[] = [];
    if (typeof schema.$ref === 'string') parts.push(this.referenced(schema.$ref));
    const own = this.ownBounds(schema);
    if (own) parts.push(own);
    for (const member of arrayOf(schema.allOf)) parts.push(this.boundsOf(member));
    for (const keyword of ['oneOf', 'anyOf']) {
      const members = arrayOf(schema[keyword]);
      if (members.length > 0) parts.push(union(members.map((member) => this.boundsOf(member))));
    }
    if (Array.isArray(schema.enum)) parts.push(union(schema.enum.map(valueBounds)));
    if ('const' in schema) parts.push(valueBounds(schema.const));
    return parts.length === 0 ? ANY : intersection(parts);
  }

  private referenced(ref: string): Bounds {
    if (!ref.startsWith('#')) return ANY;
    const known = this.done.get(ref);
    if (known) return known;
    if (this.open.has(ref)) {
      this.cycles++;
      return CYCLE;
    }
    const cyclesBefore = this.cycles;
    this.open.add(ref);
    const bounds = this.boundsOf(resolvePointer(this.document, ref));
    this.open.delete(ref);
    // Bounds computed around an open reference are only complete for the outermost one.
    if (this.cycles === cyclesBefore) this.done.set(ref, bounds);
    return bounds;
  }

  /** The bounds of the schema's own type keywords; undefined when it declares no kind. */
  private ownBounds(schema: Schema): Bounds | undefined {
    const kinds = kindsOf(schema);
    if (!kinds) return undefined;
    return union(kinds.map((kind) => this.kindBounds(kind, schema)));
  }

  private kindBounds(kind: string, schema: Schema): Bounds {
    if (kind === 'object') return this.objectBounds(schema);
    if (kind === 'array') return this.arrayBounds(schema);
    if (kind !== 'string') return SCALAR;
    const format = typeof schema.format === 'string' ? FORMAT_MAX_LENGTH[schema.format] : undefined;
    return { ...SCALAR, stringLength: numberOr(schema.maxLength, format ?? Infinity) };
  }

  private objectBounds(schema: Schema): Bounds {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const patterns = isSchema(schema.patternProperties) ? schema.patternProperties : {};
    const names = Object.keys(properties);
    const closed = schema.additionalProperties === false && Object.keys(patterns).length === 0;
    const children = union([
      ...Object.values(properties).map((child) => this.boundsOf(child)),
      ...Object.values(patterns).map((child) => this.boundsOf(child)),
      this.boundsOf(schema.additionalProperties ?? true),
    ]);
    const namedKeys = closed ? Math.max(...names.map(codePoints)) : Infinity;
    const propertyNames = isSchema(schema.propertyNames) ? schema.propertyNames : {};
    const ownEntries = Math.min(
      numberOr(schema.maxProperties, Infinity),
      closed ? names.length : Infinity,
    );
    const ownKeys = Math.min(numberOr(propertyNames.maxLength, Infinity), namedKeys);
    return {
      ...children,
      depth: Math.max(0, children.depth) + 1,
      entries: Math.max(ownEntries, children.entries),
      keyLength: Math.max(ownKeys, children.keyLength),
    };
  }

  private arrayBounds(schema: Schema): Bounds {
    const prefix = arrayOf(schema.prefixItems);
    // Before draft 2020-12 an array of `items` is a tuple and `additionalItems` the rest.
    const tuple = Array.isArray(schema.items) ? arrayOf(schema.items) : prefix;
    const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
    const elements = union([
      ...tuple.map((item) => this.boundsOf(item)),
      this.boundsOf(rest ?? true),
    ]);
    const closedTuple = rest === false ? tuple.length : Infinity;
    const ownLength = Math.min(numberOr(schema.maxItems, Infinity), closedTuple);
    return {
      ...elements,
      depth: Math.max(0, elements.depth) + 1,
      arrayLength: Math.max(ownLength, elements.arrayLength),
    };
  }
}

/** The kinds of value a schema admits by its `type`, or by its keywords when it has none. */
function kindsOf(schema: Schema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((kind) => typeof kind === 'string');
  const has = (keywords: string[]): boolean => keywords.some((keyword) => keyword in schema);
  const kinds = [
    ...(has(OBJECT_KEYWORDS) || has(OBJECT_BOUNDS) ? ['object'] : []),
    ...(has(ARRAY_KEYWORDS) ? ['array'] : []),
    ...(has(STRING_KEYWORDS) ? ['string'] : []),
  ];
  return kinds.length > 0 ? kinds : undefined;
}

/** The bounds of one concrete JSON value, as `enum` and `const` list them. */
function valueBounds(value: unknown): Bounds {
  if (typeof value === 'string') return { ...SCALAR, stringLength: codePoints(value) };
  if (Array.isArray(value)) {
    const elements = union(value.map(valueBounds));
    const arrayLength = Math.max(value.length, elements.arrayLength);
    return { ...elements, depth: Math.max(0, elements.depth) + 1, arrayLength };
  }
  if (value === null || typeof value !== 'object') return SCALAR;
  const entries = Object.entries(value);
  const children = union(entries.map(([, child]) => valueBounds(child)));
  return {
    ...children,
    depth: Math.max(0, children.depth) + 1,
    entries: Math.max(entries.length, children.entries),
    keyLength: Math.max(...entries.map(([key]) => codePoints(key)), children.keyLength),
  };
}

function union(all: readonly Bounds[]): Bounds {
  return combine(all, Math.max, NOTHING);
}

function intersection(all: readonly Bounds[]): Bounds {
  return combine(all, Math.min, ANY);
}

function combine(
  all: readonly Bounds[],
  pick: (...values: number[]) => number,
  empty: Bounds,
): Bounds {
  if (all.length === 0) return empty;
  return {
    depth: pick(...all.map((bounds) => bounds.depth)),
    entries: pick(...all.map((bounds) => bounds.entries)),
    keyLength: pick(...all.map((bounds) => bounds.keyLength)),
    stringLength: pick(...all.map((bounds) => bounds.stringLength)),
    arrayLength: pick(...all.map((bounds) => bounds.arrayLength)),
  };
}

function isBound(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 ? value : fallback;
}

function codePoints(text: string): number {
  return [...text].length;
}

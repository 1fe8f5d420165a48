import type { BodyLimits, Exchange, OperationScope, PolicyFactory } from '../../policy.js';
import { checkQueryKeys } from './query-keys.js';
import { DEFAULT_XML_LIMITS, readBody } from './read-body.js';
import type { XmlLimits } from './xml-reader.js';

export { JsonScanner } from './json-scanner.js';
export type { JsonLimits, ScanFailure } from './json-scanner.js';
export { checkQueryKeys } from './query-keys.js';
export { DEFAULT_XML_LIMITS, readBody, toProblem } from './read-body.js';
export type { BodyStream } from './read-body.js';
export { XmlReader } from './xml-reader.js';
export type { XmlElement, XmlLimits, XmlNode } from './xml-reader.js';

/**
 * How the `threat-protection` policy is configured: JSON body limits at the top level, XML
 * limits under `xml`. Every key is optional; a key that is set wins over the limit derived from
 * the operation's schema and over the default.
 */
export interface ThreatProtectionConfig extends Partial<BodyLimits> {
  xml?: Partial<XmlLimits>;
}

/**
 * The body limits that apply where neither the policy configuration nor the request schema sets
 * one. They admit any realistic business payload and stop pathological ones early.
 *
 * | limit             | default   | what it bounds                                      |
 * | ----------------- | --------- | --------------------------------------------------- |
 * | `maxBytes`        | 1 MiB     | bytes of the body, JSON, XML or any other type      |
 * | `maxDepth`        | 32        | nested objects and arrays (`{}` is depth 1)         |
 * | `maxEntries`      | 1,000     | properties of one object                            |
 * | `maxKeyLength`    | 256       | characters (code points) of one property name       |
 * | `maxStringLength` | 65,536    | characters (code points) of one string value        |
 * | `maxArrayLength`  | 10,000    | elements of one array                               |
 *
 * XML bodies are bounded by `maxBytes` and `DEFAULT_XML_LIMITS`: depth 32, 64 attributes per
 * element, 65,536 characters per text or attribute value, 10,000 elements.
 */
export const DEFAULT_BODY_LIMITS: Readonly<BodyLimits> = {
  maxBytes: 1_048_576,
  maxDepth: 32,
  maxEntries: 1_000,
  maxKeyLength: 256,
  maxStringLength: 65_536,
  maxArrayLength: 10_000,
};

const LIMIT = { type: 'integer', minimum: 1 } as const;

/** The JSON Schema of `ThreatProtectionConfig`. */
const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxBytes: LIMIT,
    maxDepth: LIMIT,
    maxEntries: LIMIT,
    maxKeyLength: LIMIT,
    maxStringLength: LIMIT,
    maxArrayLength: LIMIT,
    xml: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDepth: LIMIT,
        maxAttributes: LIMIT,
        maxTextLength: LIMIT,
        maxElements: LIMIT,
      },
    },
  },
} as const;

/**
 * Resolves the body limits of one operation: each limit comes from the policy configuration when
 * it sets one, else from the limits the pipeline derived from the request schema, else from
 * `DEFAULT_BODY_LIMITS`. A derived `maxDepth` gets one level of slack, so a body the schema
 * accepts is never refused for its depth.
 */
export function resolveBodyLimits(
  configured: Partial<BodyLimits>,
  derived: Partial<BodyLimits> = {},
): BodyLimits {
  const slack = derived.maxDepth === undefined ? {} : { maxDepth: derived.maxDepth + 1 };
  return { ...DEFAULT_BODY_LIMITS, ...derived, ...slack, ...configured };
}

/**
 * The `threat-protection` policy: refuses reserved names in the query string, then reads the
 * request body itself within structural limits (see `readBody`) and sets `req.body`. The engine
 * runs it with defaults on every operation that configures nothing, so it costs little: the JSON
 * scan adds less than one `JSON.parse` to a typical body.
 *
 * @example
 * // junction.config.yaml: an import operation that takes large, flat arrays
 * // policies:
 * //   - name: threat-protection
 * //     config: { maxBytes: 10485760, maxArrayLength: 100000, xml: { maxDepth: 16 } }
 * const policy = await threatProtection.create({ maxBytes: 10_485_760 }, context);
 */
export const threatProtection: PolicyFactory<ThreatProtectionConfig> = {
  name: 'threat-protection',
  configSchema: CONFIG_SCHEMA,
  create(config) {
    const { xml, ...configured } = config;
    const xmlLimits: XmlLimits = { ...DEFAULT_XML_LIMITS, ...xml };
    const resolved = new WeakMap<OperationScope, BodyLimits>();
    const limitsOf = (scope: OperationScope): BodyLimits => {
      const known = resolved.get(scope);
      if (known) return known;
      const limits = resolveBodyLimits(configured, scope.bodyLimits);
      resolved.set(scope, limits);
      return limits;
    };
    return {
      async onRequest(exchange) {
        checkQueryKeys(exchange.req.originalUrl || exchange.req.url);
        const body = await readWithin(exchange, limitsOf(exchange.scope), xmlLimits);
        if (body !== undefined) exchange.req.body = body;
        return undefined;
      },
    };
  },
};

async function readWithin(
  exchange: Exchange,
  limits: BodyLimits,
  xmlLimits: XmlLimits,
): Promise<unknown> {
  try {
    return await readBody(exchange.req, limits, xmlLimits);
  } catch (err) {
    // The rest of a refused body was not received: close the connection instead of draining it.
    if (!exchange.req.complete && !exchange.req.readableEnded)
      exchange.res.setHeader('Connection', 'close');
    throw err;
  }
}

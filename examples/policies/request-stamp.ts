import type { PolicyFactory } from '../../src/gateway/policy.js';
import { PolicyConfigError } from '../../src/gateway/policy.js';
import { ProblemError } from '../../src/runtime/errors.js';

/** How `request-stamp` is configured. */
export interface RequestStampConfig {
  /** The response header the stamp is written to, `X-Stamp`. */
  header: string;
  /** The label the stamp opens with: the deployment, the partner or the environment. */
  value: string;
  /** A request header every caller must send; its value is echoed on the response. */
  requireHeader?: { name: string; pattern?: string };
}

/** The default shape of a required header's value: a slug of 1 to 64 characters. */
const DEFAULT_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/**
 * A custom policy as an integrations team writes one. It can demand a request header, such as
 * the tenant a partner calls for, refusing a request without a well-formed one with 400; and it
 * stamps every answer with a label, the operation and the milliseconds spent between its request
 * and response phases: `X-Stamp: demo; op=getOrganization; dur=12`.
 *
 * @example
 * # junction.config.yaml
 * gateway:
 *   customPolicies:
 *     request-stamp: ./examples/policies/request-stamp.ts
 *   policies:
 *     request-stamp:
 *       header: X-Stamp
 *       value: demo
 *       requireHeader: { name: X-Tenant-Id, pattern: '^[a-z0-9-]{3,40}$' }
 */
const requestStamp: PolicyFactory<RequestStampConfig> = {
  name: 'request-stamp',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['header', 'value'],
    properties: {
      header: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
      value: { type: 'string', pattern: '^[\\x20-\\x7e]{1,100}$' },
      requireHeader: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
          pattern: { type: 'string', minLength: 1 },
        },
      },
    },
  },

  create(config) {
    const required = config.requireHeader;
    const pattern = required && compilePattern(required.pattern ?? DEFAULT_PATTERN);
    const startedAt = new WeakMap<object, number>();

    return {
      onRequest(exchange) {
        startedAt.set(exchange, performance.now());
        if (!required || !pattern) return undefined;
        const sent = exchange.req.get(required.name);
        if (sent !== undefined && pattern.test(sent)) {
          exchange.res.setHeader(required.name, sent);
          return undefined;
        }
        const got = sent === undefined ? 'none' : JSON.stringify(sent);
        throw new ProblemError(
          'validation-failed',
          `Expected a ${required.name} header matching ${pattern.source}, got ${got}.`,
          [{ in: 'header', pointer: `/${required.name.toLowerCase()}`, message: 'is not valid' }],
        );
      },

      onResponse(exchange, result) {
        const started = startedAt.get(exchange) ?? performance.now();
        const elapsed = Math.round(performance.now() - started);
        const stamp = `${config.value}; op=${exchange.scope.operationId}; dur=${elapsed}`;
        return { ...result, headers: { ...result.headers, [config.header]: stamp } };
      },
    };
  },
};

export default requestStamp;

/** Compiles the configured pattern, refusing one that is not a regular expression. */
function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    throw new PolicyConfigError('requireHeader.pattern', source, 'a JavaScript regular expression');
  }
}

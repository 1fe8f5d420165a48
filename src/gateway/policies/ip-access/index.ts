import { ProblemError } from '../../../runtime/errors.js';
import { PolicyConfigError } from '../../policy.js';
import type { PolicyFactory } from '../../policy.js';
import { listContains, parseAddressList } from './address-list.js';
import type { ConfigProblem } from './address-list.js';
import { resolveClientAddress } from './client-address.js';

export type { ConfigProblem } from './address-list.js';
export { resolveClientAddress, unmapped } from './client-address.js';

/** How the `ip-access` policy is configured. Deny wins over allow; an empty allow list allows all. */
export interface IpAccessOptions {
  allow?: readonly string[];
  deny?: readonly string[];
  trustedProxies?: readonly string[];
}

/** Whether a request may pass, and the client address the decision was made on. */
export interface IpAccessDecision {
  allowed: boolean;
  client: string;
}

/** Decides one request from its peer address and its `X-Forwarded-For` header. */
export type IpAccessCheck = (peer: string, forwardedFor: string | undefined) => IpAccessDecision;

/**
 * Reads the options once and returns the per-request check, or the first unusable option.
 *
 * @example
 * const ipAccess = createIpAccess({ allow: ['203.0.113.0/24'], trustedProxies: ['10.0.0.0/8'] });
 * if (ipAccess.ok) ipAccess.check('10.0.0.7', '198.51.100.4, 203.0.113.9'); // allowed, 203.0.113.9
 */
export function createIpAccess(
  options: IpAccessOptions,
): { ok: true; check: IpAccessCheck } | { ok: false; problem: ConfigProblem } {
  const allow = parseAddressList('allow', options.allow ?? []);
  if (!allow.ok) return allow;
  const deny = parseAddressList('deny', options.deny ?? []);
  if (!deny.ok) return deny;
  const proxies = parseAddressList('trustedProxies', options.trustedProxies ?? []);
  if (!proxies.ok) return proxies;
  const allowAll = (options.allow ?? []).length === 0;
  return {
    ok: true,
    check: (peer, forwardedFor) => {
      const client = resolveClientAddress(peer, forwardedFor, proxies.list);
      const allowed =
        !listContains(deny.list, client) && (allowAll || listContains(allow.list, client));
      return { allowed, client };
    },
  };
}

const ADDRESSES = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/**
 * The `ip-access` policy: refuses a client outside the allow list or on the deny list with 403
 * `address-denied`, and records the resolved client address on the exchange for later policies
 * (rate limits per IP use it).
 */
export const ipAccess: PolicyFactory<IpAccessOptions> = {
  name: 'ip-access',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { allow: ADDRESSES, deny: ADDRESSES, trustedProxies: ADDRESSES },
  },
  create(options) {
    const created = createIpAccess(options);
    if (!created.ok) {
      const { key, value, expected } = created.problem;
      throw new PolicyConfigError(key, value, expected);
    }
    const { check } = created;
    return {
      onRequest(exchange) {
        const forwardedFor = exchange.req.headers['x-forwarded-for'];
        const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
        const decision = check(exchange.req.socket.remoteAddress ?? '', header);
        exchange.clientAddress = decision.client;
        if (!decision.allowed) {
          throw new ProblemError(
            'address-denied',
            `The client address ${decision.client} may not call this API.`,
          );
        }
        return undefined;
      },
    };
  },
};

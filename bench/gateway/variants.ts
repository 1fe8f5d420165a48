import type { ApiPolicies, ClientCredentials, JunctionFixture } from './junction-setup.js';
import {
  FULL_CHAIN,
  FULL_CHAIN_IP_DENIED,
  FULL_CHAIN_RATE_LIMITED,
  NO_POLICIES,
  clientHeaders,
} from './junction-setup.js';
import type { LoadRequest } from './load.js';

/** A benchmarked server: a bare baseline or Junction with one configuration of canonical-v1. */
export type ServerSpec =
  | { id: 'node-http' | 'express'; kind: 'bare'; script: string }
  | { id: JunctionServerId; kind: 'junction'; policies: ApiPolicies };

/** The Junction servers: no policies, the full chain, and two variants of it that refuse. */
export type JunctionServerId =
  'junction-none' | 'junction-full' | 'junction-ip-denied' | 'junction-rate-limited';

/** Every server, in the order they start; Junction without policies first, for the body. */
export const SERVERS: readonly ServerSpec[] = [
  { id: 'junction-none', kind: 'junction', policies: NO_POLICIES },
  { id: 'junction-full', kind: 'junction', policies: FULL_CHAIN },
  { id: 'junction-ip-denied', kind: 'junction', policies: FULL_CHAIN_IP_DENIED },
  { id: 'junction-rate-limited', kind: 'junction', policies: FULL_CHAIN_RATE_LIMITED },
  { id: 'node-http', kind: 'bare', script: 'node-http.mjs' },
  { id: 'express', kind: 'bare', script: 'express.mjs' },
];

/** The names variants are reported under. */
export type VariantId =
  | 'nodeHttp'
  | 'express'
  | 'junctionNoPolicies'
  | 'junctionFullChain'
  | 'rejection401'
  | 'rejection403Pending'
  | 'rejection403IpDenied'
  | 'rejection429'
  | 'rejection400'
  | 'rejection400Validation';

/** One measured variant: a server, the request sent to it, and the one status every answer has. */
export interface Variant {
  id: VariantId;
  server: ServerSpec['id'];
  description: string;
  expectedStatus: number;
  /** The problem code of every refusal; undefined for accepted paths. */
  expectedCode?: string;
  request: LoadRequest;
}

/** The fixtures of every Junction server, by server id. */
export type Fixtures = Readonly<Record<JunctionServerId, JunctionFixture>>;

// Well-formed (43 base64url characters) but not the client's secret.
const WRONG_SECRET = 'WrongSecretWrongSecretWrongSecretWrongSecre';

/** Every variant, in reporting order, with its request built from the servers' fixtures. */
export function defineVariants(fixtures: Fixtures): Variant[] {
  const full = fixtures['junction-full'];
  const read = (fixture: JunctionFixture, credentials: ClientCredentials): LoadRequest => ({
    method: 'GET',
    path: `/canonical/v1/organizations/${fixture.organizationId}`,
    headers: clientHeaders(credentials),
  });
  const accepted = (
    id: VariantId,
    server: ServerSpec['id'],
    fixture: JunctionFixture,
    description: string,
  ): Variant => ({
    id,
    server,
    description,
    expectedStatus: 200,
    request: read(fixture, fixture.accepted),
  });
  return [
    accepted('nodeHttp', 'node-http', full, 'bare node:http answering the JSON'),
    accepted('express', 'express', full, 'bare Express 5, express.json() and one GET route'),
    accepted(
      'junctionNoPolicies',
      'junction-none',
      fixtures['junction-none'],
      'Junction, no policies',
    ),
    accepted('junctionFullChain', 'junction-full', full, 'Junction, full chain'),
    {
      id: 'rejection401',
      server: 'junction-full',
      description: 'full chain, wrong secret',
      expectedStatus: 401,
      expectedCode: 'unauthorized',
      request: read(full, { clientId: full.accepted.clientId, secret: WRONG_SECRET }),
    },
    {
      id: 'rejection403Pending',
      server: 'junction-full',
      description: 'full chain, subscription pending',
      expectedStatus: 403,
      expectedCode: 'forbidden',
      request: read(full, full.pending),
    },
    {
      id: 'rejection403IpDenied',
      server: 'junction-ip-denied',
      description: 'full chain, loopback denied by ip-access',
      expectedStatus: 403,
      expectedCode: 'address-denied',
      request: read(fixtures['junction-ip-denied'], fixtures['junction-ip-denied'].accepted),
    },
    {
      id: 'rejection429',
      server: 'junction-rate-limited',
      description: 'full chain, rate limit of 1 per hour spent',
      expectedStatus: 429,
      expectedCode: 'rate-limited',
      request: read(fixtures['junction-rate-limited'], fixtures['junction-rate-limited'].accepted),
    },
    {
      id: 'rejection400',
      server: 'junction-full',
      description: 'full chain, POST with a "__proto__" key',
      expectedStatus: 400,
      expectedCode: 'forbidden-key',
      request: {
        method: 'POST',
        path: '/canonical/v1/organizations',
        headers: clientHeaders(full.accepted),
        body: '{"__proto__": {}}',
      },
    },
    {
      id: 'rejection400Validation',
      server: 'junction-full',
      description: 'full chain, POST without the required legalName',
      expectedStatus: 400,
      expectedCode: 'validation-failed',
      request: {
        method: 'POST',
        path: '/canonical/v1/organizations',
        headers: clientHeaders(full.accepted),
        body: '{}',
      },
    },
  ];
}

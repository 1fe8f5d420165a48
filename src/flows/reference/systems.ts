import {
  createBillingSystemV1Client,
  type BillingSystemV1Client,
} from '../../../generated/billing-system-v1/client.js';
import {
  createCrmSystemV1Client,
  type CrmSystemV1Client,
} from '../../../generated/crm-system-v1/client.js';
import {
  createErpSystemV1Client,
  type ErpSystemV1Client,
} from '../../../generated/erp-system-v1/client.js';

/** The names the flow-run log gives the external systems the reference flows call. */
export type SystemName = 'billing-system' | 'crm-system' | 'erp-system';

/** Where each external system is served. */
export interface SystemUrls {
  billing: string;
  crm: string;
  erp: string;
}

/** Typed clients of the external systems, generated from their specs under specs/systems/. */
export interface ReferenceSystems {
  urls: SystemUrls;
  billing: BillingSystemV1Client;
  crm: CrmSystemV1Client;
  erp: ErpSystemV1Client;
}

/**
 * The system URLs from `BILLING_SYSTEM_URL`, `CRM_SYSTEM_URL` and `ERP_SYSTEM_URL`; one unset or
 * empty is the address of the system's mock from `npm run mock`.
 */
export function systemUrlsFromEnv(env: NodeJS.ProcessEnv): SystemUrls {
  return {
    billing: env.BILLING_SYSTEM_URL || 'http://127.0.0.1:4010',
    crm: env.CRM_SYSTEM_URL || 'http://127.0.0.1:4015',
    erp: env.ERP_SYSTEM_URL || 'http://127.0.0.1:4016',
  };
}

/**
 * The credentials each system spec requires on every call: the billing API user's key pair
 * (`apiAccessKeyId`, `apiSecretAccessKey`) and a bearer access token each for the CRM and the
 * ERP. Tokens are sent as given; Junction does not obtain or refresh them.
 */
export interface SystemCredentials {
  billing?: { accessKeyId: string; secretAccessKey: string };
  crmToken?: string;
  erpToken?: string;
}

/**
 * The credentials from `BILLING_SYSTEM_ACCESS_KEY_ID` with `BILLING_SYSTEM_SECRET_ACCESS_KEY`,
 * `CRM_SYSTEM_ACCESS_TOKEN` and `ERP_SYSTEM_ACCESS_TOKEN`; a system whose variables are unset or
 * empty gets none.
 */
export function systemCredentialsFromEnv(env: NodeJS.ProcessEnv): SystemCredentials {
  const accessKeyId = env.BILLING_SYSTEM_ACCESS_KEY_ID;
  const secretAccessKey = env.BILLING_SYSTEM_SECRET_ACCESS_KEY;
  return {
    ...(accessKeyId && secretAccessKey ? { billing: { accessKeyId, secretAccessKey } } : {}),
    ...(env.CRM_SYSTEM_ACCESS_TOKEN ? { crmToken: env.CRM_SYSTEM_ACCESS_TOKEN } : {}),
    ...(env.ERP_SYSTEM_ACCESS_TOKEN ? { erpToken: env.ERP_SYSTEM_ACCESS_TOKEN } : {}),
  };
}

/** Clients of the systems at `urls`, sending `credentials` with every call. */
export function createReferenceSystems(
  urls: SystemUrls,
  credentials: SystemCredentials = {},
): ReferenceSystems {
  const { billing, crmToken, erpToken } = credentials;
  const billingHeaders =
    billing === undefined
      ? {}
      : { apiAccessKeyId: billing.accessKeyId, apiSecretAccessKey: billing.secretAccessKey };
  return {
    urls,
    billing: createBillingSystemV1Client(urls.billing, { headers: billingHeaders }),
    crm: createCrmSystemV1Client(urls.crm, { headers: bearer(crmToken) }),
    erp: createErpSystemV1Client(urls.erp, { headers: bearer(erpToken) }),
  };
}

/** Clients of the systems the environment names, with the credentials it holds. */
export function systemsFromEnv(env: NodeJS.ProcessEnv): ReferenceSystems {
  return createReferenceSystems(systemUrlsFromEnv(env), systemCredentialsFromEnv(env));
}

function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { Authorization: `Bearer ${token}` };
}

/**
 * A call to an external system that did not succeed. `transient` is true when trying again may
 * succeed (no answer, 429 or 5xx); a 4xx refusal is final.
 */
export class SystemCallError extends Error {
  readonly code = 'system-call-failed';

  constructor(
    readonly system: SystemName,
    readonly operation: string,
    readonly status: number | undefined,
    readonly transient: boolean,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${system} ${operation} ${detail}`, options);
    this.name = 'SystemCallError';
  }
}

interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * Awaits one typed-client call and returns its body; a failed answer or no answer at all throws
 * a SystemCallError naming the system, the operation and the status.
 */
export async function callSystem<Data>(
  system: SystemName,
  operation: string,
  call: Promise<FetchResult<Data>>,
): Promise<Data> {
  return (await callSystemForStatus(system, operation, call)).data;
}

/** As `callSystem`, with the status of the successful answer (201 created, 200 updated...). */
export async function callSystemForStatus<Data>(
  system: SystemName,
  operation: string,
  call: Promise<FetchResult<Data>>,
): Promise<{ data: Data; status: number }> {
  let result: FetchResult<Data>;
  try {
    result = await call;
  } catch (err) {
    throw new SystemCallError(system, operation, undefined, true, 'got no answer', { cause: err });
  }
  const { status } = result.response;
  // openapi-fetch sets `data` on every 2xx answer; it is undefined only for a body-less one.
  if (result.response.ok) return { data: result.data as Data, status };
  const transient = status === 429 || status >= 500;
  const detail = `answered ${status}: ${summarize(result.error)}`;
  throw new SystemCallError(system, operation, status, transient, detail);
}

function summarize(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import type { Request, Response } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { loadCustomPolicies } from '../../src/gateway/custom.js';
import type { Exchange, GatewayResult, PolicyContext } from '../../src/gateway/policy.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProblemError } from '../../src/runtime/errors.js';
import { toProblemError } from '../../src/runtime/problem-response.js';
import type { Store } from '../../src/store/index.js';
import requestStamp from './request-stamp.js';
import type { RequestStampConfig } from './request-stamp.js';

const MODULE = fileURLToPath(new URL('./request-stamp.ts', import.meta.url));
const TENANT = { name: 'X-Tenant-Id', pattern: '^[a-z0-9-]{3,40}$' };

/** An exchange with the request headers given and the response headers other code set. */
function exchange(headers: Record<string, string> = {}) {
  const sent = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const set: Record<string, string> = {};
  const req = { get: (name: string) => sent.get(name.toLowerCase()) };
  const res = { setHeader: (name: string, value: string) => (set[name] = value) };
  const value: Exchange = {
    // The policy reads only `req.get` and `res.setHeader`; a stub stands in for Express.
    req: req as unknown as Request,
    res: res as unknown as Response,
    scope: {
      apiId: 'canonical-v1',
      api: 'canonical',
      version: 'v1',
      operationId: 'getOrganization',
      method: 'get',
      path: '/organizations/{organizationId}',
      security: [],
      securitySchemes: {},
      document: {},
      operation: {},
    },
    log: createLogger('silent'),
    clientAddress: '203.0.113.9',
  };
  return { exchange: value, responseHeaders: set };
}

const context: PolicyContext = {
  apiId: 'canonical-v1',
  log: createLogger('silent'),
  // The policy never touches the database.
  store: undefined as unknown as Store,
};

async function create(config: RequestStampConfig) {
  return requestStamp.create(config, context);
}

/** Runs the request phase and returns the problem it threw, or fails. */
function refusal(run: () => unknown): ProblemError {
  try {
    run();
  } catch (err) {
    if (err instanceof ProblemError) return err;
    throw err;
  }
  throw new Error('expected the request to be refused, but it passed');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('request-stamp: the stamp', () => {
  it('stamps the label, the operation and the milliseconds between its two phases', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const policy = await create({ header: 'X-Stamp', value: 'demo' });
    const { exchange: current } = exchange();
    const answer: GatewayResult = { status: 200, headers: { ETag: '"a"' }, body: { id: '42' } };

    expect(policy.onRequest?.(current)).toBeUndefined();
    vi.advanceTimersByTime(25);
    expect(await policy.onResponse?.(current, answer)).toStrictEqual({
      status: 200,
      headers: { ETag: '"a"', 'X-Stamp': 'demo; op=getOrganization; dur=25' },
      body: { id: '42' },
    });
  });

  it('stamps a short answer of a later policy and a problem alike', async () => {
    const policy = await create({ header: 'X-Served-By', value: 'partner-gw' });
    const { exchange: current } = exchange();
    await policy.onRequest?.(current);
    const result = await policy.onResponse?.(current, { status: 429 });
    expect(result?.headers?.['X-Served-By']).toMatch(/^partner-gw; op=getOrganization; dur=\d+$/);
  });
});

describe('request-stamp: the required header', () => {
  it('passes a request whose header matches and echoes the header on the response', async () => {
    const policy = await create({ header: 'X-Stamp', value: 'demo', requireHeader: TENANT });
    const { exchange: current, responseHeaders } = exchange({ 'x-tenant-id': 'acme-eu' });
    expect(policy.onRequest?.(current)).toBeUndefined();
    expect(responseHeaders).toStrictEqual({ 'X-Tenant-Id': 'acme-eu' });
  });

  it.each([
    { name: 'a missing header', headers: {}, got: 'none' },
    { name: 'a malformed header', headers: { 'X-Tenant-Id': 'ACME!' }, got: '"ACME!"' },
  ])('refuses $name with 400 validation-failed naming the header', async ({ headers, got }) => {
    const policy = await create({ header: 'X-Stamp', value: 'demo', requireHeader: TENANT });
    const problem = refusal(() => policy.onRequest?.(exchange(headers).exchange));
    expect({ ...problem, message: problem.message }).toStrictEqual({
      name: 'ProblemError',
      code: 'validation-failed',
      status: 400,
      detail: `Expected a X-Tenant-Id header matching ^[a-z0-9-]{3,40}$, got ${got}.`,
      message: `Expected a X-Tenant-Id header matching ^[a-z0-9-]{3,40}$, got ${got}.`,
      errors: [{ in: 'header', pointer: '/x-tenant-id', message: 'is not valid' }],
    });
  });

  it('applies the default slug pattern when none is configured', async () => {
    const requireHeader = { name: 'X-Partner' };
    const policy = await create({ header: 'X-Stamp', value: 'demo', requireHeader });
    expect(policy.onRequest?.(exchange({ 'X-Partner': 'globex.eu_1' }).exchange)).toBeUndefined();
    const problem = refusal(() => policy.onRequest?.(exchange({ 'X-Partner': '-x' }).exchange));
    expect(problem.detail).toBe(
      'Expected a X-Partner header matching ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$, got "-x".',
    );
  });
});

describe('request-stamp: configuration', () => {
  const validate = new Ajv({ strict: false }).compile(requestStamp.configSchema);

  it('is named request-stamp and accepts the documented configuration', () => {
    expect(requestStamp.name).toBe('request-stamp');
    expect(validate({ header: 'X-Stamp', value: 'demo', requireHeader: TENANT })).toBe(true);
  });

  it.each([
    { config: { value: 'demo' }, want: "must have required property 'header'" },
    { config: { header: 'X Stamp', value: 'demo' }, want: 'must match pattern' },
    { config: { header: 'X-Stamp', value: '' }, want: 'must match pattern' },
    { config: { header: 'X-Stamp', value: 'dé' }, want: 'must match pattern' },
    {
      config: { header: 'X-Stamp', value: 'demo', requireHeader: { pattern: '.+' } },
      want: "must have required property 'name'",
    },
    {
      config: { header: 'X-Stamp', value: 'demo', prefix: 'x' },
      want: 'must NOT have additional properties',
    },
  ])('refuses $config: $want', ({ config, want }) => {
    expect(validate(config)).toBe(false);
    expect(validate.errors?.[0]?.message).toContain(want);
  });

  it('refuses a pattern that is not a regular expression, naming key and value', async () => {
    const requireHeader = { name: 'X-Tenant-Id', pattern: '[a-z' };
    await expect(create({ header: 'X-Stamp', value: 'demo', requireHeader })).rejects.toThrow(
      'requireHeader.pattern="[a-z" is not valid: expected a JavaScript regular expression',
    );
  });
});

describe('request-stamp: loaded by name as the gateway loads it', () => {
  it('loads the module by its path and finds the factory under its name', async () => {
    const [factory] = await loadCustomPolicies({ 'request-stamp': MODULE });
    expect(factory?.name).toBe('request-stamp');
  });

  it('refuses to load it under another name', async () => {
    await expect(loadCustomPolicies({ stamp: MODULE })).rejects.toThrow(
      "custom policy 'stamp' (" +
        MODULE +
        "): the module's policy is named 'request-stamp'; configure it under that name",
    );
  });

  it('has its refusals answered as 400 problems, not as internal errors', async () => {
    const [factory] = await loadCustomPolicies({ 'request-stamp': MODULE });
    const policy = await factory?.create(
      { header: 'X-Stamp', value: 'd', requireHeader: TENANT },
      context,
    );
    let thrown: unknown;
    try {
      await policy?.onRequest?.(exchange().exchange);
    } catch (err) {
      thrown = err;
    }
    const { code, detail, errors } = toProblemError(thrown);
    expect({ code, detail, errors }).toStrictEqual({
      code: 'validation-failed',
      detail: 'Expected a X-Tenant-Id header matching ^[a-z0-9-]{3,40}$, got none.',
      errors: [{ in: 'header', pointer: '/x-tenant-id', message: 'is not valid' }],
    });
  });
});

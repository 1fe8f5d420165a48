import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

import { Ajv } from 'ajv';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import type { BodyLimits, Exchange, OperationScope, PolicyContext } from '../../policy.js';
import { DEFAULT_BODY_LIMITS, resolveBodyLimits, threatProtection } from './index.js';
import type { ThreatProtectionConfig } from './index.js';

const SCOPE: OperationScope = {
  apiId: 'canonical-v1',
  api: 'canonical',
  version: 'v1',
  operationId: 'createOrder',
  method: 'post',
  path: '/orders',
  security: [],
  securitySchemes: {},
  document: {},
  operation: {},
};

const log = pino({ level: 'silent' });
// The policy uses neither the store nor Redis.
const context = { apiId: 'canonical-v1', log } as unknown as PolicyContext;

interface TestExchange {
  exchange: Exchange;
  headers: Map<string, unknown>;
  req: Readable & { body?: unknown };
}

/** An exchange over a readable posing as the request and a response that records headers. */
function exchangeOf(
  url: string,
  body: string | undefined,
  headers: IncomingHttpHeaders,
  scope: OperationScope = SCOPE,
): TestExchange {
  const req = Object.assign(Readable.from(body === undefined ? [] : [Buffer.from(body)]), {
    headers,
    url,
    originalUrl: url,
  });
  const sent = new Map<string, unknown>();
  const res = { setHeader: (name: string, value: unknown) => sent.set(name, value) };
  const exchange: Exchange = {
    // The policy reads only the stream, headers and URL of the request and sets response headers.
    req: req as unknown as Request,
    res: res as unknown as Response,
    scope,
    log,
    clientAddress: '203.0.113.9',
  };
  return { exchange, headers: sent, req };
}

function jsonHeaders(body: string): IncomingHttpHeaders {
  return { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
}

async function run(config: ThreatProtectionConfig, test: TestExchange) {
  const policy = await threatProtection.create(config, context);
  try {
    const result = await policy.onRequest?.(test.exchange);
    return { result, body: test.req.body };
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return { status: err.status, code: err.code, errors: err.errors };
  }
}

describe('threat-protection configSchema', () => {
  const validate = new Ajv({ strict: false }).compile(threatProtection.configSchema);
  it.each<[unknown, boolean]>([
    [{}, true],
    [{ maxBytes: 10_485_760, maxDepth: 8, xml: { maxDepth: 16, maxElements: 500 } }, true],
    [{ maxDepth: 0 }, false],
    [{ maxStringLength: 1.5 }, false],
    [{ maxArrayLength: '10' }, false],
    [{ maxDeph: 3 }, false],
    [{ xml: { maxEntities: 1 } }, false],
  ])('%j is valid: %s', (config, valid) => {
    expect(validate(config)).toBe(valid);
  });
});

describe('resolveBodyLimits', () => {
  const cases: {
    name: string;
    configured: Partial<BodyLimits>;
    derived?: Partial<BodyLimits>;
    want: BodyLimits;
  }[] = [
    { name: 'defaults alone', configured: {}, want: DEFAULT_BODY_LIMITS },
    {
      name: 'derived limits over defaults, with one level of depth slack',
      configured: {},
      derived: { maxDepth: 5, maxStringLength: 255, maxArrayLength: 100_000 },
      want: { ...DEFAULT_BODY_LIMITS, maxDepth: 6, maxStringLength: 255, maxArrayLength: 100_000 },
    },
    {
      name: 'configured limits over derived ones',
      configured: { maxDepth: 40, maxStringLength: 10 },
      derived: { maxDepth: 5, maxStringLength: 255, maxEntries: 7 },
      want: { ...DEFAULT_BODY_LIMITS, maxDepth: 40, maxStringLength: 10, maxEntries: 7 },
    },
  ];
  for (const { name, configured, derived, want } of cases) {
    it(`takes ${name}`, () => {
      expect(resolveBodyLimits(configured, derived)).toStrictEqual(want);
    });
  }
});

describe('threat-protection onRequest', () => {
  it('parses a JSON body into req.body and passes the request on', async () => {
    const body = '{"billingAccountId":"7b1e","actions":[{"type":"create"}]}';
    expect(await run({}, exchangeOf('/orders', body, jsonHeaders(body)))).toStrictEqual({
      result: undefined,
      body: JSON.parse(body) as unknown,
    });
  });

  it('leaves req.body undefined without a body', async () => {
    expect(await run({}, exchangeOf('/orders', undefined, {}))).toStrictEqual({
      result: undefined,
      body: undefined,
    });
  });

  it('refuses ?__proto__[x]=1 with 400 before reading the body', async () => {
    const test = exchangeOf('/orders?__proto__[x]=1', '{}', jsonHeaders('{}'));
    expect(await run({}, test)).toStrictEqual({
      status: 400,
      code: 'forbidden-key',
      errors: [
        { in: 'query', pointer: '/__proto__[x]', message: 'uses the reserved name "__proto__"' },
      ],
    });
    expect(test.req.readableDidRead).toBe(false);
  });

  it('applies a limit derived from the schema where the configuration sets none', async () => {
    const scope = { ...SCOPE, bodyLimits: { maxStringLength: 4 } };
    const body = '{"code":"ABCDE"}';
    expect(await run({}, exchangeOf('/orders', body, jsonHeaders(body), scope))).toStrictEqual({
      status: 400,
      code: 'body-too-complex',
      errors: [{ in: 'body', pointer: '/code', message: 'exceeds maxStringLength of 4' }],
    });
  });

  it('lets the configuration override a derived limit', async () => {
    const scope = { ...SCOPE, bodyLimits: { maxStringLength: 4 } };
    const body = '{"code":"ABCDE"}';
    const test = exchangeOf('/orders', body, jsonHeaders(body), scope);
    expect(await run({ maxStringLength: 5 }, test)).toStrictEqual({
      result: undefined,
      body: { code: 'ABCDE' },
    });
  });

  it('answers 413 for a Content-Length over the limit and closes the connection', async () => {
    const body = JSON.stringify({ note: 'x'.repeat(200) });
    const test = exchangeOf('/orders', body, jsonHeaders(body));
    expect(await run({ maxBytes: 100 }, test)).toStrictEqual({
      status: 413,
      code: 'payload-too-large',
      errors: [],
    });
    expect(test.headers.get('Connection')).toBe('close');
    expect(test.req.readableDidRead).toBe(false);
  });

  it('keeps the connection when the refused body was read to its end', async () => {
    const test = exchangeOf('/orders', '{"a":}', jsonHeaders('{"a":}'));
    expect(await run({}, test)).toMatchObject({ status: 400, code: 'malformed-json' });
    expect(test.headers.has('Connection')).toBe(false);
  });

  it('applies configured XML limits', async () => {
    const body = '<a><b><c/></b></a>';
    const headers = { 'content-type': 'text/xml', 'content-length': String(body.length) };
    expect(await run({ xml: { maxDepth: 2 } }, exchangeOf('/orders', body, headers))).toMatchObject(
      { status: 400, code: 'body-too-complex' },
    );
  });
});

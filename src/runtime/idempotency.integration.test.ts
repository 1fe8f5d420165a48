import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startTestApp, testDialects } from '../../test/running-app.js';
import type { RunningApp } from '../../test/running-app.js';
import { handlers as canonicalV1 } from '../apis/canonical/v1/index.js';
import { declaresIdempotencyKey } from './idempotency.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

/** Requests with `legalName` here wait in the handler until the test opens the gate. */
const SLOW_NAME = 'Slow Handler GmbH';
/** Requests with `legalName` here fail with a 500 the first time, then succeed. */
const FLAKY_NAME = 'Flaky Handler GmbH';

const IDEMPOTENT_APIS = [
  'canonical-v1',
  'canonical-v2',
  'billing-v1',
  'sales-v1',
  'finance-v1',
  'fulfillment-v1',
];

describe('the Idempotency-Key contract', () => {
  it.each(IDEMPOTENT_APIS)(
    'declares the header and the 409 and 422 problems on every POST and PATCH of %s',
    (api) => {
      const document = JSON.parse(readFileSync(`generated/${api}/openapi.json`, 'utf8')) as Record<
        string,
        unknown
      >;
      const paths = document.paths as Record<string, Record<string, { responses: object }>>;
      const changes = Object.entries(paths).flatMap(([path, item]) =>
        (['post', 'patch'] as const)
          .filter((method) => item[method] !== undefined)
          .map((method) => ({ path, method, responses: Object.keys(item[method]!.responses) })),
      );

      expect(changes.length).toBeGreaterThan(0);
      const missing = changes.filter(
        (change) =>
          !declaresIdempotencyKey(document, change) ||
          !change.responses.includes('409') ||
          !change.responses.includes('422'),
      );
      expect(missing).toStrictEqual([]);
    },
  );
});

describe.each(testDialects())('Idempotency-Key over HTTP on %s', (dialect) => {
  let app: RunningApp;
  let openGate: () => void = () => undefined;
  let slowCalls = 0;
  let flakyCalls = 0;

  beforeAll(async () => {
    const original = canonicalV1.createOrganization;
    vi.spyOn(canonicalV1, 'createOrganization').mockImplementation(async (request, context) => {
      if (request.body.legalName === SLOW_NAME) {
        slowCalls += 1;
        await new Promise<void>((resolve) => (openGate = resolve));
      }
      if (request.body.legalName === FLAKY_NAME && ++flakyCalls === 1) {
        throw new Error('the database hiccuped');
      }
      return original(request, context);
    });
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await app.close();
  });
  afterEach(() => openGate());

  const post = (key: string | undefined, body: unknown) =>
    fetch(`${app.url}/canonical/v1/organizations`, {
      method: 'POST',
      headers: key === undefined ? JSON_TYPE : { ...JSON_TYPE, 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  const organizationsOf = async (domain: string) => {
    const response = await fetch(`${app.url}/canonical/v1/organizations?domain=${domain}`);
    return ((await response.json()) as { data: { id: string }[] }).data;
  };

  const storedKeys = async (key: string) => {
    const db = app.store.db as Kysely<{ idempotency_keys: { key: string; api: string } }>;
    return db
      .selectFrom('idempotency_keys')
      .select(['api', 'key'])
      .where('key', '=', key)
      .execute();
  };

  const problemOf = (code: string, status: number, title: string, detail: string) => ({
    type: `https://junction.dev/errors/${code}`,
    title,
    status,
    code,
    detail,
    instance: '/canonical/v1/organizations',
    correlationId: expect.any(String) as unknown,
  });

  it('replays the stored status, Location and body for the same key and body, creating once', async () => {
    const domain = `replay-${randomUUID().slice(0, 8)}.example`;
    const body = { legalName: 'Acme Robotics GmbH', domain };
    const first = await post('"replay-1"', body);
    const again = await post('"replay-1"', { domain, legalName: 'Acme Robotics GmbH' });

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const created = (await first.json()) as { id: string };
    expect([again.status, again.headers.get('idempotent-replayed')]).toStrictEqual([201, 'true']);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await again.json()).toStrictEqual(created);
    expect((await organizationsOf(domain)).map((row) => row.id)).toStrictEqual([created.id]);
  });

  it('answers the same key with a different body 422 idempotency-key-reused', async () => {
    const domain = `reuse-${randomUUID().slice(0, 8)}.example`;
    expect((await post('reuse-1', { legalName: 'First GmbH', domain })).status).toBe(201);
    const reused = await post('reuse-1', { legalName: 'Second GmbH', domain });

    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await reused.json()).toStrictEqual(
      problemOf(
        'idempotency-key-reused',
        422,
        'The idempotency key was used for a different request',
        'Idempotency-Key "reuse-1" was first sent with another method, path or body; ' +
          'send a new key for a new request.',
      ),
    );
    expect(await organizationsOf(domain)).toHaveLength(1);
  });

  it('runs one of two concurrent requests with one key and answers the other 409', async () => {
    const domain = `race-${randomUUID().slice(0, 8)}.example`;
    const body = { legalName: SLOW_NAME, domain };
    const first = post('"race-1"', body);
    await expect.poll(() => slowCalls, { timeout: 30_000 }).toBe(1);
    const second = await post('"race-1"', body);
    openGate();
    const answers = [await first, second];

    expect(answers.map((answer) => answer.status)).toStrictEqual([201, 409]);
    expect(await second.json()).toStrictEqual(
      problemOf(
        'idempotency-key-in-progress',
        409,
        'A request with this idempotency key is still in progress',
        'Idempotency-Key "race-1" is in use by a request that has not finished; retry after ' +
          "it has, and it is answered with that request's response.",
      ),
    );
    expect(slowCalls).toBe(1);
    expect(await organizationsOf(domain)).toHaveLength(1);
    expect(await storedKeys('race-1')).toStrictEqual([{ api: 'canonical-v1', key: 'race-1' }]);
  });

  it('executes once when many requests race with one key', async () => {
    const domain = `many-${randomUUID().slice(0, 8)}.example`;
    const body = { legalName: 'Racing GmbH', domain };
    const answers = await Promise.all(Array.from({ length: 12 }, () => post('many-1', body)));

    const kinds = answers.map((answer) =>
      answer.status === 201 && answer.headers.get('idempotent-replayed') === null
        ? 'executed'
        : `${answer.status}${answer.headers.get('idempotent-replayed') ? ' replayed' : ''}`,
    );
    expect(kinds.filter((kind) => kind === 'executed')).toHaveLength(1);
    expect(kinds.filter((kind) => !['executed', '409', '201 replayed'].includes(kind))).toEqual([]);
    expect(await organizationsOf(domain)).toHaveLength(1);
    expect(await storedKeys('many-1')).toHaveLength(1);
  });

  it('frees the key when the handler fails with 500, so the retry runs', async () => {
    const domain = `flaky-${randomUUID().slice(0, 8)}.example`;
    const body = { legalName: FLAKY_NAME, domain };
    const failed = await post('flaky-1', body);
    expect(failed.status).toBe(500);
    expect(await storedKeys('flaky-1')).toStrictEqual([]);

    const retried = await post('flaky-1', body);
    expect([retried.status, retried.headers.get('idempotent-replayed')]).toStrictEqual([201, null]);
    expect(flakyCalls).toBe(2);
    expect(await organizationsOf(domain)).toHaveLength(1);
  });

  it('replays a PATCH as it was answered, without applying it again', async () => {
    const domain = `patch-${randomUUID().slice(0, 8)}.example`;
    const created = (await (await post(undefined, { legalName: 'Patch GmbH', domain })).json()) as {
      id: string;
    };
    const patch = (key: string, status: string) =>
      fetch(`${app.url}/canonical/v1/organizations/${created.id}`, {
        method: 'PATCH',
        headers: { ...MERGE_PATCH, 'idempotency-key': key },
        body: JSON.stringify({ status }),
      });
    const toCustomer = await patch('patch-1', 'customer');
    const toInactive = await patch('patch-2', 'inactive');
    const replayed = await patch('patch-1', 'customer');

    expect([toCustomer.status, toInactive.status, replayed.status]).toStrictEqual([200, 200, 200]);
    const answered = (await toCustomer.json()) as { status: string };
    expect(answered.status).toBe('customer');
    expect(await replayed.json()).toStrictEqual(answered);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const now = await fetch(`${app.url}/canonical/v1/organizations/${created.id}`);
    expect(((await now.json()) as { status: string }).status).toBe('inactive');
  });

  it('replays a repeated finance customer create, as on every context API', async () => {
    const externalId = `A${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    const create = () =>
      fetch(`${app.url}/finance/v1/customers`, {
        method: 'POST',
        headers: { ...JSON_TYPE, 'idempotency-key': `"finance-${externalId}"` },
        body: JSON.stringify({
          externalId,
          entityId: externalId,
          companyName: 'Acme Robotics GmbH',
          subsidiary: 'Junction B.V.',
          currency: 'EUR',
        }),
      });
    const first = await create();
    const again = await create();

    expect([first.status, again.status]).toStrictEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toStrictEqual(await first.json());
  });

  it('keeps no key for a request without the header', async () => {
    const domain = `plain-${randomUUID().slice(0, 8)}.example`;
    const db = app.store.db as Kysely<{ idempotency_keys: { key: string } }>;
    const before = await db.selectFrom('idempotency_keys').select('key').execute();
    expect((await post(undefined, { legalName: 'Plain GmbH', domain })).status).toBe(201);
    expect((await post(undefined, { legalName: 'Plain GmbH', domain })).status).toBe(201);

    expect(await db.selectFrom('idempotency_keys').select('key').execute()).toStrictEqual(before);
    expect(await organizationsOf(domain)).toHaveLength(2);
  });

  const PATTERN_ERROR = {
    pointer: '/idempotency-key',
    message: 'must match pattern "^(?:"[ !#-\\[\\]-~]{1,255}"|[!#-~]{1,255})$"',
    in: 'header',
  };
  const LENGTH_ERROR = {
    pointer: '/idempotency-key',
    message: 'must NOT have more than 257 characters',
    in: 'header',
  };
  it.each([
    ['a space outside quotes', 'two words', '1 part of the request is not valid.', [PATTERN_ERROR]],
    [
      'more than 255 characters',
      `"${'k'.repeat(256)}"`,
      '2 parts of the request are not valid.',
      [LENGTH_ERROR, PATTERN_ERROR],
    ],
  ])('refuses a key with %s with 400 validation-failed', async (_case, key, detail, errors) => {
    const answer = await post(key, { legalName: 'Bad Key GmbH' });

    expect(answer.status).toBe(400);
    expect(await answer.json()).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail,
      instance: '/canonical/v1/organizations',
      correlationId: expect.any(String) as unknown,
      errors,
    });
  });
});

import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBillingV1Client } from '../../generated/billing-v1/client.js';
import { createCanonicalV1Client } from '../../generated/canonical-v1/client.js';
import type { components } from '../../generated/canonical-v1/types.js';
import { createSalesV1Client } from '../../generated/sales-v1/client.js';
import { startTestApp, testDialects } from '../../test/running-app.js';
import type { RunningApp } from '../../test/running-app.js';

type OrganizationCreate = components['schemas']['OrganizationCreate'];

const acme: OrganizationCreate = {
  legalName: 'Acme Robotics GmbH',
  domain: 'acme-robotics.example',
  segment: 'mid-market',
  addresses: [{ line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' }],
};

describe.each(testDialects())('the canonical API on %s', (dialect) => {
  let app: RunningApp;
  let canonical: ReturnType<typeof createCanonicalV1Client>;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    canonical = createCanonicalV1Client(app.url);
  });
  afterAll(() => app.close());

  it('creates an organization with 201 and a Location, then reads it back and lists it', async () => {
    const created = await canonical.POST('/organizations', { body: acme });
    expect(created.response.status).toBe(201);
    const organization = created.data!;
    expect(created.response.headers.get('location')).toBe(
      `${app.url}/canonical/v1/organizations/${organization.id}`,
    );
    expect(organization).toStrictEqual({
      ...acme,
      id: organization.id,
      status: 'prospect',
      type: 'standard',
      externalRefs: [],
      createdAt: organization.createdAt,
      updatedAt: organization.createdAt,
    });

    const read = await canonical.GET('/organizations/{organizationId}', {
      params: { path: { organizationId: organization.id } },
    });
    expect(read.data).toStrictEqual(organization);
    const listed = await canonical.GET('/organizations', {
      params: { query: { domain: 'acme-robotics.example' } },
    });
    expect(listed.data).toStrictEqual({
      data: [organization],
      page: { limit: 50, nextCursor: null },
    });
  });

  it('rejects an invalid body with 400, a pointer to every failing field, and stores nothing', async () => {
    const before = await canonical.GET('/organizations', { params: { query: { limit: 200 } } });
    const response = await fetch(`${app.url}/canonical/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ legalName: '', domain: 'not a host', segment: 'huge', unknown: 1 }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail: '4 parts of the request are not valid.',
      instance: '/canonical/v1/organizations',
      correlationId: response.headers.get('x-correlation-id'),
      errors: expect.arrayContaining([
        { in: 'body', pointer: '/unknown', message: 'must NOT have additional properties' },
        { in: 'body', pointer: '/legalName', message: 'must NOT have fewer than 1 characters' },
        { in: 'body', pointer: '/domain', message: 'must match format "hostname"' },
        {
          in: 'body',
          pointer: '/segment',
          message:
            'must be equal to one of the allowed values: smb, mid-market, large, public-sector',
        },
      ]) as unknown,
    });
    const after = await canonical.GET('/organizations', { params: { query: { limit: 200 } } });
    expect(after.data!.data.length).toBe(before.data!.data.length);
  });

  it('answers a body that is not JSON with 400 malformed-json, not 500', async () => {
    const response = await fetch(`${app.url}/canonical/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"legalName": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('malformed-json');
  });

  it('applies a merge patch and keeps the fields it does not name', async () => {
    const created = (await canonical.POST('/organizations', { body: { legalName: 'Globex Ltd' } }))
      .data!;
    const patched = await canonical.PATCH('/organizations/{organizationId}', {
      params: { path: { organizationId: created.id } },
      body: { status: 'customer' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toStrictEqual({
      ...created,
      status: 'customer',
      updatedAt: patched.data!.updatedAt,
    });
  });

  it('pages through a list with a cursor, newest first, without gaps or repeats', async () => {
    const names = ['Paging One', 'Paging Two', 'Paging Three'];
    for (const legalName of names)
      await canonical.POST('/organizations', { body: { legalName, status: 'partner' } });
    const first = (
      await canonical.GET('/organizations', { params: { query: { status: 'partner', limit: 2 } } })
    ).data!;
    const cursor = first.page.nextCursor!;
    const second = (
      await canonical.GET('/organizations', {
        params: { query: { status: 'partner', limit: 2, cursor } },
      })
    ).data!;
    expect(
      [...first.data, ...second.data].map((organization) => organization.legalName),
    ).toStrictEqual([...names].reverse());
    expect(second.page.nextCursor).toBeNull();
  });

  it('answers an unknown id with 404 not-found', async () => {
    const response = await canonical.GET('/organizations/{organizationId}', {
      params: { path: { organizationId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(response.response.status).toBe(404);
    expect(response.error).toStrictEqual({
      type: 'https://junction.dev/errors/not-found',
      title: 'The resource does not exist',
      status: 404,
      code: 'not-found',
      detail: "No organization has id '00000000-0000-4000-8000-000000000000'.",
      correlationId: response.response.headers.get('x-correlation-id'),
      instance: '/canonical/v1/organizations/00000000-0000-4000-8000-000000000000',
    });
  });
});

describe('the runtime around the APIs', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('echoes a caller correlation id and puts it on every log line of that request', async () => {
    const response = await fetch(`${app.url}/canonical/v1/organizations`, {
      headers: { 'x-correlation-id': 'order-4711' },
    });
    expect(response.headers.get('x-correlation-id')).toBe('order-4711');
    const lines = app.logs.filter((line) => line.correlationId === 'order-4711');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      route: '/canonical/v1/organizations',
      status: 200,
      method: 'GET',
    });
  });

  it('makes up a correlation id when the caller sends none or an unusable one', async () => {
    const response = await fetch(`${app.url}/healthz`, {
      headers: { 'x-correlation-id': 'has spaces and ; semicolons' },
    });
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health and readiness', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toStrictEqual({ status: 'ok' });
    expect(await (await fetch(`${app.url}/readyz`)).json()).toStrictEqual({ status: 'ready' });
  });

  it('serves a catalog page at /docs/ that links every API version, and each version page', async () => {
    const catalog = await (await fetch(`${app.url}/docs/`)).text();
    for (const id of [
      'canonical-v1',
      'billing-v1',
      'sales-v1',
      'billing-system-v1',
      'canonical-events-v1',
    ]) {
      expect(catalog).toContain(`href="${id}/"`);
      const page = await fetch(`${app.url}/docs/${id}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    }
    expect((await fetch(`${app.url}/docs/canonical-v1/types.ts`)).status).toBe(404);
    const bare = await fetch(`${app.url}/docs`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toStrictEqual([301, '/docs/']);
  });

  it('answers an unknown path with a 404 problem', async () => {
    const response = await fetch(`${app.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('route-not-found');
  });

  it('serves the billing and sales APIs in their own terms', async () => {
    const billing = createBillingV1Client(app.url);
    const contact = {
      firstName: 'Jana',
      lastName: 'Becker',
      workEmail: 'jana.becker@acme.example',
      address: { line1: 'Friedrichstrasse 68', city: 'Berlin', country: 'DE' },
    };
    const account = await billing.POST('/accounts', {
      body: { name: 'Acme Robotics GmbH', currency: 'EUR', billToContact: contact },
    });
    expect(account.response.status).toBe(201);
    expect(account.data).toMatchObject({
      accountNumber: 'A00000001',
      status: 'Active',
      soldToContact: contact,
    });
    const read = await billing.GET('/accounts/{accountNumber}', {
      params: { path: { accountNumber: 'A00000001' } },
    });
    expect(read.data).toStrictEqual(account.data);

    const sales = createSalesV1Client(app.url);
    const created = await sales.POST('/accounts', { body: { name: 'Acme Robotics GmbH' } });
    const opportunity = await sales.POST('/opportunities', {
      body: {
        accountId: created.data!.accountId,
        name: 'Acme - Premium',
        stageName: 'Closed Won',
        closeDate: '2026-11-30',
      },
    });
    expect(opportunity.data).toMatchObject({
      isWon: true,
      type: 'New Business',
      channel: 'Direct',
    });
  });

  it('finishes a request in flight when it is told to stop, then refuses new connections', async () => {
    const body = JSON.stringify({ legalName: 'Draining Corp' });
    const { port } = new URL(app.url);
    const pending = new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/canonical/v1/organizations',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 5));
      setTimeout(() => request.end(body.slice(5)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = app.stop();
    expect(await pending).toBe(201);
    await stopped;
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});

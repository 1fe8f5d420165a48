import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createCanonicalV1Client } from '../../../../generated/canonical-v1/client.js';
import { createCanonicalV2Client } from '../../../../generated/canonical-v2/client.js';
import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';

const seat = { line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' };
const seatMoved = { line1: 'Unter den Linden 5', city: 'Berlin', country: 'DE' };
const depot = { line1: 'Am Lagerplatz 4', city: 'Potsdam', postalCode: '14469', country: 'DE' };
const mergePatch = { 'content-type': 'application/merge-patch+json' };

describe.each(testDialects())('canonical v1 and v2 organizations on %s', (dialect) => {
  let app: RunningApp;
  let v1: ReturnType<typeof createCanonicalV1Client>;
  let v2: ReturnType<typeof createCanonicalV2Client>;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    v1 = createCanonicalV1Client(app.url);
    v2 = createCanonicalV2Client(app.url);
  });
  afterAll(() => app.close());

  const readV1 = async (id: string) =>
    (await v1.GET('/organizations/{organizationId}', { params: { path: { organizationId: id } } }))
      .data;
  const readV2 = async (id: string) =>
    (await v2.GET('/organizations/{organizationId}', { params: { path: { organizationId: id } } }))
      .data;

  it('shows an organization created through v1 with a registered address in v2, and back', async () => {
    const created = await v1.POST('/organizations', {
      body: { legalName: 'Acme Robotics GmbH', addresses: [seat, depot] },
    });
    expect(created.response.status).toBe(201);
    const organization = created.data!;
    expect(organization.addresses).toStrictEqual([seat, depot]);

    const inV2 = await readV2(organization.id);
    expect(inV2).toStrictEqual({
      ...organization,
      addresses: [
        { type: 'registered', ...seat },
        { type: 'other', ...depot },
      ],
    });
    expect(await readV1(organization.id)).toStrictEqual(organization);
  });

  it('keeps the shipping address a v2 client added when a v1 client changes the registered one', async () => {
    const created = await v2.POST('/organizations', {
      body: {
        legalName: 'Globex Ltd',
        addresses: [
          { type: 'shipping', ...depot },
          { type: 'registered', ...seat },
        ],
      },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    expect(created.response.headers.get('location')).toBe(
      `${app.url}/canonical/v2/organizations/${id}`,
    );

    const inV1 = await readV1(id);
    expect(inV1).toStrictEqual({ ...created.data!, addresses: [depot, seat] });

    const patched = await v1.PATCH('/organizations/{organizationId}', {
      params: { path: { organizationId: id } },
      body: { addresses: [depot, seatMoved] },
      headers: mergePatch,
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data!.addresses).toStrictEqual([depot, seatMoved]);

    const after = await readV2(id);
    expect(after).toStrictEqual({
      ...created.data!,
      addresses: [
        { type: 'shipping', ...depot },
        { type: 'registered', ...seatMoved },
      ],
      updatedAt: patched.data!.updatedAt,
    });
  });

  it('leaves typed addresses alone when a v1 patch does not name addresses', async () => {
    const addresses = [
      { type: 'billing' as const, ...seat },
      { type: 'shipping' as const, ...depot },
    ];
    const created = (await v2.POST('/organizations', { body: { legalName: 'Initech', addresses } }))
      .data!;
    const patched = await v1.PATCH('/organizations/{organizationId}', {
      params: { path: { organizationId: created.id } },
      body: { status: 'customer' },
      headers: mergePatch,
    });
    expect(patched.response.status).toBe(200);
    expect((await readV2(created.id))!.addresses).toStrictEqual(addresses);
  });

  it('lists the same organization in both versions, each in its own form', async () => {
    const created = (
      await v2.POST('/organizations', {
        body: {
          legalName: 'Umbrella plc',
          domain: 'umbrella.example',
          addresses: [{ type: 'registered', ...seat }],
        },
      })
    ).data!;
    const query = { params: { query: { domain: 'umbrella.example' } } };
    expect((await v2.GET('/organizations', query)).data).toStrictEqual({
      data: [created],
      page: { limit: 50, nextCursor: null },
    });
    expect((await v1.GET('/organizations', query)).data).toStrictEqual({
      data: [{ ...created, addresses: [seat] }],
      page: { limit: 50, nextCursor: null },
    });
  });

  it('reads a record stored before v2, with untyped addresses, in both versions', async () => {
    const id = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const stored = {
      id,
      legalName: 'Soylent Corp',
      status: 'prospect',
      type: 'standard',
      addresses: [seat, depot],
      externalRefs: [],
      createdAt: '2026-01-05T08:00:00.000Z',
      updatedAt: '2026-01-05T08:00:00.000Z',
    };
    await app.store.records('canonical_organizations').insert(stored);

    expect(await readV1(id)).toStrictEqual(stored);
    expect(await readV2(id)).toStrictEqual({
      ...stored,
      addresses: [
        { type: 'registered', ...seat },
        { type: 'other', ...depot },
      ],
    });
  });

  it('refuses a v2 address without a type, as v1 would send it, with 400', async () => {
    const response = await fetch(`${app.url}/canonical/v2/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ legalName: 'Hooli', addresses: [seat] }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors).toStrictEqual([
      { in: 'body', pointer: '/addresses/0/type', message: "must have required property 'type'" },
    ]);
  });

  it('refuses two v2 addresses of the same type with 400 and stores nothing', async () => {
    const response = await fetch(`${app.url}/canonical/v2/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        legalName: 'Vandelay Industries',
        addresses: [
          { type: 'billing', ...seat },
          { type: 'billing', ...depot },
        ],
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail:
        'The addresses repeat a type; an organization has at most one billing, shipping and ' +
        'registered address.',
      instance: '/canonical/v2/organizations',
      correlationId: response.headers.get('x-correlation-id'),
      errors: [
        {
          in: 'body',
          pointer: '/addresses/1/type',
          message:
            "must not repeat type 'billing' of /addresses/0; an organization has at most one billing address",
        },
      ],
    });
    const listed = await v2.GET('/organizations', { params: { query: { limit: 200 } } });
    expect(listed.data!.data.map((organization) => organization.legalName)).not.toContain(
      'Vandelay Industries',
    );
  });

  it('refuses a v2 patch that gives two addresses the registered type with 400', async () => {
    const created = (await v2.POST('/organizations', { body: { legalName: 'Kramerica' } })).data!;
    const patched = await v2.PATCH('/organizations/{organizationId}', {
      params: { path: { organizationId: created.id } },
      body: {
        addresses: [
          { type: 'registered', ...seat },
          { type: 'registered', ...depot },
        ],
      },
      headers: mergePatch,
    });
    expect(patched.response.status).toBe(400);
    expect(patched.error).toMatchObject({
      code: 'validation-failed',
      errors: [{ in: 'body', pointer: '/addresses/1/type' }],
    });
    expect(await readV2(created.id)).toStrictEqual(created);
  });

  it('serves the unchanged entities of v1 in v2 over the same records', async () => {
    const organization = (await v2.POST('/organizations', { body: { legalName: 'Wayne Ltd' } }))
      .data!;
    const created = await v2.POST('/contacts', {
      body: {
        organizationId: organization.id,
        firstName: 'Jana',
        lastName: 'Schmidt',
        email: 'jana.schmidt@wayne.example',
      },
    });
    expect(created.response.status).toBe(201);
    const read = await v1.GET('/contacts/{contactId}', {
      params: { path: { contactId: created.data!.id } },
    });
    expect(read.data).toStrictEqual(created.data);
  });
});

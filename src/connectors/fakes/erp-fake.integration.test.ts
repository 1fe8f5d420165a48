import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createErpSystemV1Client,
  type ErpSystemV1Client,
} from '../../../generated/erp-system-v1/client.js';
import { startFakeSystem, type ErpState, type FakeSystem } from './index.js';

describe('the ERP fake', () => {
  let erp: FakeSystem<ErpState>;
  let client: ErpSystemV1Client;
  let clock = new Date('2026-11-20T14:00:00Z');

  beforeAll(async () => {
    erp = await startFakeSystem('erp', { now: () => clock });
    client = createErpSystemV1Client(erp.url);
    await client.PUT('/services/rest/record/v1/customer/{id}', {
      params: { path: { id: 'eid:A00012345' } },
      body: { companyName: 'Acme Robotics GmbH', currency: { id: '4' } },
    });
  });
  afterAll(() => erp.stop());

  it('creates a customer on the first upsert by external id and updates it on the second', async () => {
    const first = await client.PUT('/services/rest/record/v1/customer/{id}', {
      params: { path: { id: 'eid:A00099999' } },
      body: { companyName: 'Globex', email: 'ap@globex.example' },
    });
    clock = new Date('2026-11-20T14:00:30Z');
    await client.PUT('/services/rest/record/v1/customer/{id}', {
      params: { path: { id: 'eid:A00099999' } },
      body: { companyName: 'Globex Corporation' },
    });
    const { data } = await client.GET('/services/rest/record/v1/customer/{id}', {
      params: { path: { id: 'eid:A00099999' } },
    });

    expect(first.response.status).toBe(204);
    expect(first.response.headers.get('location')).toBe(
      `${erp.url}/services/rest/record/v1/customer/1002`,
    );
    expect(data).toStrictEqual({
      id: '1002',
      externalId: 'A00099999',
      companyName: 'Globex Corporation',
      email: 'ap@globex.example',
      dateCreated: '2026-11-20T14:00:00Z',
      lastModifiedDate: '2026-11-20T14:00:30Z',
    });
  });

  it('lists the payments changed at or after a time, oldest change first, a page at a time', async () => {
    for (const [externalId, time] of [
      ['P-3', '2026-11-20T15:00:00Z'],
      ['P-1', '2026-11-20T13:00:00Z'],
      ['P-2', '2026-11-20T14:30:00Z'],
    ] as const) {
      clock = new Date(time);
      await client.PUT('/services/rest/record/v1/customerPayment/{id}', {
        params: { path: { id: `eid:${externalId}` } },
        body: { customer: { externalId: 'A00012345' }, payment: 100, tranDate: '2026-11-20' },
      });
    }
    const q = 'lastModifiedDate ON_OR_AFTER "2026-11-20T14:00:00Z"';
    const page = async (offset: number) =>
      (
        await client.GET('/services/rest/record/v1/customerPayment', {
          params: { query: { q, limit: 1, offset } },
        })
      ).data;

    const first = await page(0);
    const second = await page(1);

    expect(first?.items.map((item) => item.externalId)).toStrictEqual(['P-2']);
    expect([first?.hasMore, first?.totalResults, first?.links[0]?.rel]).toStrictEqual([
      true,
      2,
      'next',
    ]);
    expect(second?.items).toStrictEqual([
      {
        id: '1003',
        externalId: 'P-3',
        customer: { id: '1001', externalId: 'A00012345', refName: 'Acme Robotics GmbH' },
        payment: 100,
        tranDate: '2026-11-20',
        apply: { items: [] },
        dateCreated: '2026-11-20T15:00:00Z',
        lastModifiedDate: '2026-11-20T15:00:00Z',
      },
    ]);
    expect([second?.hasMore, second?.links]).toStrictEqual([false, []]);
  });

  it.each([
    {
      title: 'a field the spec does not declare',
      path: '/services/rest/record/v1/customer/eid:X1',
      body: { companyName: 'X', colour: 'red' },
      detail: 'request/body must NOT have additional properties',
    },
    {
      title: 'an unbalanced journal entry',
      path: '/services/rest/record/v1/journalEntry/eid:JE-1',
      body: {
        subsidiary: { id: '2' },
        tranDate: '2026-11-30',
        line: {
          items: [
            { account: { id: '1' }, debit: 10 },
            { account: { id: '2' }, credit: 9 },
          ],
        },
      },
      detail: 'The journal entry does not balance: debits 10, credits 9.',
    },
    {
      title: 'a payment of an unknown customer',
      path: '/services/rest/record/v1/customerPayment/eid:P-9',
      body: { customer: { externalId: 'A0' }, payment: 1, tranDate: '2026-11-20' },
      detail: "Invalid reference: no customer has the key 'eid:A0'.",
    },
  ])('refuses $title with 400 and the ERP error body', async ({ path, body, detail }) => {
    const response = await fetch(`${erp.url}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toStrictEqual({
      type: 'https://www.rfc-editor.org/rfc/rfc9110.html#status.400',
      title: 'Bad Request',
      status: 400,
      'o:errorDetails': [{ detail, 'o:errorCode': 'INVALID_VALUE' }],
    });
  });

  it('answers an unknown record with 404', async () => {
    const { response, error } = await client.GET('/services/rest/record/v1/invoice/{id}', {
      params: { path: { id: 'eid:INV404' } },
    });

    expect([response.status, error?.['o:errorDetails']]).toStrictEqual([
      404,
      [{ detail: "No invoice has the key 'eid:INV404'.", 'o:errorCode': 'NONEXISTENT_ID' }],
    ]);
  });

  it('fails injected calls before doing any work, and records every call', async () => {
    erp.fail({ status: 503, times: 1 });
    const failed = await client.PUT('/services/rest/record/v1/customer/{id}', {
      params: { path: { id: 'eid:A00077777' } },
      body: { companyName: 'Initech' },
    });
    const after = await client.GET('/services/rest/record/v1/customer/{id}', {
      params: { path: { id: 'eid:A00077777' } },
    });

    expect([failed.response.status, after.response.status]).toStrictEqual([503, 404]);
    expect(erp.calls.slice(-2)).toStrictEqual([
      {
        method: 'PUT',
        path: '/services/rest/record/v1/customer/eid:A00077777',
        query: {},
        body: { companyName: 'Initech' },
      },
      {
        method: 'GET',
        path: '/services/rest/record/v1/customer/eid:A00077777',
        query: {},
        body: undefined,
      },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createCrmSystemV1Client,
  type CrmSystemV1Client,
} from '../../../generated/crm-system-v1/client.js';
import { startFakeSystem, type CrmState, type FakeSystem } from './index.js';

const NOW = '2026-11-05T18:12:44.000+0000';

describe('the CRM fake', () => {
  let crm: FakeSystem<CrmState>;
  let client: CrmSystemV1Client;

  beforeAll(async () => {
    crm = await startFakeSystem('crm', { now: () => new Date('2026-11-05T18:12:44Z') });
    client = createCrmSystemV1Client(crm.url);
  });
  afterAll(() => crm.stop());

  it('creates an account on the first upsert by domain and updates the same one on the second', async () => {
    const path = '/services/data/v62.0/sobjects/Account/{externalIdField}/{externalId}';
    const params = { path: { externalIdField: 'Domain__c', externalId: 'acme.example' } } as const;
    const first = await client.PATCH(path, { params, body: { Name: 'Acme' } });
    const second = await client.PATCH(path, { params, body: { Website: 'https://acme.example' } });
    const read = await client.GET(path, { params });

    expect([first.response.status, first.data]).toStrictEqual([
      201,
      { id: '0015e0000000001AAA', success: true, errors: [], created: true },
    ]);
    expect([second.response.status, second.data?.created]).toStrictEqual([200, false]);
    expect(read.data).toStrictEqual({
      attributes: {
        type: 'Account',
        url: '/services/data/v62.0/sobjects/Account/0015e0000000001AAA',
      },
      Id: '0015e0000000001AAA',
      Name: 'Acme',
      Website: 'https://acme.example',
      Domain__c: 'acme.example',
      CreatedDate: NOW,
      LastModifiedDate: NOW,
    });
  });

  it('keeps the billing snapshot fields of an account, and clears the open balance sent as null', async () => {
    const path = '/services/data/v62.0/sobjects/Account/{id}';
    const params = { path: { id: '0015e0000000001AAA' } };
    const snapshot = {
      Last_Payment_Date__c: '2026-11-20',
      Last_Payment_Amount__c: 200.5,
      Last_Payment_Currency__c: 'EUR',
      Last_Payment_ERP_Id__c: '1003',
    };
    const written = await client.PATCH(path, { params, body: { ...snapshot, Open_Balance__c: 0 } });
    const cleared = await client.PATCH(path, { params, body: { Open_Balance__c: null } });
    const read = await client.GET(path, { params });

    expect([written.response.status, cleared.response.status]).toStrictEqual([204, 204]);
    expect(read.data).toStrictEqual({
      attributes: {
        type: 'Account',
        url: '/services/data/v62.0/sobjects/Account/0015e0000000001AAA',
      },
      Id: '0015e0000000001AAA',
      Name: 'Acme',
      Website: 'https://acme.example',
      Domain__c: 'acme.example',
      ...snapshot,
      Open_Balance__c: null,
      CreatedDate: NOW,
      LastModifiedDate: NOW,
    });
  });

  it('creates a closed-won opportunity and derives IsClosed and IsWon', async () => {
    const created = await client.POST('/services/data/v62.0/sobjects/Opportunity', {
      body: {
        AccountId: '0015e0000000001AAA',
        Name: 'Acme - Premium - web',
        StageName: 'Closed Won',
        CloseDate: '2026-11-05',
        Subscription_Number__c: 'A-S00000001',
      },
    });
    const { data } = await client.GET('/services/data/v62.0/sobjects/Opportunity/{id}', {
      params: { path: { id: created.data?.id ?? '' } },
    });

    expect([data?.StageName, data?.IsClosed, data?.IsWon]).toStrictEqual([
      'Closed Won',
      true,
      true,
    ]);
  });

  it('finds an account by domain and a contact by e-mail through SOQL', async () => {
    await client.POST('/services/data/v62.0/sobjects/Contact', {
      body: { AccountId: '0015e0000000001AAA', LastName: 'Schmidt', Email: 'jana@acme.example' },
    });
    const query = async (q: string) =>
      (await client.GET('/services/data/v62.0/query', { params: { query: { q } } })).data;

    expect(
      await query("SELECT Id, Name FROM Account WHERE Domain__c = 'acme.example' LIMIT 1"),
    ).toStrictEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: {
            type: 'Account',
            url: '/services/data/v62.0/sobjects/Account/0015e0000000001AAA',
          },
          Id: '0015e0000000001AAA',
          Name: 'Acme',
        },
      ],
    });
    const contacts = await query("SELECT AccountId FROM Contact WHERE Email = 'jana@acme.example'");
    expect(contacts?.records.map((record) => record.AccountId)).toStrictEqual([
      '0015e0000000001AAA',
    ]);
    expect(
      (await query("SELECT Id FROM Account WHERE Domain__c = 'none.example'"))?.totalSize,
    ).toBe(0);
  });

  it.each([
    {
      title: 'an opportunity without a close date',
      method: 'POST',
      path: '/services/data/v62.0/sobjects/Opportunity',
      body: { Name: 'X', StageName: 'Prospecting' },
      want: [
        {
          message: "request/body must have required property 'CloseDate'",
          errorCode: 'INVALID_FIELD',
          fields: [],
        },
      ],
    },
    {
      title: 'an upsert that repeats its external-id field',
      method: 'PATCH',
      path: '/services/data/v62.0/sobjects/Account/Domain__c/acme.example',
      body: { Domain__c: 'acme.example' },
      want: [
        {
          message: 'The body repeats the external-id field Domain__c; leave it out.',
          errorCode: 'INVALID_FIELD',
          fields: [],
        },
      ],
    },
    {
      title: 'an account field the CRM does not have',
      method: 'POST',
      path: '/services/data/v62.0/sobjects/Account',
      body: { Name: 'Acme', Last_Payment_Note__c: 'paid by wire' },
      want: [
        {
          message:
            "No such column 'Last_Payment_Note__c' on sobject of type Account; expected one of " +
            'Name, Type, ParentId, Website, Domain__c, Billing_Account_Number__c, BillingStreet, ' +
            'BillingCity, BillingState, BillingPostalCode, BillingCountry, OwnerId, ' +
            'Last_Payment_Date__c, Last_Payment_Amount__c, Last_Payment_Currency__c, ' +
            'Last_Payment_ERP_Id__c, Open_Balance__c.',
          errorCode: 'INVALID_FIELD',
          fields: [],
        },
      ],
    },
    {
      title: 'a query the tenant cannot run',
      method: 'GET',
      path: '/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Lead',
      body: undefined,
      want: [
        {
          message: "This tenant cannot run the query 'SELECT Id FROM Lead'.",
          errorCode: 'INVALID_FIELD',
          fields: [],
        },
      ],
    },
  ])('refuses $title with 400 and the CRM error body', async ({ method, path, body, want }) => {
    const response = await fetch(`${crm.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

    expect([response.status, await response.json()]).toStrictEqual([400, want]);
  });

  it('answers an unknown record id with 404 and records the call', async () => {
    const { response } = await client.GET('/services/data/v62.0/sobjects/Account/{id}', {
      params: { path: { id: '001000000000000AAA' } },
    });

    expect(response.status).toBe(404);
    expect(crm.calls.at(-1)).toStrictEqual({
      method: 'GET',
      path: '/services/data/v62.0/sobjects/Account/001000000000000AAA',
      query: {},
      body: undefined,
    });
  });
});

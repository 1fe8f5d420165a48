import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

import { createSalesV1Client } from '../../../generated/sales-v1/client.js';
import {
  JSON_CONTENT_TYPE,
  locationOf,
  notFoundProblem,
  pageOf,
  PROBLEM_CONTENT_TYPE,
  timestamp,
  validationProblem,
  withTimestamps,
} from '../../support/matchers.js';
import { settled, startPact } from '../../support/pact-files.js';
import { MISSING_ID, SALES_ACCOUNT } from '../../support/records.js';
import {
  createCrmAccount,
  crmAccountOfDomain,
  isCustomer,
  promoteToCustomer,
} from './billing-adapter-crm-link.js';

const pact = startPact('billing-adapter', 'sales-v1');
const BASE = '/sales/v1/accounts';
const STORED = `a CRM account with id ${SALES_ACCOUNT.accountId}`;
const BUYER = { company: 'Initech AG', domain: 'initech.example', email: 'buyer@initech.example' };

describe('the billing adapter against sales v1 accounts', () => {
  it('finds the CRM account of a web domain', async () => {
    await pact
      .addInteraction()
      .given(STORED, { accountId: SALES_ACCOUNT.accountId })
      .uponReceiving('a list of the CRM accounts of one website')
      .withRequest('GET', BASE, (request) => request.query({ website: SALES_ACCOUNT.website }))
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(SALES_ACCOUNT))),
      )
      .executeTest(
        settled(async (mock) => {
          const found = await crmAccountOfDomain(
            createSalesV1Client(mock.url),
            SALES_ACCOUNT.website,
          );
          expect(found).toStrictEqual({ ok: true, value: SALES_ACCOUNT.accountId });
        }),
      );
  });

  it('reads whether a CRM account is a customer', async () => {
    await pact
      .addInteraction()
      .given(STORED, { accountId: SALES_ACCOUNT.accountId })
      .uponReceiving('a request for one CRM account')
      .withRequest('GET', `${BASE}/${SALES_ACCOUNT.accountId}`)
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(withTimestamps(SALES_ACCOUNT)),
      )
      .executeTest(
        settled(async (mock) => {
          const customer = await isCustomer(createSalesV1Client(mock.url), SALES_ACCOUNT.accountId);
          expect(customer).toStrictEqual({ ok: true, value: true });
        }),
      );
  });

  it('creates the CRM account of a self-service buyer', async () => {
    const id = 'e8f9a0b1-c2d3-4e4f-9a5b-6c7d8e9f0a1b';
    const body = {
      name: BUYER.company,
      website: BUYER.domain,
      type: 'Prospect',
      ownerEmail: BUYER.email,
    };
    await pact
      .addInteraction()
      .uponReceiving('a new CRM account for a self-service buyer')
      .withRequest('POST', BASE, (request) =>
        request.headers({ 'Content-Type': 'application/json' }).jsonBody(body),
      )
      .willRespondWith(201, (response) =>
        response
          .headers({
            'Content-Type': JSON_CONTENT_TYPE,
            Location: locationOf(BASE, `${BASE}/${id}`),
          })
          .jsonBody({
            ...body,
            accountId: MatchersV3.uuid(id),
            createdAt: timestamp('2026-11-20T10:00:00.000Z'),
            updatedAt: timestamp('2026-11-20T10:00:00.000Z'),
          }),
      )
      .executeTest(
        settled(async (mock) => {
          const created = await createCrmAccount(createSalesV1Client(mock.url), BUYER);
          expect(created).toStrictEqual({ ok: true, value: id });
        }),
      );
  });

  it('promotes a CRM account to customer with a merge patch', async () => {
    await pact
      .addInteraction()
      .given(STORED, { accountId: SALES_ACCOUNT.accountId })
      .uponReceiving('a merge patch that makes a CRM account a customer')
      .withRequest('PATCH', `${BASE}/${SALES_ACCOUNT.accountId}`, (request) =>
        request
          .headers({ 'Content-Type': 'application/merge-patch+json' })
          .jsonBody({ type: 'Customer' }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(withTimestamps({ ...SALES_ACCOUNT, updatedAt: '2026-11-21T08:00:00.000Z' })),
      )
      .executeTest(
        settled(async (mock) => {
          const type = await promoteToCustomer(
            createSalesV1Client(mock.url),
            SALES_ACCOUNT.accountId,
          );
          expect(type).toStrictEqual({ ok: true, value: 'Customer' });
        }),
      );
  });

  it('reports a missing CRM account as not-found', async () => {
    await pact
      .addInteraction()
      .given(`no CRM account with id ${MISSING_ID}`, { accountId: MISSING_ID })
      .uponReceiving('a request for a CRM account that does not exist')
      .withRequest('GET', `${BASE}/${MISSING_ID}`)
      .willRespondWith(404, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            notFoundProblem(`${BASE}/${MISSING_ID}`, `No account has accountId '${MISSING_ID}'.`),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const customer = await isCustomer(createSalesV1Client(mock.url), MISSING_ID);
          expect(customer).toStrictEqual({
            ok: false,
            status: 404,
            code: 'not-found',
            pointers: [],
          });
        }),
      );
  });

  it('reports a buyer without a company name as a validation problem on name', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a new CRM account with an empty name')
      .withRequest('POST', BASE, (request) =>
        request
          .headers({ 'Content-Type': 'application/json' })
          .jsonBody({ name: '', website: BUYER.domain, type: 'Prospect', ownerEmail: BUYER.email }),
      )
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(validationProblem(BASE, '/name', 'must NOT have fewer than 1 characters')),
      )
      .executeTest(
        settled(async (mock) => {
          const created = await createCrmAccount(createSalesV1Client(mock.url), {
            ...BUYER,
            company: '',
          });
          expect(created).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/name'],
          });
        }),
      );
  });
});

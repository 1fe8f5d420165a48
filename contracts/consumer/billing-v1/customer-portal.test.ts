import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

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
import { BILLING_ACCOUNT, MISSING_ACCOUNT_NUMBER } from '../../support/records.js';
import {
  accountNumbersOf,
  billingClient,
  enableAutoPay,
  invoiceRecipient,
  openAccount,
} from './customer-portal-billing.js';

const pact = startPact('customer-portal', 'billing-v1');
const BASE = '/billing/v1/accounts';
const STORED = `a billing account with number ${BILLING_ACCOUNT.accountNumber}`;
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzY29wZSI6ImJpbGxpbmcucmVhZCJ9.c2lnbmF0dXJl';
/** Any bearer token: the provider verifies with a token its own token endpoint issued. */
const BEARER = { Authorization: MatchersV3.regex(/^Bearer \S+$/, `Bearer ${TOKEN}`) };
const BILL_TO = {
  firstName: 'Lena',
  lastName: 'Huber',
  workEmail: 'lena.huber@hooli-austria.example',
  address: { line1: 'Hauptstrasse 5', city: 'Wien', postalCode: '1010', country: 'AT' },
};

describe('the customer portal against billing v1 accounts', () => {
  it('lists the account numbers of a CRM account', async () => {
    await pact
      .addInteraction()
      .given(STORED, { accountNumber: BILLING_ACCOUNT.accountNumber })
      .uponReceiving('a list of the billing accounts of one CRM account')
      .withRequest('GET', BASE, (request) =>
        request.headers(BEARER).query({ crmId: BILLING_ACCOUNT.crmId }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(BILLING_ACCOUNT))),
      )
      .executeTest(
        settled(async (mock) => {
          const numbers = await accountNumbersOf(
            billingClient(mock.url, TOKEN),
            BILLING_ACCOUNT.crmId,
          );
          expect(numbers).toStrictEqual({ ok: true, value: ['A00012345'] });
        }),
      );
  });

  it('shows who receives the invoices of an account', async () => {
    await pact
      .addInteraction()
      .given(STORED, { accountNumber: BILLING_ACCOUNT.accountNumber })
      .uponReceiving('a request for one billing account')
      .withRequest('GET', `${BASE}/${BILLING_ACCOUNT.accountNumber}`, (request) =>
        request.headers(BEARER),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(withTimestamps(BILLING_ACCOUNT)),
      )
      .executeTest(
        settled(async (mock) => {
          const client = billingClient(mock.url, TOKEN);
          const recipient = await invoiceRecipient(client, BILLING_ACCOUNT.accountNumber);
          expect(recipient).toStrictEqual({
            ok: true,
            value: 'Jana Becker <jana.becker@acme-robotics.example>',
          });
        }),
      );
  });

  it('opens a billing account at checkout', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a new billing account opened at checkout')
      .withRequest('POST', BASE, (request) =>
        request
          .headers({ ...BEARER, 'Content-Type': 'application/json' })
          .jsonBody({ name: 'Hooli Austria GmbH', currency: 'EUR', billToContact: BILL_TO }),
      )
      .willRespondWith(201, (response) =>
        response
          .headers({
            'Content-Type': JSON_CONTENT_TYPE,
            Location: locationOf(BASE, `${BASE}/A00000001`),
          })
          .jsonBody({
            accountNumber: MatchersV3.regex(/^A[0-9]{8}$/, 'A00000001'),
            name: 'Hooli Austria GmbH',
            currency: 'EUR',
            billCycleDay: 1,
            paymentTerm: 'Net 30',
            autoPay: false,
            billToContact: BILL_TO,
            soldToContact: BILL_TO,
            status: 'Active',
            createdAt: timestamp('2026-11-20T10:00:00.000Z'),
            updatedAt: timestamp('2026-11-20T10:00:00.000Z'),
          }),
      )
      .executeTest(
        settled(async (mock) => {
          const opened = await openAccount(
            billingClient(mock.url, TOKEN),
            'Hooli Austria GmbH',
            BILL_TO,
          );
          expect(opened).toStrictEqual({ ok: true, value: 'A00000001 Active' });
        }),
      );
  });

  it('turns automatic payment on with a merge patch', async () => {
    await pact
      .addInteraction()
      .given(STORED, { accountNumber: BILLING_ACCOUNT.accountNumber })
      .uponReceiving('a merge patch that turns automatic payment on')
      .withRequest('PATCH', `${BASE}/${BILLING_ACCOUNT.accountNumber}`, (request) =>
        request
          .headers({ ...BEARER, 'Content-Type': 'application/merge-patch+json' })
          .jsonBody({ autoPay: true, paymentTerm: 'Due Upon Receipt' }),
      )
      .willRespondWith(200, (response) =>
        response.headers({ 'Content-Type': JSON_CONTENT_TYPE }).jsonBody(
          withTimestamps({
            ...BILLING_ACCOUNT,
            autoPay: true,
            paymentTerm: 'Due Upon Receipt',
            updatedAt: '2026-11-21T08:00:00.000Z',
          }),
        ),
      )
      .executeTest(
        settled(async (mock) => {
          const client = billingClient(mock.url, TOKEN);
          const terms = await enableAutoPay(client, BILLING_ACCOUNT.accountNumber);
          expect(terms).toStrictEqual({ ok: true, value: 'Due Upon Receipt, autoPay true' });
        }),
      );
  });

  it('reports a missing account as not-found', async () => {
    await pact
      .addInteraction()
      .given(`no billing account with number ${MISSING_ACCOUNT_NUMBER}`, {
        accountNumber: MISSING_ACCOUNT_NUMBER,
      })
      .uponReceiving('a request for a billing account that does not exist')
      .withRequest('GET', `${BASE}/${MISSING_ACCOUNT_NUMBER}`, (request) => request.headers(BEARER))
      .willRespondWith(404, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            notFoundProblem(
              `${BASE}/${MISSING_ACCOUNT_NUMBER}`,
              `No billing account has accountNumber '${MISSING_ACCOUNT_NUMBER}'.`,
            ),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const client = billingClient(mock.url, TOKEN);
          const recipient = await invoiceRecipient(client, MISSING_ACCOUNT_NUMBER);
          expect(recipient).toStrictEqual({
            ok: false,
            status: 404,
            code: 'not-found',
            pointers: [],
          });
        }),
      );
  });

  it('reports a bill-to e-mail that is not an address as a validation problem', async () => {
    const billTo = { ...BILL_TO, workEmail: 'lena.huber' };
    await pact
      .addInteraction()
      .uponReceiving('a new billing account whose bill-to e-mail is not an e-mail address')
      .withRequest('POST', BASE, (request) =>
        request
          .headers({ ...BEARER, 'Content-Type': 'application/json' })
          .jsonBody({ name: 'Hooli Austria GmbH', currency: 'EUR', billToContact: billTo }),
      )
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            validationProblem(BASE, '/billToContact/workEmail', 'must match format "email"'),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const opened = await openAccount(
            billingClient(mock.url, TOKEN),
            'Hooli Austria GmbH',
            billTo,
          );
          expect(opened).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/billToContact/workEmail'],
          });
        }),
      );
  });
});

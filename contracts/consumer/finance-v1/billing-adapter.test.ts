import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

import { createFinanceV1Client } from '../../../generated/finance-v1/client.js';
import {
  JSON_CONTENT_TYPE,
  locationOf,
  notFoundProblem,
  pageOf,
  PROBLEM_CONTENT_TYPE,
  ruleProblem,
  timestamp,
  validationProblem,
  withTimestamps,
} from '../../support/matchers.js';
import { settled, startPact } from '../../support/pact-files.js';
import { FINANCE_CUSTOMER, FINANCE_INVOICE, MISSING_INTERNAL_ID } from '../../support/records.js';
import {
  erpCustomerOf,
  mirrorInvoice,
  openAmountOf,
  postJournalRun,
} from './billing-adapter-erp.js';
import type { BillingInvoice, JournalRun } from './billing-adapter-erp.js';

const pact = startPact('billing-adapter', 'finance-v1');
const BASE = '/finance/v1';
const JSON_BODY = { 'Content-Type': 'application/json' };
const POSTED: BillingInvoice = {
  invoiceNumber: 'INV00023457',
  customerId: FINANCE_CUSTOMER.internalId,
  invoiceDate: '2026-12-15',
  dueDate: '2027-01-14',
  currency: 'EUR',
  lines: [{ item: 'premium-saas', quantity: 5, rate: '1100.00', amount: '5500.00' }],
  total: '5500.00',
};
const UNBALANCED: JournalRun = {
  number: 'JE-00000413',
  period: 'Dec 2026',
  runDate: '2026-12-31',
  lines: [
    { account: '1200', debit: '27500.00' },
    { account: '4000', credit: '27000.00' },
  ],
};

/** The body `mirrorInvoice` sends for an invoice. */
function invoiceBody(invoice: BillingInvoice) {
  return {
    externalId: invoice.invoiceNumber,
    tranId: invoice.invoiceNumber,
    entity: invoice.customerId,
    tranDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    subsidiary: 'Junction B.V.',
    currency: invoice.currency,
    item: invoice.lines,
    total: { amount: invoice.total, currency: invoice.currency },
  };
}

describe('the billing adapter against finance v1', () => {
  it('finds the ERP customer of a billing account', async () => {
    await pact
      .addInteraction()
      .given(`an ERP customer with external id ${FINANCE_CUSTOMER.externalId}`, {
        internalId: FINANCE_CUSTOMER.internalId,
      })
      .uponReceiving('a list of the ERP customers of one billing account')
      .withRequest('GET', `${BASE}/customers`, (request) =>
        request.query({ externalId: FINANCE_CUSTOMER.externalId }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(FINANCE_CUSTOMER))),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createFinanceV1Client(mock.url);
          const found = await erpCustomerOf(client, FINANCE_CUSTOMER.externalId);
          expect(found).toStrictEqual({ ok: true, value: '1042' });
        }),
      );
  });

  it('reads what a mirrored invoice still asks of the customer', async () => {
    await pact
      .addInteraction()
      .given(`an ERP invoice with internal id ${FINANCE_INVOICE.internalId}`, {
        internalId: FINANCE_INVOICE.internalId,
      })
      .uponReceiving('a request for one ERP invoice')
      .withRequest('GET', `${BASE}/invoices/${FINANCE_INVOICE.internalId}`)
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(withTimestamps(FINANCE_INVOICE)),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createFinanceV1Client(mock.url);
          const open = await openAmountOf(client, FINANCE_INVOICE.internalId);
          expect(open).toStrictEqual({ ok: true, value: '27500.00 EUR Open' });
        }),
      );
  });

  it('mirrors a posted billing invoice, open for its whole total', async () => {
    const body = invoiceBody(POSTED);
    await pact
      .addInteraction()
      .uponReceiving('a posted billing invoice mirrored to the ERP')
      .withRequest('POST', `${BASE}/invoices`, (request) =>
        request.headers(JSON_BODY).jsonBody(body),
      )
      .willRespondWith(201, (response) =>
        response
          .headers({
            'Content-Type': JSON_CONTENT_TYPE,
            Location: locationOf(`${BASE}/invoices`, `${BASE}/invoices/20872`),
          })
          .jsonBody({
            ...body,
            internalId: MatchersV3.regex(/^[1-9][0-9]{0,17}$/, '20872'),
            amountRemaining: body.total,
            status: 'Open',
            createdAt: timestamp('2026-12-15T02:00:00.000Z'),
            updatedAt: timestamp('2026-12-15T02:00:00.000Z'),
          }),
      )
      .executeTest(
        settled(async (mock) => {
          const mirrored = await mirrorInvoice(createFinanceV1Client(mock.url), POSTED);
          expect(mirrored).toStrictEqual({ ok: true, value: '20872 Open' });
        }),
      );
  });

  it('reports a journal run whose lines do not balance as journal-unbalanced', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a journal entry whose debits exceed its credits')
      .withRequest('POST', `${BASE}/journal-entries`, (request) =>
        request.headers(JSON_BODY).jsonBody({
          externalId: UNBALANCED.number,
          tranId: UNBALANCED.number,
          tranDate: UNBALANCED.runDate,
          postingPeriod: UNBALANCED.period,
          subsidiary: 'Junction B.V.',
          currency: 'EUR',
          line: UNBALANCED.lines,
        }),
      )
      .willRespondWith(422, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            ruleProblem(
              `${BASE}/journal-entries`,
              'journal-unbalanced',
              'The journal entry lines do not balance',
              'expected the debits to equal the credits, got debits 27500.00 and credits 27000.00',
            ),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const posted = await postJournalRun(createFinanceV1Client(mock.url), UNBALANCED);
          expect(posted).toStrictEqual({
            ok: false,
            status: 422,
            code: 'journal-unbalanced',
            pointers: [],
          });
        }),
      );
  });

  it('reports a missing invoice as not-found', async () => {
    const path = `${BASE}/invoices/${MISSING_INTERNAL_ID}`;
    await pact
      .addInteraction()
      .given(`no ERP invoice with internal id ${MISSING_INTERNAL_ID}`, {
        internalId: MISSING_INTERNAL_ID,
      })
      .uponReceiving('a request for an ERP invoice that does not exist')
      .withRequest('GET', path)
      .willRespondWith(404, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(notFoundProblem(path, `No invoice has internalId '${MISSING_INTERNAL_ID}'.`)),
      )
      .executeTest(
        settled(async (mock) => {
          const open = await openAmountOf(createFinanceV1Client(mock.url), MISSING_INTERNAL_ID);
          expect(open).toStrictEqual({ ok: false, status: 404, code: 'not-found', pointers: [] });
        }),
      );
  });

  it('reports an invoice without lines as a validation problem on item', async () => {
    const empty = { ...POSTED, invoiceNumber: 'INV00023458', lines: [] };
    await pact
      .addInteraction()
      .uponReceiving('an invoice mirrored without lines')
      .withRequest('POST', `${BASE}/invoices`, (request) =>
        request.headers(JSON_BODY).jsonBody(invoiceBody(empty)),
      )
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            validationProblem(`${BASE}/invoices`, '/item', 'must NOT have fewer than 1 items'),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const mirrored = await mirrorInvoice(createFinanceV1Client(mock.url), empty);
          expect(mirrored).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/item'],
          });
        }),
      );
  });
});

import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

import { createStorefrontV1Client } from '../../../generated/storefront-v1/client.js';
import {
  JSON_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  ruleProblem,
  validationProblem,
} from '../../support/matchers.js';
import { settled, startPact } from '../../support/pact-files.js';
import { SELLABLE_PLAN, UNSOLD_PLAN_CODE } from '../../support/records.js';
import { completeCheckout } from './customer-portal-checkout.js';
import type { Checkout } from './customer-portal-checkout.js';

const pact = startPact('customer-portal', 'storefront-v1');
const PURCHASES = '/storefront/v1/purchases';
const JSON_BODY = { 'Content-Type': 'application/json' };
const CHECKOUT: Checkout = {
  checkoutId: 'chk_7Hq2LmXa91',
  buyer: {
    firstName: 'Lena',
    lastName: 'Huber',
    email: 'lena.huber@hooli-austria.example',
    country: 'AT',
  },
  organization: { name: 'Hooli Austria GmbH', domain: 'hooli-austria.example' },
  planCode: SELLABLE_PLAN.planCode,
  quantity: 25,
  deployment: 'saas',
  namespaceId: '81234567',
  paymentMethodToken: '8ad08e0184a4a4c30184b2d2c9d04711',
};

describe('the customer portal against the storefront v1 purchases', () => {
  it('turns a completed checkout into a subscription', async () => {
    await pact
      .addInteraction()
      .given(`the catalogue sells plan ${SELLABLE_PLAN.planCode}`, { id: SELLABLE_PLAN.id })
      .uponReceiving('a completed checkout of a plan the catalogue sells')
      .withRequest('POST', PURCHASES, (request) => request.headers(JSON_BODY).jsonBody(CHECKOUT))
      .willRespondWith(201, (response) =>
        response.headers({ 'Content-Type': JSON_CONTENT_TYPE }).jsonBody({
          checkoutId: CHECKOUT.checkoutId,
          subscriptionNumber: MatchersV3.regex(/^S-[0-9]{8}$/, 'S-00004567'),
          billingAccountId: MatchersV3.uuid('7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e'),
          accountNumber: MatchersV3.regex(/^A[0-9]{8}$/, 'A00012345'),
          flowRunId: MatchersV3.uuid('0f3c1d6f-8e21-4a7d-9c0b-3e37b2ad4f5e'),
          correlationId: MatchersV3.string('7d0c9a54-3e37-4f5e-b2ad-0f3c1d6f8e21'),
        }),
      )
      .executeTest(
        settled(async (mock) => {
          const purchased = await completeCheckout(createStorefrontV1Client(mock.url), CHECKOUT);
          expect(purchased).toStrictEqual({ ok: true, value: 'S-00004567 on account A00012345' });
        }),
      );
  });

  it('reports a plan the catalogue does not sell as unknown-plan', async () => {
    const checkout = { ...CHECKOUT, checkoutId: 'chk_8Jr3MnYb02', planCode: UNSOLD_PLAN_CODE };
    await pact
      .addInteraction()
      .given(`the catalogue does not sell plan ${UNSOLD_PLAN_CODE}`, { planCode: UNSOLD_PLAN_CODE })
      .uponReceiving('a completed checkout of a plan the catalogue does not sell')
      .withRequest('POST', PURCHASES, (request) => request.headers(JSON_BODY).jsonBody(checkout))
      .willRespondWith(422, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            ruleProblem(
              PURCHASES,
              'unknown-plan',
              'The plan is not in the catalogue',
              `Expected the code of an active plan in the catalogue, got '${UNSOLD_PLAN_CODE}'.`,
            ),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const purchased = await completeCheckout(createStorefrontV1Client(mock.url), checkout);
          expect(purchased).toStrictEqual({
            ok: false,
            status: 422,
            code: 'unknown-plan',
            pointers: [],
          });
        }),
      );
  });

  it('reports a SaaS checkout without a namespace as a validation problem on namespaceId', async () => {
    const checkout: Checkout = { ...CHECKOUT, checkoutId: 'chk_9Ks4NoZc13' };
    delete checkout.namespaceId;
    await pact
      .addInteraction()
      .uponReceiving('a completed SaaS checkout without a namespace')
      .withRequest('POST', PURCHASES, (request) => request.headers(JSON_BODY).jsonBody(checkout))
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            validationProblem(
              PURCHASES,
              '/namespaceId',
              "expected a namespaceId for a 'saas' purchase, got none",
            ),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const purchased = await completeCheckout(createStorefrontV1Client(mock.url), checkout);
          expect(purchased).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/namespaceId'],
          });
        }),
      );
  });
});

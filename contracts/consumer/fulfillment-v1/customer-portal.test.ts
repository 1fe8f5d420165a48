import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

import { createFulfillmentV1Client } from '../../../generated/fulfillment-v1/client.js';
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
import { BILLING_SUBSCRIPTIONS, LICENSE, MISSING_ID, PORTAL_USER } from '../../support/records.js';
import {
  activeLicensesOf,
  issueLicense,
  licenseStatus,
  portalUserOf,
  signUp,
} from './customer-portal-licenses.js';

const pact = startPact('customer-portal', 'fulfillment-v1');
const BASE = '/fulfillment/v1';
const JSON_BODY = { 'Content-Type': 'application/json' };
const { active, cancelled } = BILLING_SUBSCRIPTIONS;
const NEW_LICENSE = {
  zuoraSubscriptionName: active.subscriptionNumber,
  planCode: 'ultimate' as const,
  usersCount: 30,
  startsAt: '2027-02-01',
  expiresAt: '2027-11-15',
};

describe('the customer portal against fulfillment v1', () => {
  it('finds the portal user who signs in with an e-mail address', async () => {
    await pact
      .addInteraction()
      .given(`a portal user with e-mail ${PORTAL_USER.email}`, { userId: PORTAL_USER.userId })
      .uponReceiving('a list of the portal users of one e-mail address')
      .withRequest('GET', `${BASE}/portal-users`, (request) =>
        request.query({ email: PORTAL_USER.email }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(PORTAL_USER))),
      )
      .executeTest(
        settled(async (mock) => {
          const found = await portalUserOf(createFulfillmentV1Client(mock.url), PORTAL_USER.email);
          expect(found).toStrictEqual({ ok: true, value: PORTAL_USER.userId });
        }),
      );
  });

  it('lists the licenses in force for a subscription', async () => {
    await pact
      .addInteraction()
      .given(`a license with id ${LICENSE.licenseId}`, { licenseId: LICENSE.licenseId })
      .uponReceiving('a list of the active licenses of one subscription')
      .withRequest('GET', `${BASE}/licenses`, (request) =>
        request.query({ zuoraSubscriptionName: LICENSE.zuoraSubscriptionName, status: 'active' }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(LICENSE))),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createFulfillmentV1Client(mock.url);
          const licenses = await activeLicensesOf(client, LICENSE.zuoraSubscriptionName);
          expect(licenses).toStrictEqual({
            ok: true,
            value: ['ultimate, 25 users until 2027-11-15'],
          });
        }),
      );
  });

  it('issues a license for a subscription that is active in billing', async () => {
    await pact
      .addInteraction()
      .given(`an Active billing subscription ${active.subscriptionNumber}`, active)
      .uponReceiving('a new license for an active subscription')
      .withRequest('POST', `${BASE}/licenses`, (request) =>
        request.headers(JSON_BODY).jsonBody(NEW_LICENSE),
      )
      .willRespondWith(201, (response) =>
        response
          .headers({
            'Content-Type': JSON_CONTENT_TYPE,
            Location: locationOf(`${BASE}/licenses`, `${BASE}/licenses/${LICENSE.licenseId}`),
          })
          .jsonBody({
            ...NEW_LICENSE,
            licenseId: MatchersV3.uuid(LICENSE.licenseId),
            trueupQuantity: 0,
            trial: false,
            status: 'active',
            createdAt: timestamp('2027-02-01T00:05:00.000Z'),
            updatedAt: timestamp('2027-02-01T00:05:00.000Z'),
          }),
      )
      .executeTest(
        settled(async (mock) => {
          const issued = await issueLicense(createFulfillmentV1Client(mock.url), NEW_LICENSE);
          expect(issued).toStrictEqual({ ok: true, value: 'active, true-up 0' });
        }),
      );
  });

  it('reports a license for a cancelled subscription as subscription-inactive', async () => {
    const license = { ...NEW_LICENSE, zuoraSubscriptionName: cancelled.subscriptionNumber };
    await pact
      .addInteraction()
      .given(`a Cancelled billing subscription ${cancelled.subscriptionNumber}`, cancelled)
      .uponReceiving('a new license for a cancelled subscription')
      .withRequest('POST', `${BASE}/licenses`, (request) =>
        request.headers(JSON_BODY).jsonBody(license),
      )
      .willRespondWith(422, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            ruleProblem(
              `${BASE}/licenses`,
              'subscription-inactive',
              'The subscription is not active in billing',
              `expected subscription ${cancelled.subscriptionNumber} to be active in billing, but it is Cancelled`,
            ),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const issued = await issueLicense(createFulfillmentV1Client(mock.url), license);
          expect(issued).toStrictEqual({
            ok: false,
            status: 422,
            code: 'subscription-inactive',
            pointers: [],
          });
        }),
      );
  });

  it('reports a missing license as not-found', async () => {
    const path = `${BASE}/licenses/${MISSING_ID}`;
    await pact
      .addInteraction()
      .given(`no license with id ${MISSING_ID}`, { licenseId: MISSING_ID })
      .uponReceiving('a request for a license that does not exist')
      .withRequest('GET', path)
      .willRespondWith(404, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(notFoundProblem(path, `No license has licenseId '${MISSING_ID}'.`)),
      )
      .executeTest(
        settled(async (mock) => {
          const status = await licenseStatus(createFulfillmentV1Client(mock.url), MISSING_ID);
          expect(status).toStrictEqual({ ok: false, status: 404, code: 'not-found', pointers: [] });
        }),
      );
  });

  it('reports a sign-up with a malformed e-mail address as a validation problem on email', async () => {
    const user = { email: 'lukas.schmidt', firstName: 'Lukas', lastName: 'Schmidt' };
    await pact
      .addInteraction()
      .uponReceiving('a new portal user with a malformed e-mail address')
      .withRequest('POST', `${BASE}/portal-users`, (request) =>
        request.headers(JSON_BODY).jsonBody(user),
      )
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            validationProblem(`${BASE}/portal-users`, '/email', 'must match format "email"'),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const signedUp = await signUp(createFulfillmentV1Client(mock.url), user);
          expect(signedUp).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/email'],
          });
        }),
      );
  });
});

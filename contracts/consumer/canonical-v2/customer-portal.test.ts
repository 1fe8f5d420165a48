import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

import { createCanonicalV2Client } from '../../../generated/canonical-v2/client.js';
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
import { MISSING_ID, ORGANIZATION_V2 } from '../../support/records.js';
import {
  billingAddressLine,
  companiesOfDomain,
  replaceAddresses,
  signUpCompany,
} from './customer-portal-organizations.js';

const pact = startPact('customer-portal', 'canonical-v2');
const BASE = '/canonical/v2/organizations';
const STORED = `an organization with id ${ORGANIZATION_V2.id}`;
const SIGN_UP_ADDRESSES = [
  { type: 'registered', line1: 'Hauptstrasse 5', city: 'Wien', postalCode: '1010', country: 'AT' },
  { type: 'billing', line1: 'Postfach 20', city: 'Wien', postalCode: '1011', country: 'AT' },
] as const;

describe('the customer portal against canonical v2 organizations', () => {
  it('lists the companies of a web domain', async () => {
    await pact
      .addInteraction()
      .given(STORED, { id: ORGANIZATION_V2.id })
      .uponReceiving('a list of the organizations of one domain, with typed addresses')
      .withRequest('GET', BASE, (request) => request.query({ domain: ORGANIZATION_V2.domain }))
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(ORGANIZATION_V2))),
      )
      .executeTest(
        settled(async (mock) => {
          const names = await companiesOfDomain(
            createCanonicalV2Client(mock.url),
            ORGANIZATION_V2.domain,
          );
          expect(names).toStrictEqual({ ok: true, value: ['Globex Logistics BV'] });
        }),
      );
  });

  it('shows the billing address of an organization', async () => {
    await pact
      .addInteraction()
      .given(STORED, { id: ORGANIZATION_V2.id })
      .uponReceiving('a request for one organization with typed addresses')
      .withRequest('GET', `${BASE}/${ORGANIZATION_V2.id}`)
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(withTimestamps(ORGANIZATION_V2)),
      )
      .executeTest(
        settled(async (mock) => {
          const line = await billingAddressLine(
            createCanonicalV2Client(mock.url),
            ORGANIZATION_V2.id,
          );
          expect(line).toStrictEqual({ ok: true, value: 'Postbus 100, 1000 AA Amsterdam, NL' });
        }),
      );
  });

  it('signs a company up with a registered and a billing address', async () => {
    const id = 'c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
    await pact
      .addInteraction()
      .uponReceiving('a new organization with a registered and a billing address')
      .withRequest('POST', BASE, (request) =>
        request
          .headers({ 'Content-Type': 'application/json' })
          .jsonBody({ legalName: 'Hooli Austria GmbH', addresses: SIGN_UP_ADDRESSES }),
      )
      .willRespondWith(201, (response) =>
        response
          .headers({
            'Content-Type': JSON_CONTENT_TYPE,
            Location: locationOf(BASE, `${BASE}/${id}`),
          })
          .jsonBody({
            id: MatchersV3.uuid(id),
            legalName: 'Hooli Austria GmbH',
            status: 'prospect',
            type: 'standard',
            addresses: SIGN_UP_ADDRESSES,
            externalRefs: [],
            createdAt: timestamp('2026-11-20T10:00:00.000Z'),
            updatedAt: timestamp('2026-11-20T10:00:00.000Z'),
          }),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createCanonicalV2Client(mock.url);
          const created = await signUpCompany(client, 'Hooli Austria GmbH', [...SIGN_UP_ADDRESSES]);
          expect(created).toStrictEqual({ ok: true, value: id });
        }),
      );
  });

  it('replaces the addresses of an organization with a merge patch', async () => {
    const addresses = [
      { type: 'registered', line1: 'Keizersgracht 1', city: 'Amsterdam', country: 'NL' },
      { type: 'shipping', line1: 'Havenweg 9', city: 'Rotterdam', country: 'NL' },
    ] as const;
    await pact
      .addInteraction()
      .given(STORED, { id: ORGANIZATION_V2.id })
      .uponReceiving('a merge patch that replaces the addresses of an organization')
      .withRequest('PATCH', `${BASE}/${ORGANIZATION_V2.id}`, (request) =>
        request.headers({ 'Content-Type': 'application/merge-patch+json' }).jsonBody({ addresses }),
      )
      .willRespondWith(200, (response) =>
        response.headers({ 'Content-Type': JSON_CONTENT_TYPE }).jsonBody(
          withTimestamps({
            ...ORGANIZATION_V2,
            addresses,
            updatedAt: '2026-11-21T08:00:00.000Z',
          }),
        ),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createCanonicalV2Client(mock.url);
          const types = await replaceAddresses(client, ORGANIZATION_V2.id, [...addresses]);
          expect(types).toStrictEqual({ ok: true, value: ['registered', 'shipping'] });
        }),
      );
  });

  it('reports a missing organization as not-found', async () => {
    await pact
      .addInteraction()
      .given(`no organization with id ${MISSING_ID}`, { id: MISSING_ID })
      .uponReceiving('a request for an organization that does not exist, in v2')
      .withRequest('GET', `${BASE}/${MISSING_ID}`)
      .willRespondWith(404, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            notFoundProblem(`${BASE}/${MISSING_ID}`, `No organization has id '${MISSING_ID}'.`),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const line = await billingAddressLine(createCanonicalV2Client(mock.url), MISSING_ID);
          expect(line).toStrictEqual({ ok: false, status: 404, code: 'not-found', pointers: [] });
        }),
      );
  });

  it('reports a second billing address as a validation problem on its type', async () => {
    const addresses = [
      { type: 'billing', line1: 'Hauptstrasse 5', city: 'Wien', country: 'AT' },
      { type: 'billing', line1: 'Postfach 20', city: 'Wien', country: 'AT' },
    ] as const;
    await pact
      .addInteraction()
      .uponReceiving('a new organization with two billing addresses')
      .withRequest('POST', BASE, (request) =>
        request
          .headers({ 'Content-Type': 'application/json' })
          .jsonBody({ legalName: 'Hooli Austria GmbH', addresses }),
      )
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(
            validationProblem(
              BASE,
              '/addresses/1/type',
              "must not repeat type 'billing' of /addresses/0; an organization has at most one billing address",
            ),
          ),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createCanonicalV2Client(mock.url);
          const created = await signUpCompany(client, 'Hooli Austria GmbH', [...addresses]);
          expect(created).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/addresses/1/type'],
          });
        }),
      );
  });
});

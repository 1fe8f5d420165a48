import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

import { createCanonicalV1Client } from '../../../generated/canonical-v1/client.js';
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
import { MISSING_ID, ORGANIZATION_V1 } from '../../support/records.js';
import {
  crmIdOf,
  findOrganizationByDomain,
  markCustomer,
  registerAccount,
} from './crm-adapter-sync.js';

const pact = startPact('crm-adapter', 'canonical-v1');
const BASE = '/canonical/v1/organizations';
const STORED = `an organization with id ${ORGANIZATION_V1.id}`;
const NEW_ACCOUNT = { id: '0015e00000NEWACAAO', name: 'Initech AG', website: 'initech.example' };

describe('the CRM adapter against canonical v1 organizations', () => {
  it('finds the organization of a web domain', async () => {
    await pact
      .addInteraction()
      .given(STORED, { id: ORGANIZATION_V1.id })
      .uponReceiving('a list of the organizations of one domain')
      .withRequest('GET', BASE, (request) => request.query({ domain: ORGANIZATION_V1.domain }))
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(pageOf(withTimestamps(ORGANIZATION_V1))),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createCanonicalV1Client(mock.url);
          const found = await findOrganizationByDomain(client, ORGANIZATION_V1.domain);
          expect(found).toStrictEqual({ ok: true, value: ORGANIZATION_V1.id });
        }),
      );
  });

  it('reads the CRM account id of an organization', async () => {
    await pact
      .addInteraction()
      .given(STORED, { id: ORGANIZATION_V1.id })
      .uponReceiving('a request for one organization')
      .withRequest('GET', `${BASE}/${ORGANIZATION_V1.id}`)
      .willRespondWith(200, (response) =>
        response
          .headers({ 'Content-Type': JSON_CONTENT_TYPE })
          .jsonBody(withTimestamps(ORGANIZATION_V1)),
      )
      .executeTest(
        settled(async (mock) => {
          const crmId = await crmIdOf(createCanonicalV1Client(mock.url), ORGANIZATION_V1.id);
          expect(crmId).toStrictEqual({ ok: true, value: '0015e00000ABCDeAAO' });
        }),
      );
  });

  it('registers a CRM account as a prospect organization', async () => {
    const body = {
      legalName: NEW_ACCOUNT.name,
      domain: NEW_ACCOUNT.website,
      externalRefs: [{ system: 'crm', type: 'Account', id: NEW_ACCOUNT.id }],
    };
    const id = 'b7e3c1d2-4a5f-4e6b-9c8d-7e6f5a4b3c2d';
    await pact
      .addInteraction()
      .uponReceiving('a new organization registered from a CRM account')
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
            id: MatchersV3.uuid(id),
            status: 'prospect',
            type: 'standard',
            addresses: [],
            createdAt: timestamp('2026-11-20T10:00:00.000Z'),
            updatedAt: timestamp('2026-11-20T10:00:00.000Z'),
          }),
      )
      .executeTest(
        settled(async (mock) => {
          const created = await registerAccount(createCanonicalV1Client(mock.url), NEW_ACCOUNT);
          expect(created).toStrictEqual({ ok: true, value: { id, status: 'prospect' } });
        }),
      );
  });

  it('marks an organization a large customer with a merge patch', async () => {
    await pact
      .addInteraction()
      .given(STORED, { id: ORGANIZATION_V1.id })
      .uponReceiving('a merge patch that makes an organization a large customer')
      .withRequest('PATCH', `${BASE}/${ORGANIZATION_V1.id}`, (request) =>
        request
          .headers({ 'Content-Type': 'application/merge-patch+json' })
          .jsonBody({ status: 'customer', segment: 'large' }),
      )
      .willRespondWith(200, (response) =>
        response.headers({ 'Content-Type': JSON_CONTENT_TYPE }).jsonBody(
          withTimestamps({
            ...ORGANIZATION_V1,
            status: 'customer',
            segment: 'large',
            updatedAt: '2026-11-21T08:00:00.000Z',
          }),
        ),
      )
      .executeTest(
        settled(async (mock) => {
          const status = await markCustomer(createCanonicalV1Client(mock.url), ORGANIZATION_V1.id);
          expect(status).toStrictEqual({ ok: true, value: 'customer/large' });
        }),
      );
  });

  it('reports a missing organization as not-found', async () => {
    await pact
      .addInteraction()
      .given(`no organization with id ${MISSING_ID}`, { id: MISSING_ID })
      .uponReceiving('a request for an organization that does not exist')
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
          const crmId = await crmIdOf(createCanonicalV1Client(mock.url), MISSING_ID);
          expect(crmId).toStrictEqual({ ok: false, status: 404, code: 'not-found', pointers: [] });
        }),
      );
  });

  it('reports an account without a name as a validation problem on legalName', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a new organization with an empty legal name')
      .withRequest('POST', BASE, (request) =>
        request.headers({ 'Content-Type': 'application/json' }).jsonBody({
          legalName: '',
          domain: 'initech.example',
          externalRefs: [{ system: 'crm', type: 'Account', id: NEW_ACCOUNT.id }],
        }),
      )
      .willRespondWith(400, (response) =>
        response
          .headers({ 'Content-Type': PROBLEM_CONTENT_TYPE })
          .jsonBody(validationProblem(BASE, '/legalName', 'must NOT have fewer than 1 characters')),
      )
      .executeTest(
        settled(async (mock) => {
          const client = createCanonicalV1Client(mock.url);
          const created = await registerAccount(client, { ...NEW_ACCOUNT, name: '' });
          expect(created).toStrictEqual({
            ok: false,
            status: 400,
            code: 'validation-failed',
            pointers: ['/legalName'],
          });
        }),
      );
  });
});

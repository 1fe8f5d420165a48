import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSystem, type FakeStates, type FakeSystem } from '../../connectors/fakes/index.js';
import type { CloudEvent } from '../../events/envelope.js';
import { checkEvent } from '../../events/validation.js';
import { openStore, type Store } from '../../store/index.js';
import type { TestDatabase } from '../../store/test-databases.js';
import { testDialects } from '../../../test/running-app.js';
import { listFlowRuns, getFlowRun } from '../flow-runs.js';
import { crmLinkConsumer } from './crm-link.js';
import {
  createTestDatabase,
  eventsOf,
  purchase,
  seedCatalogue,
  theEvent,
} from './reference-fixtures.js';
import { createReferenceSystems, type ReferenceSystems } from './systems.js';

const CREATED = 'com.junction.canonical.subscription.created.v1';

describe.each(testDialects())('the CRM link flow (F2) on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let billing: FakeSystem<FakeStates['billing']>;
  let crm: FakeSystem<FakeStates['crm']>;
  let systems: ReferenceSystems;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.options);
    billing = await startFakeSystem('billing');
    crm = await startFakeSystem('crm');
    systems = createReferenceSystems({ billing: billing.url, crm: crm.url, erp: crm.url });
    await seedCatalogue(store);
  });
  afterAll(async () => {
    await crm.stop();
    await billing.stop();
    await store.close();
    await database.drop();
  });

  const handle = (event: CloudEvent) =>
    crmLinkConsumer({ store, systems }).handle(event, { attempt: 1 });

  it('creates the CRM account, writes its id back to billing and books one Closed Won opportunity', async () => {
    const answer = await purchase(store, systems, 'chk_crmlink001', 'corr-f2-new');
    const event = await theEvent(store, 'corr-f2-new', CREATED);
    const billingNumber = `A-S${answer.subscriptionNumber.slice(2)}`;
    const crmBefore = crm.calls.length;
    const billingBefore = billing.calls.length;

    await handle(event);
    await handle(event);

    expect(
      crm.calls.slice(crmBefore).map((call) => [call.method, call.path, call.query]),
    ).toStrictEqual([
      [
        'GET',
        '/services/data/v62.0/query',
        { q: "SELECT Id FROM Account WHERE Domain__c = 'acme-robotics.example' LIMIT 1" },
      ],
      [
        'GET',
        '/services/data/v62.0/query',
        {
          q: "SELECT Id, AccountId FROM Contact WHERE Email = 'jana.becker@acme-robotics.example' LIMIT 1",
        },
      ],
      ['POST', '/services/data/v62.0/sobjects/Account', {}],
      [
        'PATCH',
        `/services/data/v62.0/sobjects/Opportunity/Subscription_Number__c/${billingNumber}`,
        {},
      ],
    ]);
    const [crmAccount] = [...crm.state.Account.values()];
    expect(crmAccount).toMatchObject({
      Name: 'Acme Robotics GmbH',
      Type: 'Customer',
      Domain__c: 'acme-robotics.example',
      Billing_Account_Number__c: answer.accountNumber,
    });
    expect(
      billing.calls.slice(billingBefore).map((call) => [call.method, call.path, call.body]),
    ).toStrictEqual([
      ['GET', `/v1/accounts/${answer.accountNumber}`, undefined],
      ['PUT', `/v1/accounts/${answer.accountNumber}`, { crmId: crmAccount!.Id }],
    ]);

    const opportunities = [...crm.state.Opportunity.values()];
    expect(opportunities).toHaveLength(1);
    expect(opportunities[0]).toMatchObject({
      AccountId: crmAccount!.Id,
      Name: `Acme Robotics GmbH - ${answer.subscriptionNumber} - web`,
      StageName: 'Closed Won',
      IsWon: true,
      Amount: 8700,
      CurrencyIsoCode: 'USD',
      Type: 'New Business',
      Subscription_Number__c: billingNumber,
    });

    const account = await store.records('canonical_billing_accounts').get(answer.billingAccountId);
    expect(account?.externalRefs).toContainEqual({
      system: 'crm',
      type: 'Account',
      id: crmAccount!.Id,
    });
    const updated = (await eventsOf(store, 'corr-f2-new')).filter(
      (candidate) => candidate.type === 'com.junction.canonical.billing-account.updated.v1',
    );
    expect(
      updated.map((candidate) => [candidate.subject, candidate.causationid, checkEvent(candidate)]),
    ).toStrictEqual([[`billing-accounts/${answer.billingAccountId}`, event.id, undefined]]);

    const runs = await listFlowRuns(store, {
      flow: 'crm-link',
      correlationId: 'corr-f2-new',
      limit: 10,
    });
    expect(runs.items.map((run) => run.status)).toStrictEqual(['completed']);
    const detail = await getFlowRun(store, runs.items[0]!.id);
    expect(detail?.steps.map((step) => [step.step, step.system, step.status])).toStrictEqual([
      ['load-billing-account', 'junction', 'completed'],
      ['read-billing-account', 'billing-system', 'completed'],
      ['find-or-create-crm-account', 'crm-system', 'completed'],
      ['link-billing-account', 'billing-system', 'completed'],
      ['record-crm-link', 'junction', 'completed'],
      ['upsert-opportunity', 'crm-system', 'completed'],
    ]);
  });

  it('books no second opportunity when the same subscription arrives as another event', async () => {
    const answer = await purchase(store, systems, 'chk_crmlink002', 'corr-f2-twice');
    const event = await theEvent(store, 'corr-f2-twice', CREATED);
    await handle(event);
    const opportunities = crm.state.Opportunity.size;
    await handle({ ...event, id: `${event.id}-redelivered` });
    expect(crm.state.Opportunity.size).toBe(opportunities);
    const runs = await listFlowRuns(store, {
      flow: 'crm-link',
      correlationId: 'corr-f2-twice',
      limit: 10,
    });
    const detail = await getFlowRun(store, runs.items[0]!.id);
    expect(
      detail?.steps.find((step) => step.step === 'find-or-create-crm-account')?.output,
    ).toMatchObject({
      matchedBy: 'billing-account',
    });
    expect(detail?.steps.find((step) => step.step === 'upsert-opportunity')?.output).toMatchObject({
      created: false,
    });
    expect(answer.subscriptionNumber).toMatch(/^S-/);
  });

  it('links to the CRM account that already has the organization domain', async () => {
    const answer = await purchase(store, systems, 'chk_crmlink003', 'corr-f2-domain', {
      organization: { name: 'Globex Corporation', domain: 'globex.example' },
    });
    const now = '2026-11-01T00:00:00.000+0000';
    const id = '0015e00000GLOBEXAA';
    crm.state.Account.set(id, {
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` },
      Id: id,
      Name: 'Globex Corp',
      Domain__c: 'globex.example',
      CreatedDate: now,
      LastModifiedDate: now,
    });
    const accounts = crm.state.Account.size;
    await handle(await theEvent(store, 'corr-f2-domain', CREATED));
    expect(crm.state.Account.size).toBe(accounts);
    const linked = billing.calls.filter(
      (call) => call.method === 'PUT' && call.path === `/v1/accounts/${answer.accountNumber}`,
    );
    expect(linked.at(-1)?.body).toStrictEqual({ crmId: id });
  });
});

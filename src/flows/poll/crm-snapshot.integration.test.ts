import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBillingSystemV1Client } from '../../../generated/billing-system-v1/client.js';
import {
  createCrmSystemV1Client,
  type CrmSystemV1Client,
} from '../../../generated/crm-system-v1/client.js';
import {
  createErpSystemV1Client,
  type ErpSystemV1Client,
} from '../../../generated/erp-system-v1/client.js';
import {
  startFakeSystem,
  type BillingState,
  type CrmState,
  type ErpState,
  type FakeSystem,
} from '../../connectors/fakes/index.js';
import { listDeadLetters } from '../../events/dead-letters.js';
import { createLogger } from '../../observability/logger.js';
import { openStore, type Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import { withService } from '../../../test/services.js';
import { snapshotPaymentsInCrm } from './crm-snapshot.js';
import { importErpPayment } from './erp-payments.js';
import { listFollowUps } from './follow-ups.js';
import { pollOnce, type Poller, type PollDependencies } from './poll-once.js';
import { readPollerState } from './poller-states.js';
import { POLL_SOURCES } from './sources.js';
import { erpPaymentsPoller } from './test-pollers.js';

const CONFIG = erpPaymentsPoller();
const ACME = { accountNumber: 'A00012345', name: 'Acme Robotics GmbH' };
const GLOBEX = { accountNumber: 'A00067890', name: 'Globex Corporation' };
const ACCOUNT_PATH = '/services/data/v62.0/sobjects/Account';

function poller(): Poller {
  const source = POLL_SOURCES['erp-system-v1']?.listCustomerPayments;
  if (source === undefined) throw new Error('expected the ERP payments source');
  const followUp = snapshotPaymentsInCrm;
  return { name: 'erp-payments', config: CONFIG, source, handler: importErpPayment, followUp };
}

function crmSnapshotSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`flow F7's CRM billing snapshot on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let erp: FakeSystem<ErpState>;
    let billing: FakeSystem<BillingState>;
    let crm: FakeSystem<CrmState>;
    let erpClient: ErpSystemV1Client;
    let crmClient: CrmSystemV1Client;
    let clock = new Date('2026-11-20T14:00:00Z');
    let dependencies: PollDependencies;
    const logs: Record<string, unknown>[] = [];
    const crmIds = { acme: '', globex: '' };

    /** Records a payment in the ERP at `time`, dated `tranDate`; resolves to its internal id. */
    const recordPayment = async (
      externalId: string,
      customer: string,
      payment: { time: string; tranDate: string; amount: number },
    ) => {
      clock = new Date(payment.time);
      await erpClient.PUT('/services/rest/record/v1/customerPayment/{id}', {
        params: { path: { id: `eid:${externalId}` } },
        body: {
          customer: { externalId: customer },
          tranId: externalId,
          payment: payment.amount,
          tranDate: payment.tranDate,
          paymentMethod: { id: '3' },
        },
      });
      return erpIdOf(externalId);
    };
    const erpIdOf = (externalId: string) =>
      [...erp.state.customerPayment.values()].find((p) => p.externalId === externalId)?.id ?? '';
    const crmAccount = (id: string) => crm.state.Account.get(id);
    const crmCallsSince = (start: number) =>
      crm.calls.slice(start).map((call) => [call.method, call.path, call.body]);
    const pending = () =>
      listFollowUps(store, { poller: 'erp-payments', step: 'crm-snapshot', limit: 50 });
    const canonicalPayments = async () =>
      (await store.records('canonical_payments').list({ limit: 50, filters: {} })).items;

    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      erp = await startFakeSystem('erp', { now: () => clock });
      billing = await startFakeSystem('billing');
      crm = await startFakeSystem('crm', { now: () => clock });
      erpClient = createErpSystemV1Client(erp.url);
      crmClient = createCrmSystemV1Client(crm.url);
      const env = {
        ERP_SYSTEM_URL: erp.url,
        BILLING_SYSTEM_URL: billing.url,
        CRM_SYSTEM_URL: crm.url,
      };
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          }
          done();
        },
      });
      const logger = createLogger('info', sink);
      dependencies = { store, logger, env, holder: 'process-a', now: () => clock };

      const createCrmAccount = async (name: string) =>
        (await crmClient.POST(ACCOUNT_PATH, { body: { Name: name, Type: 'Customer' } })).data?.id;
      crmIds.acme = (await createCrmAccount(ACME.name)) ?? '';
      crmIds.globex = (await createCrmAccount(GLOBEX.name)) ?? '';
      await seedCustomer(ACME, crmIds.acme, '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e');
      await seedCustomer(GLOBEX, undefined, '2c9d4e1f-6a7b-4c8d-9e0f-1a2b3c4d5e6f');
    });
    afterAll(async () => {
      await erp.stop();
      await billing.stop();
      await crm.stop();
      await store.close();
      await database.drop();
    });

    /** A customer in billing (linked to `crmId` when given), the canonical store and the ERP. */
    async function seedCustomer(
      customer: { accountNumber: string; name: string },
      crmId: string | undefined,
      canonicalId: string,
    ): Promise<void> {
      const created = await createBillingSystemV1Client(billing.url).POST('/v1/accounts', {
        headers: { apiAccessKeyId: 'k', apiSecretAccessKey: 's' },
        body: {
          name: customer.name,
          accountNumber: customer.accountNumber,
          ...(crmId === undefined ? {} : { crmId }),
          currency: 'EUR',
          billCycleDay: 1,
          billToContact: { firstName: 'Jana', lastName: 'Schmidt', country: 'Germany' },
        },
      });
      await store.records('canonical_billing_accounts').insert({
        id: canonicalId,
        createdAt: '2026-11-01T00:00:00.000Z',
        updatedAt: '2026-11-01T00:00:00.000Z',
        organizationId: '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10',
        accountNumber: customer.accountNumber,
        name: customer.name,
        currency: 'EUR',
        status: 'active',
        externalRefs: [{ system: 'billing', type: 'Account', id: created.data?.accountId ?? '' }],
      });
      await erpClient.PUT('/services/rest/record/v1/customer/{id}', {
        params: { path: { id: `eid:${customer.accountNumber}` } },
        body: { companyName: customer.name },
      });
    }

    it('writes the billing snapshot of each new payment to the CRM account billing names', async () => {
      const first = await recordPayment('PYMT-1', ACME.accountNumber, {
        time: '2026-11-20T14:01:00Z',
        tranDate: '2026-11-18',
        amount: 100,
      });
      const second = await recordPayment('PYMT-2', ACME.accountNumber, {
        time: '2026-11-20T14:02:00Z',
        tranDate: '2026-11-19',
        amount: 200.5,
      });
      const start = crm.calls.length;

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toMatchObject({ status: 'polled', handled: 2 });
      const snapshotOf = (id: string, date: string, amount: number) => ({
        Last_Payment_Date__c: date,
        Last_Payment_Amount__c: amount,
        Last_Payment_Currency__c: 'EUR',
        Last_Payment_ERP_Id__c: id,
        Open_Balance__c: 0,
      });
      const account = `${ACCOUNT_PATH}/${crmIds.acme}`;
      expect(crmCallsSince(start)).toStrictEqual([
        ['GET', account, undefined],
        ['PATCH', account, snapshotOf(first, '2026-11-18', 100)],
        ['GET', account, undefined],
        ['PATCH', account, snapshotOf(second, '2026-11-19', 200.5)],
      ]);
      expect(crmAccount(crmIds.acme)).toStrictEqual({
        attributes: { type: 'Account', url: account },
        Id: crmIds.acme,
        Name: ACME.name,
        Type: 'Customer',
        ...snapshotOf(second, '2026-11-19', 200.5),
        CreatedDate: '2026-11-20T14:00:00.000+0000',
        LastModifiedDate: '2026-11-20T14:02:00.000+0000',
      });
      expect(await pending()).toStrictEqual([]);
      expect(logs.filter((log) => log.msg === 'crm billing snapshot written')).toMatchObject([
        { level: 'info', paymentId: first, crmAccountId: crmIds.acme },
        { level: 'info', paymentId: second, crmAccountId: crmIds.acme },
      ]);
    });

    it('changes nothing in the CRM when a payment is polled again', async () => {
      const before = crmAccount(crmIds.acme);
      await recordPayment('PYMT-2', ACME.accountNumber, {
        time: '2026-11-20T14:03:00Z',
        tranDate: '2026-11-19',
        amount: 200.5,
      });
      const start = crm.calls.length;

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toMatchObject({ status: 'polled', handled: 1 });
      expect(crmCallsSince(start)).toStrictEqual([]);
      expect(crmAccount(crmIds.acme)).toStrictEqual(before);
      expect(billing.state.payments.size).toBe(2);
      expect(await pending()).toStrictEqual([]);
    });

    it('keeps the snapshot of a newer payment when an older one is polled after it', async () => {
      const before = crmAccount(crmIds.acme);
      await recordPayment('PYMT-0', ACME.accountNumber, {
        time: '2026-11-20T14:04:00Z',
        tranDate: '2026-11-10',
        amount: 50,
      });
      const start = crm.calls.length;

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toMatchObject({ status: 'polled', handled: 1 });
      expect(billing.state.payments.size).toBe(3);
      expect(await canonicalPayments()).toHaveLength(3);
      expect(crmCallsSince(start)).toStrictEqual([
        ['GET', `${ACCOUNT_PATH}/${crmIds.acme}`, undefined],
      ]);
      expect(crmAccount(crmIds.acme)).toStrictEqual(before);
      expect(await pending()).toStrictEqual([]);
    });

    it('applies the payment of a customer without a CRM account and skips its snapshot with a warning', async () => {
      const paymentId = await recordPayment('PYMT-G1', GLOBEX.accountNumber, {
        time: '2026-11-20T14:05:00Z',
        tranDate: '2026-11-20',
        amount: 30,
      });
      const start = crm.calls.length;

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toMatchObject({ status: 'polled', handled: 1 });
      expect(billing.state.payments.size).toBe(4);
      expect(crmCallsSince(start)).toStrictEqual([]);
      const skipped = 'payment of an account without a CRM account; no snapshot written';
      expect(logs.filter((log) => log.msg === skipped)).toMatchObject([
        { level: 'warn', paymentId, accountNumber: GLOBEX.accountNumber },
      ]);
      expect(await pending()).toStrictEqual([]);
    });

    it("finds the CRM account through the canonical billing account's crm reference", async () => {
      const accounts = store.records('canonical_billing_accounts');
      const globex = await accounts.getByKey(GLOBEX.accountNumber);
      if (globex === undefined) throw new Error('expected the canonical Globex account');
      const refs = globex.externalRefs as object[];
      const crmRef = { system: 'crm', type: 'Account', id: crmIds.globex };
      await accounts.replace({ ...globex, externalRefs: [...refs, crmRef] });
      const paymentId = await recordPayment('PYMT-G2', GLOBEX.accountNumber, {
        time: '2026-11-20T14:06:00Z',
        tranDate: '2026-11-20',
        amount: 45.99,
      });

      await pollOnce(poller(), dependencies);

      expect(crmAccount(crmIds.globex)).toMatchObject({
        Last_Payment_Date__c: '2026-11-20',
        Last_Payment_Amount__c: 45.99,
        Last_Payment_Currency__c: 'EUR',
        Last_Payment_ERP_Id__c: paymentId,
        Open_Balance__c: 0,
      });
    });

    it('keeps the billing application when the CRM fails, and writes the snapshot on the next poll', async () => {
      const before = crmAccount(crmIds.acme);
      crm.fail({ status: 503 });
      const third = await recordPayment('PYMT-3', ACME.accountNumber, {
        time: '2026-11-20T14:07:00Z',
        tranDate: '2026-11-21',
        amount: 75.25,
      });
      const fourth = await recordPayment('PYMT-4', ACME.accountNumber, {
        time: '2026-11-20T14:08:00Z',
        tranDate: '2026-11-22',
        amount: 80,
      });
      const start = crm.calls.length;

      const failing = await pollOnce(poller(), dependencies);

      expect(failing).toMatchObject({ status: 'polled', handled: 2 });
      expect(billing.state.payments.size).toBe(7);
      expect(await canonicalPayments()).toHaveLength(7);
      expect(crmCallsSince(start)).toStrictEqual([
        ['GET', `${ACCOUNT_PATH}/${crmIds.acme}`, undefined],
      ]);
      expect(crmAccount(crmIds.acme)).toStrictEqual(before);
      const error =
        'crm-system getAccount answered 503: ' +
        '[{"message":"injected failure","errorCode":"UNKNOWN_EXCEPTION","fields":[]}]';
      expect(
        (await pending()).map((followUp) => [
          followUp.itemId,
          followUp.attempts,
          followUp.lastError,
        ]),
      ).toStrictEqual([
        [third, 1, error],
        [fourth, 0, null],
      ]);
      const failed = 'crm billing snapshot failed; retried on the next poll';
      expect(logs.filter((log) => log.msg === failed)).toMatchObject([
        { level: 'warn', paymentId: third, attempts: 1, err: { message: error } },
      ]);
      expect(await readPollerState(store, 'erp-payments')).toMatchObject({ failures: 0 });

      crm.recover();
      clock = new Date('2026-11-20T14:15:00Z');
      const caughtUp = await pollOnce(poller(), dependencies);

      expect(caughtUp).toMatchObject({ status: 'polled', handled: 0 });
      expect(crmAccount(crmIds.acme)).toMatchObject({
        Last_Payment_Date__c: '2026-11-22',
        Last_Payment_Amount__c: 80,
        Last_Payment_ERP_Id__c: fourth,
        LastModifiedDate: '2026-11-20T14:15:00.000+0000',
      });
      expect(crm.calls.slice(start + 1).map((call) => call.method)).toStrictEqual([
        'GET',
        'PATCH',
        'GET',
        'PATCH',
      ]);
      expect(await pending()).toStrictEqual([]);
    });

    it('keeps a snapshot queued while the CRM refuses the credentials, then writes it', async () => {
      crm.fail({ status: 401, times: 1 });
      const fifth = await recordPayment('PYMT-5', ACME.accountNumber, {
        time: '2026-11-20T14:16:00Z',
        tranDate: '2026-11-24',
        amount: 19.9,
      });

      await pollOnce(poller(), dependencies);

      const error =
        'crm-system getAccount answered 401: ' +
        '[{"message":"injected failure","errorCode":"INVALID_SESSION_ID","fields":[]}]';
      expect(
        (await pending()).map((followUp) => [
          followUp.itemId,
          followUp.attempts,
          followUp.lastError,
        ]),
      ).toStrictEqual([[fifth, 1, error]]);
      expect((await listDeadLetters(store, { limit: 10 })).items).toStrictEqual([]);

      await pollOnce(poller(), dependencies);

      expect(crmAccount(crmIds.acme)).toMatchObject({
        Last_Payment_Date__c: '2026-11-24',
        Last_Payment_ERP_Id__c: fifth,
      });
      expect(await pending()).toStrictEqual([]);
    });

    it('dead-letters a snapshot the CRM refuses, and keeps the billing application', async () => {
      crm.state.Account.delete(crmIds.globex);
      const paymentId = await recordPayment('PYMT-G3', GLOBEX.accountNumber, {
        time: '2026-11-20T14:20:00Z',
        tranDate: '2026-11-23',
        amount: 12,
      });

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toMatchObject({ status: 'polled', handled: 1 });
      expect(billing.state.payments.size).toBe(9);
      const letters = await listDeadLetters(store, { limit: 10 });
      expect(
        letters.items.map((letter) => [letter.stage, letter.consumer, letter.reason]),
      ).toStrictEqual([
        [
          'poll',
          'poller:erp-payments',
          `the CRM billing snapshot of customer payment ${paymentId} was given up: crm-system ` +
            'getAccount answered 404: [{"message":"The requested resource does not exist",' +
            `"errorCode":"NOT_FOUND","fields":[]}]; fix the cause, and the account's next ` +
            'payment writes its snapshot',
        ],
      ]);
      expect(await pending()).toStrictEqual([]);
    });
  });
}

crmSnapshotSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', "flow F7's CRM billing snapshot on PostgreSQL", (url) =>
  crmSnapshotSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);

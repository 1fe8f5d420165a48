import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBillingSystemV1Client } from '../../../generated/billing-system-v1/client.js';
import {
  createErpSystemV1Client,
  type ErpSystemV1Client,
} from '../../../generated/erp-system-v1/client.js';
import { startFakeSystem, type BillingState, type ErpState } from '../../connectors/fakes/index.js';
import type { FakeSystem } from '../../connectors/fakes/index.js';
import { listDeadLetters } from '../../events/dead-letters.js';
import { readPendingEvents } from '../../events/outbox.js';
import { checkEvent } from '../../events/validation.js';
import { createLogger } from '../../observability/logger.js';
import { openStore, type Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import { withService } from '../../../test/services.js';
import { importErpPayment } from './erp-payments.js';
import type { PollItemHandler } from './handlers.js';
import { pollOnce, type Poller, type PollDependencies } from './poll-once.js';
import { readPollerState } from './poller-states.js';
import { startPollers } from './pollers-component.js';
import { POLL_SOURCES } from './sources.js';
import { erpPaymentsPoller } from './test-pollers.js';

const CONFIG = erpPaymentsPoller({ pageSize: 2 });
const logger = createLogger('silent');

function poller(handler: PollItemHandler = importErpPayment): Poller {
  const source = POLL_SOURCES['erp-system-v1']?.listCustomerPayments;
  if (source === undefined) throw new Error('expected the ERP payments source');
  return { name: 'erp-payments', config: CONFIG, source, handler };
}

function erpPaymentsSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`flow F7, ERP payments polled into canonical payments, on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let erp: FakeSystem<ErpState>;
    let billing: FakeSystem<BillingState>;
    let erpClient: ErpSystemV1Client;
    let clock = new Date('2026-11-20T14:00:00Z');
    let env: NodeJS.ProcessEnv;
    let dependencies: PollDependencies;

    const recordPayment = async (externalId: string, time: string, amount: number) => {
      clock = new Date(time);
      await erpClient.PUT('/services/rest/record/v1/customerPayment/{id}', {
        params: { path: { id: `eid:${externalId}` } },
        body: {
          customer: { externalId: 'A00012345' },
          tranId: externalId,
          payment: amount,
          tranDate: time.slice(0, 10),
          paymentMethod: { id: '3' },
        },
      });
    };
    const payments = async () =>
      (await store.records('canonical_payments').list({ limit: 50, filters: {} })).items;

    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      erp = await startFakeSystem('erp', { now: () => clock });
      billing = await startFakeSystem('billing');
      erpClient = createErpSystemV1Client(erp.url);
      env = { ERP_SYSTEM_URL: erp.url, BILLING_SYSTEM_URL: billing.url };
      dependencies = { store, logger, env, holder: 'process-a', now: () => clock };
      const created = await createBillingSystemV1Client(billing.url).POST('/v1/accounts', {
        headers: { apiAccessKeyId: 'k', apiSecretAccessKey: 's' },
        body: {
          name: 'Acme Robotics GmbH',
          accountNumber: 'A00012345',
          currency: 'EUR',
          billCycleDay: 1,
          billToContact: { firstName: 'Jana', lastName: 'Schmidt', country: 'Germany' },
        },
      });
      await store.records('canonical_billing_accounts').insert({
        id: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
        createdAt: '2026-11-01T00:00:00.000Z',
        updatedAt: '2026-11-01T00:00:00.000Z',
        organizationId: '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10',
        accountNumber: 'A00012345',
        name: 'Acme Robotics GmbH',
        currency: 'EUR',
        status: 'active',
        externalRefs: [{ system: 'billing', type: 'Account', id: created.data?.accountId ?? '' }],
      });
      await erpClient.PUT('/services/rest/record/v1/customer/{id}', {
        params: { path: { id: 'eid:A00012345' } },
        body: { companyName: 'Acme Robotics GmbH' },
      });
    });
    afterAll(async () => {
      await erp.stop();
      await billing.stop();
      await store.close();
      await database.drop();
    });

    it('turns three new payments into canonical payments and events, and checkpoints the last', async () => {
      await recordPayment('PYMT-1', '2026-11-20T14:01:00Z', 100);
      await recordPayment('PYMT-2', '2026-11-20T14:02:00Z', 200.5);
      await recordPayment('PYMT-3', '2026-11-20T14:03:00Z', 300);

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toStrictEqual({
        status: 'polled',
        handled: 3,
        checkpoint: { watermark: '2026-11-20T14:03:00Z', lastId: '1004' },
      });
      const stored = await payments();
      expect(stored.map((payment) => [payment.paymentNumber, payment.amount])).toStrictEqual([
        ['P-00000003', { amount: '300.00', currency: 'EUR' }],
        ['P-00000002', { amount: '200.50', currency: 'EUR' }],
        ['P-00000001', { amount: '100.00', currency: 'EUR' }],
      ]);
      const first = stored[2];
      expect(first).toStrictEqual({
        id: first?.id,
        createdAt: first?.createdAt,
        updatedAt: first?.updatedAt,
        paymentNumber: 'P-00000001',
        billingAccountId: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
        method: 'wire',
        amount: { amount: '100.00', currency: 'EUR' },
        effectiveDate: '2026-11-20',
        status: 'processed',
        applications: [],
        unapplied: { amount: '100.00', currency: 'EUR' },
        externalRefs: [
          { system: 'erp', type: 'customerPayment', id: '1002' },
          {
            system: 'billing',
            type: 'Payment',
            id: [...billing.state.payments.values()][0]?.id,
            number: 'P-00000001',
          },
        ],
      });
      const events = (await readPendingEvents(store, 50)).map(({ event }) => event);
      expect(events.map((event) => [event.type, event.subject, event.source])).toStrictEqual(
        stored
          .slice()
          .reverse()
          .map((payment) => [
            'com.junction.canonical.payment.processed.v1',
            `payments/${payment.id}`,
            '/junction/flows/poll/erp-payments',
          ]),
      );
      expect(events.map((event) => checkEvent(event))).toStrictEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(
        billing.calls.filter((call) => call.path === '/v1/payments').map((c) => c.idempotencyKey),
      ).toStrictEqual([
        'erp-customerPayment-1002',
        'erp-customerPayment-1003',
        'erp-customerPayment-1004',
      ]);
      expect(await readPollerState(store, 'erp-payments')).toMatchObject({
        watermark: '2026-11-20T14:03:00Z',
        lastId: '1004',
        failures: 0,
        itemsHandled: 3,
      });
    });

    it('finds nothing new on the next poll, asking from the checkpoint', async () => {
      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toStrictEqual({
        status: 'polled',
        handled: 0,
        checkpoint: { watermark: '2026-11-20T14:03:00Z', lastId: '1004' },
      });
      expect(erp.calls.at(-1)?.query).toStrictEqual({
        q: 'lastModifiedDate ON_OR_AFTER "2026-11-20T14:03:00Z"',
        limit: '2',
        offset: '0',
      });
      expect(await payments()).toHaveLength(3);
    });

    it('handles only a fourth payment, and never stores a re-polled payment twice', async () => {
      await recordPayment('PYMT-4', '2026-11-20T14:04:00Z', 400);
      await recordPayment('PYMT-1', '2026-11-20T14:05:00Z', 100);

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toStrictEqual({
        status: 'polled',
        handled: 2,
        checkpoint: { watermark: '2026-11-20T14:05:00Z', lastId: '1002' },
      });
      const stored = await payments();
      expect(stored.map((payment) => payment.paymentNumber)).toStrictEqual([
        'P-00000004',
        'P-00000003',
        'P-00000002',
        'P-00000001',
      ]);
      expect(billing.state.payments.size).toBe(4);
      expect(await readPendingEvents(store, 50)).toHaveLength(4);
    });

    it('records the failure and backs off when the ERP fails, keeping the checkpoint', async () => {
      const before = await readPollerState(store, 'erp-payments');
      erp.fail({ status: 503 });
      await recordPaymentDirect(erp, 'PYMT-5', '2026-11-20T14:06:00Z');
      clock = new Date('2026-11-20T15:00:00Z');

      const failed = await pollOnce(poller(), dependencies);
      const waiting = await pollOnce(poller(), dependencies);
      clock = new Date('2026-11-20T15:00:01Z');
      const again = await pollOnce(poller(), dependencies);

      expect(failed).toStrictEqual({
        status: 'failed',
        error: 'erp-system-v1 listCustomerPayments answered 503: injected failure',
        failures: 1,
        retryAt: '2026-11-20T15:00:01.000Z',
      });
      expect(waiting).toStrictEqual({ status: 'backing-off', until: '2026-11-20T15:00:01.000Z' });
      expect(again).toMatchObject({
        status: 'failed',
        failures: 2,
        retryAt: '2026-11-20T15:00:03.000Z',
      });
      expect(await readPollerState(store, 'erp-payments')).toStrictEqual({
        ...before,
        failures: 2,
        lastError: 'erp-system-v1 listCustomerPayments answered 503: injected failure',
        nextAttemptAt: '2026-11-20T15:00:03.000Z',
        lastPolledAt: '2026-11-20T15:00:01.000Z',
      });

      erp.recover();
      clock = new Date('2026-11-20T15:00:03Z');
      const recovered = await pollOnce(poller(), dependencies);

      expect(recovered).toMatchObject({ status: 'polled', handled: 1 });
      expect(await readPollerState(store, 'erp-payments')).toMatchObject({
        failures: 0,
        lastError: null,
        nextAttemptAt: null,
        lastSuccessAt: '2026-11-20T15:00:03.000Z',
      });
    });

    it('dead-letters a payment of a customer that is no canonical billing account', async () => {
      await erpClient.PUT('/services/rest/record/v1/customer/{id}', {
        params: { path: { id: 'eid:A00099999' } },
        body: { companyName: 'Globex' },
      });
      clock = new Date('2026-11-20T15:10:00Z');
      await erpClient.PUT('/services/rest/record/v1/customerPayment/{id}', {
        params: { path: { id: 'eid:PYMT-6' } },
        body: { customer: { externalId: 'A00099999' }, payment: 5, tranDate: '2026-11-20' },
      });

      const outcome = await pollOnce(poller(), dependencies);

      expect(outcome).toMatchObject({ status: 'polled', handled: 1 });
      const letters = await listDeadLetters(store, { limit: 10 });
      expect(
        letters.items.map((letter) => [letter.stage, letter.consumer, letter.reason]),
      ).toStrictEqual([
        [
          'poll',
          'poller:erp-payments',
          "customer payment 1008 is for customer 'A00099999', which is no canonical billing account with a billing system id; create or link the account, then replay",
        ],
      ]);
      expect(await payments()).toHaveLength(5);
    });

    it('lets only one of two runtimes on the database poll at a time', async () => {
      const other = await openStore(database.options);
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered = () => undefined as void;
      const inHandler = new Promise<void>((resolve) => (entered = resolve));
      const slow: PollItemHandler = async (item, context) => {
        entered();
        await gate;
        await importErpPayment(item, context);
      };
      const runtimeA = startPollers([poller(slow)], { store, logger, env });
      const runtimeB = startPollers([poller()], { store: other, logger, env });
      try {
        await recordPaymentDirect(erp, 'PYMT-7', '2026-11-20T15:20:00Z');
        const callsBefore = erp.calls.length;

        const first = runtimeA.pollNow('erp-payments');
        await inHandler;
        const second = await runtimeB.pollNow('erp-payments');
        release();

        expect(second).toStrictEqual({ status: 'lease-held' });
        expect(await first).toMatchObject({ status: 'polled', handled: 1 });
        expect(erp.calls.length - callsBefore).toBe(1);
        expect(await payments()).toHaveLength(6);
      } finally {
        release();
        await runtimeA.stop();
        await runtimeB.stop();
        await other.close();
      }
    });
  });
}

/** Stores a payment straight in the fake's state, for when its HTTP face is failing. */
async function recordPaymentDirect(
  erp: FakeSystem<ErpState>,
  externalId: string,
  time: string,
): Promise<void> {
  const id = String(erp.state.nextId++);
  erp.state.customerPayment.set(id, {
    id,
    externalId,
    customer: { id: '1001', externalId: 'A00012345', refName: 'Acme Robotics GmbH' },
    payment: 50,
    tranDate: time.slice(0, 10),
    apply: { items: [] },
    lastModifiedDate: time,
  });
  return Promise.resolve();
}

erpPaymentsSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'flow F7 on PostgreSQL', (url) =>
  erpPaymentsSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);

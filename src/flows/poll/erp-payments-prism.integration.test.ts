import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSystem, type ErpState, type FakeSystem } from '../../connectors/fakes/index.js';
import { readPendingEvents } from '../../events/outbox.js';
import { checkEvent } from '../../events/validation.js';
import { createLogger } from '../../observability/logger.js';
import { openStore, type Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import { startPrismSystems, type PrismSystems } from '../../../test/prism-systems.js';
import { testDialects } from '../../../test/running-app.js';
import { importErpPayment } from './erp-payments.js';
import { pollOnce, type Poller } from './poll-once.js';
import { readPollerState } from './poller-states.js';
import { POLL_SOURCES } from './sources.js';
import { erpPaymentsPoller } from './test-pollers.js';

// Billing is a Prism mock of its spec, so the payment F7 creates there must be a request the
// spec accepts, credentials included. The ERP stays the stateful fake: the spec's payment list
// example answers `hasMore: true` on every page, so a poller reading the static mock would never
// reach the end.

const CONFIG = erpPaymentsPoller();
const ACCOUNT_ID = '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e';
/** The billing spec's example account. */
const BILLING_ACCOUNT_ID = '8ad08e0184a4a4c30184b2d0f3e0456a';

let prism: PrismSystems;

beforeAll(async () => {
  prism = await startPrismSystems(['billing-system-v1']);
});
afterAll(() => prism?.stop());

function poller(): Poller {
  const source = POLL_SOURCES['erp-system-v1']?.listCustomerPayments;
  if (source === undefined) throw new Error('expected the ERP payments source');
  return { name: 'erp-payments', config: CONFIG, source, handler: importErpPayment };
}

/** Stores the ERP spec's example payment, a wire for invoice INV00012345, in the fake. */
function recordExamplePayment(erp: FakeSystem<ErpState>): void {
  erp.state.customerPayment.set('920144', {
    id: '920144',
    externalId: 'PYMT-4711',
    tranId: 'PYMT-4711',
    customer: { id: '1043', externalId: 'A00012345', refName: 'Acme Robotics GmbH' },
    payment: 8700,
    currency: { id: '4', refName: 'EUR' },
    tranDate: '2026-11-20',
    paymentMethod: { id: '3', refName: 'Wire' },
    apply: {
      items: [{ doc: { id: '88412', refName: 'INV00012345' }, apply: true, amount: 8700 }],
    },
    lastModifiedDate: '2026-11-20T14:02:00Z',
  });
}

describe.each(testDialects())('flow F7 against a Prism mock of billing, on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let erp: FakeSystem<ErpState>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database =
      dialect === 'sqlite'
        ? await createSqliteTestDatabase()
        : await createPostgresTestDatabase(process.env.DATABASE_URL ?? '');
    store = await openStore(database.options);
    erp = await startFakeSystem('erp');
    env = {
      ERP_SYSTEM_URL: erp.url,
      BILLING_SYSTEM_URL: prism.urls['billing-system-v1'],
      BILLING_SYSTEM_ACCESS_KEY_ID: 'junction-poller',
      BILLING_SYSTEM_SECRET_ACCESS_KEY: 'poller-secret',
    };
    await store.records('canonical_billing_accounts').insert({
      id: ACCOUNT_ID,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      organizationId: '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10',
      accountNumber: 'A00012345',
      name: 'Acme Robotics GmbH',
      currency: 'EUR',
      status: 'active',
      externalRefs: [{ system: 'billing', type: 'Account', id: BILLING_ACCOUNT_ID }],
    });
  });
  afterAll(async () => {
    await erp.stop();
    await store.close();
    await database.drop();
  });

  it('creates the payment in billing with a request its spec accepts, and stores the answer', async () => {
    recordExamplePayment(erp);
    const from = prism.exchanges.length;

    const outcome = await pollOnce(poller(), {
      store,
      logger: createLogger('silent'),
      env,
      holder: `prism-${dialect}`,
    });

    expect(outcome).toStrictEqual({
      status: 'polled',
      handled: 1,
      checkpoint: { watermark: '2026-11-20T14:02:00Z', lastId: '920144' },
    });
    const lines = prism.exchangeLines(from);
    expect(lines.filter((line) => line.includes(' /v1/payments '))).toStrictEqual([
      'billing-system-v1 POST /v1/payments -> 200',
    ]);
    expect(lines.filter((line) => !/ -> 2\d\d$/.test(line))).toStrictEqual([]);
    const created = prism.exchanges
      .slice(from)
      .find((exchange) => exchange.path === '/v1/payments');
    expect(created?.body).toStrictEqual({
      accountId: BILLING_ACCOUNT_ID,
      amount: 8700,
      currency: 'EUR',
      effectiveDate: '2026-11-20',
      type: 'External',
      paymentMethodType: 'WireTransfer',
      referenceId: 'PYMT-4711',
      comment: 'ERP customer payment 920144',
    });

    const [payment] = (await store.records('canonical_payments').list({ limit: 10, filters: {} }))
      .items;
    expect(payment).toStrictEqual({
      id: payment?.id,
      createdAt: payment?.createdAt,
      updatedAt: payment?.updatedAt,
      paymentNumber: 'P-00012345',
      billingAccountId: ACCOUNT_ID,
      method: 'wire',
      amount: { amount: '8700.00', currency: 'EUR' },
      effectiveDate: '2026-11-20',
      status: 'processed',
      applications: [
        { invoiceNumber: 'INV00012345', amount: { amount: '8700.00', currency: 'EUR' } },
      ],
      unapplied: { amount: '0.00', currency: 'EUR' },
      externalRefs: [
        { system: 'erp', type: 'customerPayment', id: '920144' },
        {
          system: 'billing',
          type: 'Payment',
          id: '8ad0934e8c7a4f2f018c7ba1f2e3d4c5',
          number: 'P-00012345',
        },
      ],
    });
    const events = (await readPendingEvents(store, 10)).map(({ event }) => event);
    expect(events.map((event) => [event.type, event.subject, checkEvent(event)])).toStrictEqual([
      ['com.junction.canonical.payment.processed.v1', `payments/${payment?.id}`, undefined],
    ]);
    expect(await readPollerState(store, 'erp-payments')).toMatchObject({
      watermark: '2026-11-20T14:02:00Z',
      lastId: '920144',
      failures: 0,
      lastError: null,
      itemsHandled: 1,
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../../../test/services.js';
import type { CloudEvent } from '../../../events/envelope.js';
import { readPendingEvents } from '../../../events/outbox.js';
import { checkEvent } from '../../../events/validation.js';
import { createLogger } from '../../../observability/logger.js';
import { openStore, type Store } from '../../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../../store/test-databases.js';
import type { ApiContext } from '../../context.js';
import { handlers as v1 } from '../v1/index.js';
import { handlers as v2 } from '../v2/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const BUNDLE = join(ROOT, 'generated', 'canonical-events-v1', 'asyncapi.json');

interface Bundle {
  components: { messages: Record<string, { examples: { payload: { data: object } }[] }> };
}
const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Bundle;

/** The record of a message's example as a create body: without what the store assigns. */
function bodyOf(message: string): never {
  const data = bundle.components.messages[message]?.examples[0]?.payload.data ?? {};
  const body: Record<string, unknown> = { ...data };
  for (const assigned of ['id', 'createdAt', 'updatedAt']) delete body[assigned];
  // The handlers receive bodies the request validator passed; the examples follow the schemas.
  return body as never;
}

function handlerSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`canonical handlers writing events on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let context: ApiContext;
    let seen = 0;
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      const log = createLogger('silent');
      context = { store, log, correlationId: 'corr-handlers', baseUrl: 'http://test/canonical' };
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    async function newEvents(): Promise<CloudEvent[]> {
      const pending = await readPendingEvents(store, 1_000);
      const events = pending.slice(seen).map((row) => row.event);
      seen = pending.length;
      return events;
    }

    it('stores the created event of each create, valid against its AsyncAPI message', async () => {
      const created = [
        await v1.createOrganization({ body: bodyOf('OrganizationCreated') } as never, context),
        await v1.createBillingAccount({ body: bodyOf('BillingAccountCreated') } as never, context),
        await v1.createProduct({ body: bodyOf('ProductCatalogPublished') } as never, context),
        await v1.createSubscription({ body: bodyOf('SubscriptionCreated') } as never, context),
        await v1.createInvoice({ body: bodyOf('InvoicePosted') } as never, context),
        await v2.createOrganization({ body: { legalName: 'Initech AG' } } as never, context),
      ];
      expect(created.map((result) => result.status)).toStrictEqual([201, 201, 201, 201, 201, 201]);

      const events = await newEvents();
      expect(events.map((event) => [event.type, event.source])).toStrictEqual([
        ['com.junction.canonical.organization.created.v1', '/junction/canonical-v1'],
        ['com.junction.canonical.billing-account.created.v1', '/junction/canonical-v1'],
        ['com.junction.canonical.product.catalog.published.v1', '/junction/canonical-v1'],
        ['com.junction.canonical.subscription.created.v1', '/junction/canonical-v1'],
        ['com.junction.canonical.invoice.posted.v1', '/junction/canonical-v1'],
        ['com.junction.canonical.organization.created.v1', '/junction/canonical-v2'],
      ]);
      expect(events.map(checkEvent)).toStrictEqual(events.map(() => undefined));
      expect(new Set(events.map((event) => event.correlationid))).toStrictEqual(
        new Set(['corr-handlers']),
      );
    });

    it('stores the lifecycle event a status change means, and the record as it now is', async () => {
      const body = {
        ...(bodyOf('SubscriptionCreated') as object),
        subscriptionNumber: 'S-00000002',
      };
      const created = await v1.createSubscription({ body } as never, context);
      const id = (created.body as { id: string }).id;
      await newEvents();

      const cancelled = await v1.updateSubscription(
        { params: { subscriptionId: id }, body: { status: 'cancelled' } } as never,
        context,
      );
      const events = await newEvents();
      expect(events.map((event) => [event.type, event.subject])).toStrictEqual([
        ['com.junction.canonical.subscription.cancelled.v1', `subscriptions/${id}`],
      ]);
      expect(events[0]?.data).toStrictEqual(cancelled.body);
      expect(checkEvent(events[0])).toBeUndefined();
    });

    it('stores no event when the record does not exist', async () => {
      const missing = await v1.updateInvoice(
        { params: { invoiceId: 'none' }, body: { status: 'paid' } } as never,
        context,
      );
      expect(missing.status).toBe(404);
      expect(await newEvents()).toStrictEqual([]);
    });
  });
}

handlerSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'canonical handlers writing events on PostgreSQL', (url) =>
  handlerSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);

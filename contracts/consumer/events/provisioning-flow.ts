import type {
  SubscriptionAmendedPayload,
  SubscriptionCreatedPayload,
} from '../../../generated/canonical-events-v1/events.js';
import { provisioningConsumer } from '../../../src/flows/reference/provisioning.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/index.js';
import { createSqliteTestDatabase } from '../../../src/store/test-databases.js';
import { exampleRecord } from '../../support/event-examples.js';

/** The subscription events the provisioning flow (F4) consumes. */
export type ProvisioningEvent = SubscriptionCreatedPayload | SubscriptionAmendedPayload;

/** A licence F4 issued or revoked, as the canonical store holds it. */
export interface ProvisionedLicense {
  kind: unknown;
  planCode: unknown;
  seats: unknown;
  startsAt: unknown;
  expiresAt: unknown;
  namespaceId: unknown;
  status: unknown;
}

/** A throwaway store F4 reads the catalogue from and writes its licences to. */
export interface ProvisioningStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * Opens an empty SQLite store holding the plan the subscription examples sell, as the catalogue
 * published it: F4 looks the plan of a subscription's first line up there.
 */
export async function openProvisioningStore(): Promise<ProvisioningStore> {
  const database = await createSqliteTestDatabase();
  const store = await openStore(database.options);
  await store.records('canonical_plans').insert(exampleRecord('plan.catalog.published'));
  return {
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/**
 * Delivers a subscription event to the real F4 bus consumer, as the bus would, and answers every
 * licence of the event's subscription once the flow has run, oldest first.
 */
export async function provisionFrom(
  store: Store,
  event: ProvisioningEvent,
): Promise<ProvisionedLicense[]> {
  await provisioningConsumer({ store }).handle(event, { attempt: 1 });
  const page = await store.records('canonical_licenses').list({
    limit: 10,
    filters: { subscriptionNumber: event.data?.subscriptionNumber },
  });
  return page.items
    .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
    .map(({ kind, planCode, seats, startsAt, expiresAt, namespaceId, status }) => ({
      kind,
      planCode,
      seats,
      startsAt,
      expiresAt,
      namespaceId,
      status,
    }));
}

import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical subscriptions, stored in `canonical_subscriptions`. */
export const subscriptions: ResourceSpec<Schemas['Subscription'], Schemas['SubscriptionCreate']> = {
  table: 'canonical_subscriptions',
  noun: 'subscription',
  collection: 'subscriptions',
  idField: 'id',
  events: canonicalEvents('subscription', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'active',
    autoRenew: true,
    version: 1,
    externalRefs: [],
    ...body,
  }),
};

import type {
  PlanCatalogPublishedPayload,
  ProductCatalogPublishedPayload,
  SubscriptionCancelledPayload,
  SubscriptionExpiredPayload,
  SubscriptionRenewedPayload,
} from '../../../generated/canonical-events-v1/events.js';

/**
 * The subscription events fulfilment plans for beside those the provisioning flow (F4) consumes:
 * F4 runs on `created` and `amended` (provisioning-flow.ts drives it).
 */
type SubscriptionEvent =
  SubscriptionRenewedPayload | SubscriptionCancelledPayload | SubscriptionExpiredPayload;

/** What fulfilment does to a namespace or instance when a subscription's term changes. */
export interface Provisioning {
  action: 'extend' | 'schedule-removal' | 'remove';
  subscriptionNumber: string;
  namespace: string | null;
  seats: number;
  /** The last day of the paid term, or null for an evergreen subscription. */
  until: string | null;
}

/** The action each subscription event asks of fulfilment, by the `<event>` of its type. */
const ACTIONS: Readonly<Record<string, Provisioning['action']>> = {
  renewed: 'extend',
  cancelled: 'schedule-removal',
  expired: 'remove',
};

/** Plans the provisioning a subscription event needs: seats are the sum of its line quantities. */
export function provisioningFor(event: SubscriptionEvent): Provisioning | undefined {
  const subscription = event.data;
  const action = ACTIONS[event.type.split('.')[4] ?? ''];
  if (!subscription || !action) return undefined;
  return {
    action,
    subscriptionNumber: subscription.subscriptionNumber,
    namespace: subscription.namespaceRef ?? null,
    seats: subscription.lines.reduce((sum, line) => sum + line.quantity, 0),
    until: subscription.termEnd ?? null,
  };
}

/** A storefront entry for a published product or plan: its code and what it costs. */
export interface StorefrontEntry {
  code: string;
  name: string;
  prices: string[];
}

/** Lists a published product in the storefront; prices come with its plans. */
export function productEntry(event: ProductCatalogPublishedPayload): StorefrontEntry | undefined {
  const product = event.data;
  return product && { code: product.sku, name: product.name, prices: [] };
}

/** Lists a published plan in the storefront with every list price, as `<amount> <currency>`. */
export function planEntry(event: PlanCatalogPublishedPayload): StorefrontEntry | undefined {
  const plan = event.data;
  if (!plan) return undefined;
  const prices = plan.listPrices.map((price) => `${price.amount} ${price.currency}`);
  return { code: plan.planCode, name: plan.name, prices };
}

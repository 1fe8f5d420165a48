import type { components } from '../../../generated/billing-system-v1/types.js';
import type { BillingAccount, BillingState } from './billing-fake.js';
import { FakeError } from './fake-system.js';

type Schemas = components['schemas'];
type Subscription = Schemas['Subscription'];
type RatePlan = Schemas['SubscriptionRatePlan'];

/** One order action, read loosely: the spec's `oneOf` by `type`. */
export interface OrderAction {
  type: string;
  triggerDates?: Schemas['TriggerDate'][];
  createSubscription?: {
    subscriptionNumber?: string;
    subscribeToRatePlans: Schemas['RatePlanSubscribe'][];
    terms: Schemas['SubscriptionTerms'];
    notes?: string;
  };
  addProduct?: Schemas['RatePlanSubscribe'];
  cancelSubscription?: { cancellationPolicy: string; cancellationEffectiveDate?: string };
}

/** Where a subscription's order came from. */
export interface OrderOrigin {
  orderNumber: string;
  body: Schemas['CreateOrderRequest'];
}

/**
 * Creates version 1 of a subscription from the order's `CreateSubscription` action, priced from
 * the catalog in the account's currency; undefined when the actions create nothing.
 */
export function createSubscription(
  state: BillingState,
  account: BillingAccount,
  actions: readonly OrderAction[],
  origin: OrderOrigin,
): Subscription | undefined {
  const action = actions.find((candidate) => candidate.type === 'CreateSubscription');
  const create = action?.createSubscription;
  if (action === undefined || create === undefined) return undefined;

  const effective = triggerDate(action, 'ContractEffective') ?? origin.body.orderDate;
  const { initialTerm } = create.terms;
  const start = initialTerm.startDate ?? effective;
  const end = termEnd(start, initialTerm.period, initialTerm.periodType);
  const subscription: Subscription = {
    id: state.next.id(),
    subscriptionNumber: create.subscriptionNumber ?? state.next.subscriptionNumber(),
    version: 1,
    accountId: account.id,
    accountNumber: account.accountNumber,
    accountName: account.name,
    status: 'Active',
    termType: initialTerm.termType,
    contractEffectiveDate: effective,
    termStartDate: start,
    ...(end === undefined ? {} : { termEndDate: end }),
    autoRenew: create.terms.autoRenew ?? false,
    orderNumber: origin.orderNumber,
    currency: account.currency,
    ratePlans: create.subscribeToRatePlans.map((plan) => ratePlanOf(state, account, plan, start)),
  };
  state.subscriptions.set(subscription.subscriptionNumber, subscription);
  return subscription;
}

/** Applies amendment actions to the latest version, which gets a new id and version. */
export function changeSubscription(
  state: BillingState,
  subscriptionNumber: string | undefined,
  actions: readonly OrderAction[],
): Subscription {
  const current = state.subscriptions.get(subscriptionNumber ?? '');
  if (current === undefined) {
    throw new FakeError(400, `Cannot find subscription '${subscriptionNumber ?? ''}' to change.`);
  }
  let next: Subscription = { ...current, id: state.next.id(), version: current.version + 1 };
  for (const action of actions) next = applyAction(state, next, action);
  state.subscriptions.set(next.subscriptionNumber, next);
  return next;
}

function applyAction(state: BillingState, subscription: Subscription, action: OrderAction) {
  if (action.type === 'CancelSubscription') {
    const date = action.cancelSubscription?.cancellationEffectiveDate ?? subscription.termEndDate;
    return { ...subscription, status: 'Cancelled' as const, cancelledDate: date ?? null };
  }
  if (action.type === 'AddProduct' && action.addProduct !== undefined) {
    const account = [...state.accounts.values()].find((a) => a.id === subscription.accountId);
    if (account === undefined) return subscription;
    const start = triggerDate(action, 'ContractEffective') ?? subscription.termStartDate;
    const plan = ratePlanOf(state, account, action.addProduct, start);
    return { ...subscription, ratePlans: [...subscription.ratePlans, plan] };
  }
  return subscription;
}

function triggerDate(action: OrderAction, name: string): string | undefined {
  return action.triggerDates?.find((trigger) => trigger.name === name)?.triggerDate;
}

function termEnd(start: string, period?: number, periodType?: string): string | undefined {
  if (period === undefined || (periodType !== 'Month' && periodType !== 'Year')) return undefined;
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + (periodType === 'Year' ? 12 * period : period));
  return date.toISOString().slice(0, 10);
}

function ratePlanOf(
  state: BillingState,
  account: BillingAccount,
  subscribe: Schemas['RatePlanSubscribe'],
  start: string,
): RatePlan {
  const found = state.products.flatMap((product) =>
    product.productRatePlans.map((plan) => ({ product, plan })),
  );
  const match = found.find(({ plan }) => plan.id === subscribe.productRatePlanId);
  if (match === undefined) {
    throw new FakeError(400, `Invalid productRatePlanId '${subscribe.productRatePlanId}'.`);
  }
  const { product, plan } = match;
  return {
    id: state.next.id(),
    productId: product.id,
    productName: product.name,
    productSku: product.sku,
    productRatePlanId: plan.id,
    ratePlanName: plan.name,
    ratePlanCharges: plan.productRatePlanCharges.map((charge) => {
      const override = subscribe.chargeOverrides?.find(
        (candidate) => candidate.productRatePlanChargeId === charge.id,
      );
      const quantity = override?.pricing.recurringPerUnit?.quantity ?? charge.defaultQuantity ?? 1;
      const price = charge.pricing.find((entry) => entry.currency === account.currency)?.price;
      const id = state.next.id();
      return {
        id,
        originalChargeId: id,
        productRatePlanChargeId: charge.id,
        number: state.next.chargeNumber(),
        name: charge.name,
        type: charge.type,
        model: charge.model,
        quantity,
        ...(price === undefined || price === null ? {} : { price }),
        effectiveStartDate: start,
      };
    }),
  };
}

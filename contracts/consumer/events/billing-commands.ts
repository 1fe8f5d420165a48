import type {
  ContactUpdatedPayload,
  OrderCreatedPayload,
} from '../../../generated/canonical-events-v1/events.js';

/** What the billing adapter asks the billing system to do about a canonical event. */
export type BillingCommand =
  | {
      command: 'create-order';
      orderNumber: string;
      /** Null when the order opens a new billing account. */
      accountId: string | null;
      subscriptions: string[];
    }
  | { command: 'update-bill-to'; contactId: string; name: string; email: string }
  | { command: 'ignore'; reason: string };

/** An accepted order becomes an order in the billing system, one subscription per action. */
export function orderCommand(event: OrderCreatedPayload): BillingCommand {
  const order = event.data;
  if (!order?.orderNumber) return { command: 'ignore', reason: `${event.subject} has no number` };
  return {
    command: 'create-order',
    orderNumber: order.orderNumber,
    accountId: order.billingAccountId ?? null,
    subscriptions: order.actions.flatMap((action) => action.subscriptionNumber ?? []),
  };
}

/** A changed bill-to contact is copied to the billing accounts it is the bill-to of. */
export function contactCommand(event: ContactUpdatedPayload): BillingCommand {
  const contact = event.data;
  if (!contact?.roles?.includes('billTo')) {
    return { command: 'ignore', reason: `${event.subject} is not a bill-to contact` };
  }
  return {
    command: 'update-bill-to',
    contactId: contact.id,
    name: `${contact.firstName} ${contact.lastName}`,
    email: contact.email,
  };
}

import type { Router } from 'express';

import type { components } from '../../../generated/billing-system-v1/types.js';
import type { BillingAccount, BillingState } from './billing-fake.js';
import { answerOnce, notFound, timestampOf } from './billing-support.js';
import { FakeError } from './fake-system.js';
import type { FakeContext } from './fake-system.js';

type Schemas = components['schemas'];

/** Subscription statuses that keep an account from being deleted. */
const LIVE_STATUSES: ReadonlySet<Schemas['SubscriptionStatus']> = new Set([
  'Draft',
  'Active',
  'Suspended',
]);

/** The account with this id or number, or a 404. */
export function findAccount(state: BillingState, key: string): BillingAccount {
  const account =
    state.accounts.get(key) ?? [...state.accounts.values()].find((a) => a.accountNumber === key);
  if (account === undefined) throw notFound(key);
  return account;
}

/** Serves listing, creating, reading, changing and deleting billing accounts. */
export function mountAccounts(router: Router, state: BillingState, context: FakeContext): void {
  router.get('/v1/accounts', (request, response) => {
    const { crmId, status } = request.query as { crmId?: string; status?: string };
    const accounts = [...state.accounts.values()]
      .filter(
        (a) => (crmId === undefined || a.crmId === crmId) && (status ?? a.status) === a.status,
      )
      .map(summaryOf);
    response.json({ accounts, success: true });
  });
  router.post('/v1/accounts', (request, response) => {
    answerOnce(state, request, response, () => {
      const body = request.body as Schemas['CreateAccountRequest'];
      const account = createAccount(state, body, context);
      return {
        success: true,
        accountId: account.id,
        accountNumber: account.accountNumber,
        billToContactId: account.billToContact.id,
        soldToContactId: account.soldToContact.id,
      };
    });
  });
  router.get('/v1/accounts/:accountKey', (request, response) => {
    response.json(presentAccount(findAccount(state, String(request.params.accountKey))));
  });
  router.put('/v1/accounts/:accountKey', (request, response) => {
    const account = findAccount(state, String(request.params.accountKey));
    const changes = request.body as Schemas['UpdateAccountRequest'];
    const updatedDate = timestampOf(context);
    state.accounts.set(account.id, { ...account, ...changes, updatedDate } as BillingAccount);
    response.json({ success: true });
  });
  router.delete('/v1/accounts/:accountKey', (request, response) => {
    deleteAccount(state, findAccount(state, String(request.params.accountKey)));
    response.json({ success: true });
  });
}

/** Creates an account with its contacts; a taken account number is refused. */
export function createAccount(
  state: BillingState,
  request: Schemas['CreateAccountRequest'],
  context: FakeContext,
): BillingAccount {
  const accountNumber = request.accountNumber ?? state.next.accountNumber();
  if ([...state.accounts.values()].some((a) => a.accountNumber === accountNumber)) {
    throw new FakeError(400, `The account number '${accountNumber}' is already in use.`);
  }
  const billToContact = { ...request.billToContact, id: state.next.id() };
  const soldToContact =
    request.soldToContact === undefined
      ? billToContact
      : { ...request.soldToContact, id: state.next.id() };
  const now = timestampOf(context);
  const account: BillingAccount = {
    ...request,
    id: state.next.id(),
    accountNumber,
    status: 'Active',
    billToContact,
    soldToContact,
    createdDate: now,
    updatedDate: now,
  };
  state.accounts.set(account.id, account);
  return account;
}

/** Deletes an account; one with a subscription that is not cancelled or expired is refused. */
function deleteAccount(state: BillingState, account: BillingAccount): void {
  const live = [...state.subscriptions.values()]
    .filter((s) => s.accountId === account.id && LIVE_STATUSES.has(s.status))
    .map((s) => s.subscriptionNumber);
  if (live.length > 0) {
    throw new FakeError(
      400,
      `Cannot delete account ${account.accountNumber}: it has active subscriptions ` +
        `(${live.join(', ')}). Cancel them first.`,
    );
  }
  state.accounts.delete(account.id);
}

function summaryOf(account: BillingAccount): Schemas['AccountSummary'] {
  return {
    id: account.id,
    accountNumber: account.accountNumber,
    name: account.name,
    status: account.status,
    ...(account.crmId === undefined ? {} : { crmId: account.crmId }),
    currency: account.currency,
    billCycleDay: account.billCycleDay,
    autoPay: account.autoPay ?? false,
    balance: 0,
    updatedDate: account.updatedDate,
  };
}

function presentAccount(account: BillingAccount): Schemas['GetAccountResponse'] {
  return {
    basicInfo: {
      id: account.id,
      name: account.name,
      accountNumber: account.accountNumber,
      status: account.status,
      ...(account.crmId === undefined ? {} : { crmId: account.crmId }),
      createdDate: account.createdDate,
      updatedDate: account.updatedDate,
    },
    billingAndPayment: {
      billCycleDay: account.billCycleDay,
      currency: account.currency,
      autoPay: account.autoPay ?? false,
      ...(account.paymentTerm === undefined ? {} : { paymentTerm: account.paymentTerm }),
    },
    metrics: { balance: 0, totalInvoiceBalance: 0, creditBalance: 0, contractedMrr: 0 },
    billToContact: account.billToContact,
    soldToContact: account.soldToContact,
    success: true,
  };
}

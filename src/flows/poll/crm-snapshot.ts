import type { components as CrmSchemas } from '../../../generated/crm-system-v1/types.js';
import { recordDeadLetter } from '../../events/dead-letters.js';
import type { Store, StoredRecord } from '../../store/index.js';
import { callSystem, SystemCallError, systemsFromEnv } from '../reference/systems.js';
import {
  finishFollowUp,
  listFollowUps,
  recordFollowUpFailure,
  type FollowUp,
} from './follow-ups.js';
import type { PollFollowUpContext } from './handlers.js';

type AccountFields = CrmSchemas['schemas']['AccountFields'];

/** The CRM account fields of a billing snapshot, every one of them written each time. */
export type BillingSnapshot = Required<
  Pick<
    AccountFields,
    | 'Last_Payment_Date__c'
    | 'Last_Payment_Amount__c'
    | 'Last_Payment_Currency__c'
    | 'Last_Payment_ERP_Id__c'
    | 'Open_Balance__c'
  >
>;

/** A payment as its billing snapshot records it. */
export interface SnapshotPayment {
  /** The ERP internal id: the snapshot's key, and its order among payments of one date. */
  erpId: string;
  /** The payment date, `YYYY-MM-DD`. */
  date: string;
  /** A decimal string, as canonical amounts are. */
  amount: string;
  currency: string;
}

/** How many pending snapshots one poll works through at most; the rest wait for the next. */
const SNAPSHOTS_PER_POLL = 100;
const CALL_TIMEOUT_MS = 10_000;

type CanonicalPayment = StoredRecord & {
  amount: { amount: string; currency: string };
  effectiveDate: string;
  billingAccountId: string;
};
type CanonicalAccount = StoredRecord & {
  accountNumber: string;
  externalRefs?: { system: string; type: string; id: string }[];
};
type Loaded = { payment: SnapshotPayment; account: CanonicalAccount } | { gone: string };
type SnapshotOutcome =
  | { status: 'written' | 'current'; crmAccountId: string }
  | { status: 'unlinked'; accountNumber: string }
  | { status: 'gone'; reason: string };

/**
 * The follow-up of flow F7: writes the billing snapshot of each payment F7 imported to the CRM
 * account of the paying customer, the one the billing account names as its `crmId`, else the
 * canonical billing account's `crm` reference. The snapshot only moves forward: a payment that
 * is not after the one the account records (by date, then ERP internal id) changes nothing, so a
 * snapshot tried again is written once. A customer without a CRM account is skipped with a
 * warning. When billing or the CRM is unavailable or refuses the credentials, the snapshot stays
 * pending for the next poll, and so do the ones after it; one they refuse is dead-lettered.
 */
export async function snapshotPaymentsInCrm(context: PollFollowUpContext): Promise<void> {
  const query = {
    poller: context.poller,
    step: 'crm-snapshot' as const,
    limit: SNAPSHOTS_PER_POLL,
  };
  for (const followUp of await listFollowUps(context.store, query)) {
    if (!(await context.renewLease())) return;
    if (!(await trySnapshot(context, followUp))) return;
  }
}

/** Tries one pending snapshot; false when a system was unavailable, so the rest should wait. */
async function trySnapshot(context: PollFollowUpContext, followUp: FollowUp): Promise<boolean> {
  let outcome: SnapshotOutcome;
  try {
    outcome = await writeSnapshot(context, followUp);
  } catch (err) {
    if (!(err instanceof SystemCallError)) throw err;
    if (isRetried(err)) return keepPending(context, followUp, err);
    await giveUp(context, followUp, err.message);
    return true;
  }
  if (outcome.status === 'gone') {
    await giveUp(context, followUp, outcome.reason);
    return true;
  }
  await finishFollowUp(context.store, followUp);
  logOutcome(context, followUp, outcome);
  return true;
}

async function writeSnapshot(
  context: PollFollowUpContext,
  followUp: FollowUp,
): Promise<SnapshotOutcome> {
  const loaded = await loadPayment(context.store, followUp);
  if ('gone' in loaded) return { status: 'gone', reason: loaded.gone };
  const { accountNumber } = loaded.account;
  const billing = await readBillingAccount(context.env, accountNumber);
  const crmAccountId = billing.crmId ?? crmRefOf(loaded.account);
  if (crmAccountId === undefined) return { status: 'unlinked', accountNumber };

  const snapshot = billingSnapshotOf(loaded.payment, billing.balance);
  const status = await moveSnapshotForward(context.env, crmAccountId, snapshot);
  return { status, crmAccountId };
}

/** Writes `snapshot` to the CRM account, unless the account records the same or a later payment. */
async function moveSnapshotForward(
  env: NodeJS.ProcessEnv,
  crmAccountId: string,
  snapshot: BillingSnapshot,
): Promise<'written' | 'current'> {
  const { crm } = systemsFromEnv(env);
  const path = '/services/data/v62.0/sobjects/Account/{id}';
  const params = { path: { id: crmAccountId } };
  const read = crm.GET(path, { params, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  const current = await callSystem('crm-system', 'getAccount', read);
  if (!isNewerPayment(snapshot, current)) return 'current';

  // The CRM has no conditional update; the poll's lease makes this the snapshot's only writer.
  const signal = AbortSignal.timeout(CALL_TIMEOUT_MS);
  await callSystem(
    'crm-system',
    'updateAccount',
    crm.PATCH(path, { params, body: snapshot, signal }),
  );
  return 'written';
}

/** The canonical payment and billing account of a follow-up, or why they cannot be had. */
async function loadPayment(store: Store, followUp: FollowUp): Promise<Loaded> {
  const payment = (await store.records('canonical_payments').get(followUp.recordId)) as
    CanonicalPayment | undefined;
  if (payment === undefined) return { gone: `canonical payment ${followUp.recordId} is gone` };
  const account = (await store
    .records('canonical_billing_accounts')
    .get(payment.billingAccountId)) as CanonicalAccount | undefined;
  if (account === undefined) {
    return { gone: `canonical billing account ${payment.billingAccountId} is gone` };
  }
  const { amount, currency } = payment.amount;
  const date = payment.effectiveDate;
  return { payment: { erpId: followUp.itemId, date, amount, currency }, account };
}

async function readBillingAccount(
  env: NodeJS.ProcessEnv,
  accountNumber: string,
): Promise<{ crmId: string | undefined; balance: number | undefined }> {
  const { billing } = systemsFromEnv(env);
  const account = await callSystem(
    'billing-system',
    'getAccount',
    billing.GET('/v1/accounts/{accountKey}', {
      params: { path: { accountKey: accountNumber } },
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    }),
  );
  return { crmId: account.basicInfo.crmId ?? undefined, balance: account.metrics?.balance };
}

function crmRefOf(account: CanonicalAccount): string | undefined {
  return account.externalRefs?.find((ref) => ref.system === 'crm' && ref.type === 'Account')?.id;
}

/** The snapshot of `payment`; the open balance is null when billing reported none. */
export function billingSnapshotOf(
  payment: SnapshotPayment,
  balance: number | undefined,
): BillingSnapshot {
  return {
    Last_Payment_Date__c: payment.date,
    Last_Payment_Amount__c: Number(payment.amount),
    Last_Payment_Currency__c: payment.currency,
    Last_Payment_ERP_Id__c: payment.erpId,
    Open_Balance__c: balance ?? null,
  };
}

/**
 * True when `snapshot` is of a payment after the one `current` records: a later date, or the
 * same date and a higher ERP internal id. An account that records none has every payment after.
 */
export function isNewerPayment(
  snapshot: Pick<BillingSnapshot, 'Last_Payment_Date__c' | 'Last_Payment_ERP_Id__c'>,
  current: Pick<AccountFields, 'Last_Payment_Date__c' | 'Last_Payment_ERP_Id__c'>,
): boolean {
  const byDate = compareText(snapshot.Last_Payment_Date__c, current.Last_Payment_Date__c ?? '');
  if (byDate !== 0) return byDate > 0;
  return compareErpIds(snapshot.Last_Payment_ERP_Id__c, current.Last_Payment_ERP_Id__c ?? '') > 0;
}

/** Orders ERP internal ids, strings of digits, by their value. */
function compareErpIds(a: string, b: string): number {
  return Math.sign(a.length - b.length) || compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a later poll should try again: after no answer, 429 or a 5xx, and after 401 or 403,
 * which refuse Junction's credentials rather than the snapshot and pass once they are fixed.
 */
function isRetried(err: SystemCallError): boolean {
  return err.transient || err.status === 401 || err.status === 403;
}

/** Records a failed attempt, leaving the snapshot for the next poll; false, to stop this one. */
async function keepPending(
  context: PollFollowUpContext,
  followUp: FollowUp,
  err: SystemCallError,
): Promise<false> {
  const failure = { error: err.message, at: new Date().toISOString() };
  await recordFollowUpFailure(context.store, followUp, failure);
  const fields = { err, paymentId: followUp.itemId, attempts: followUp.attempts + 1 };
  context.logger.warn(fields, 'crm billing snapshot failed; retried on the next poll');
  return false;
}

async function giveUp(
  context: PollFollowUpContext,
  followUp: FollowUp,
  cause: string,
): Promise<void> {
  const reason =
    `the CRM billing snapshot of customer payment ${followUp.itemId} was given up: ${cause}; ` +
    "fix the cause, and the account's next payment writes its snapshot";
  await context.store.transaction(async (tx) => {
    await recordDeadLetter(tx, {
      stage: 'poll',
      consumer: `poller:${context.poller}`,
      payload: { step: followUp.step, paymentId: followUp.itemId, recordId: followUp.recordId },
      reason,
    });
    await finishFollowUp(tx, followUp);
  });
  context.logger.error({ paymentId: followUp.itemId, reason }, 'crm billing snapshot given up');
}

function logOutcome(
  context: PollFollowUpContext,
  followUp: FollowUp,
  outcome: Exclude<SnapshotOutcome, { status: 'gone' }>,
): void {
  const paymentId = followUp.itemId;
  if (outcome.status === 'unlinked') {
    const fields = { paymentId, accountNumber: outcome.accountNumber };
    context.logger.warn(fields, 'payment of an account without a CRM account; no snapshot written');
    return;
  }
  const fields = { paymentId, crmAccountId: outcome.crmAccountId };
  if (outcome.status === 'written') context.logger.info(fields, 'crm billing snapshot written');
  else context.logger.info(fields, 'crm billing snapshot already as new; left unchanged');
}

import { buildCanonicalEvent } from '../../apis/canonical/events/canonical-event.js';
import type { Consumer } from '../../events/bus.js';
import { eventTypeOf } from '../../events/canonical-event-types.js';
import type { CloudEvent } from '../../events/envelope.js';
import { handleOnce, hasHandled } from '../../events/inbox.js';
import type { Logger } from '../../observability/logger.js';
import type { Store, StoredRecord } from '../../store/index.js';
import { runSaga, type SagaResult, type SagaStep, type SagaStepContext } from '../saga.js';
import { createCanonicalWrites, type CanonicalWrites } from './canonical-writes.js';
import { callSystem, callSystemForStatus, type ReferenceSystems } from './systems.js';

/** The flow's name in the flow-run log, and its consumer's name on the bus. */
export const CRM_LINK_FLOW = 'crm-link';

const SOURCE = '/junction/flows/crm-link';

interface ExternalRef {
  system: string;
  type: string;
  id: string;
  number?: string;
}

/** The part of a `subscription.created` event the flow reads. */
export interface SubscriptionData {
  subscriptionNumber: string;
  billingAccountId: string;
  lines: { planId: string; quantity: number; price: { amount: string; currency: string } }[];
  externalRefs: ExternalRef[];
}

/** What the flow needs beside the event. */
export interface CrmLinkDeps {
  store: Store;
  systems: ReferenceSystems;
  logger?: Logger;
}

type Context = SagaStepContext<SubscriptionData>;

/**
 * F2: links a new subscription's billing account to a CRM account and books a Closed Won web
 * opportunity for it. The CRM account is the one the billing account already names, else the
 * one with the organization's domain, else the one of the buyer's e-mail, else a new one; its
 * id is written back to the billing account (`crmId`). The opportunity is upserted by the
 * billing subscription number, so the same subscription never books two.
 */
export async function runCrmLink(
  deps: CrmLinkDeps,
  event: CloudEvent<SubscriptionData>,
): Promise<SagaResult> {
  const writes = createCanonicalWrites();
  return runSaga(
    deps.store,
    { name: CRM_LINK_FLOW, steps: crmLinkSteps(deps, writes) },
    event.data,
    {
      correlationId: event.correlationid,
      causationId: event.id,
      outbox: writes.outbox,
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    },
  );
}

/** The bus consumer of F2: each `subscription.created` event runs the flow once. */
export function crmLinkConsumer(deps: CrmLinkDeps): Consumer {
  return {
    name: `reference.${CRM_LINK_FLOW}`,
    types: [eventTypeOf('subscription.created')],
    async handle(event) {
      const name = `reference.${CRM_LINK_FLOW}`;
      if (await hasHandled(deps.store, name, event.id)) return;
      const result = await runCrmLink(deps, event as CloudEvent<SubscriptionData>);
      if (result.status !== 'completed') {
        throw new Error(
          `flow run ${result.runId} ended ${result.status}: ${result.error?.message}`,
        );
      }
      await handleOnce(deps.store, name, event.id, () => Promise.resolve());
    },
  };
}

/** The steps of F2, writing canonical changes through `writes`; recovery compensates with them. */
export function crmLinkSteps(
  deps: CrmLinkDeps,
  writes: CanonicalWrites,
): SagaStep<SubscriptionData>[] {
  return [
    { name: 'load-billing-account', system: 'junction', run: (context) => loadAccount(context) },
    {
      name: 'read-billing-account',
      system: 'billing-system',
      run: (context) => readBillingAccount(deps.systems, context),
    },
    {
      name: 'find-or-create-crm-account',
      system: 'crm-system',
      run: (context) => findOrCreateCrmAccount(deps.systems, context),
    },
    {
      name: 'link-billing-account',
      system: 'billing-system',
      run: (context) => linkBillingAccount(deps.systems, context),
    },
    {
      name: 'record-crm-link',
      system: 'junction',
      run: (context) => recordCrmLink(context, writes),
    },
    {
      name: 'upsert-opportunity',
      system: 'crm-system',
      run: (context) => upsertOpportunity(deps.systems, context),
    },
  ];
}

interface LoadedAccount {
  billingAccountId: string;
  accountNumber: string;
  organizationName: string;
  domain: string | null;
}

async function loadAccount(context: Context): Promise<LoadedAccount> {
  const { billingAccountId } = context.input;
  const account = await context.store.records('canonical_billing_accounts').get(billingAccountId);
  if (account === undefined || typeof account.accountNumber !== 'string') {
    throw new Error(`expected billing account ${billingAccountId} with an account number`);
  }
  const organization = await context.store
    .records('canonical_organizations')
    .get(String(account.organizationId));
  return {
    billingAccountId,
    accountNumber: account.accountNumber,
    organizationName: String(organization?.legalName ?? account.name),
    domain: typeof organization?.domain === 'string' ? organization.domain : null,
  };
}

async function readBillingAccount(systems: ReferenceSystems, context: Context) {
  const { accountNumber } = loaded(context);
  const account = await callSystem(
    'billing-system',
    'getAccount',
    systems.billing.GET('/v1/accounts/{accountKey}', {
      params: { path: { accountKey: accountNumber } },
    }),
  );
  return {
    crmId: account.basicInfo.crmId ?? null,
    email: account.billToContact.workEmail ?? null,
  };
}

type MatchedBy = 'billing-account' | 'domain' | 'email' | 'created';

async function findOrCreateCrmAccount(
  systems: ReferenceSystems,
  context: Context,
): Promise<{ crmAccountId: string; matchedBy: MatchedBy }> {
  const { crmId, email } = context.results['read-billing-account'] as {
    crmId: string | null;
    email: string | null;
  };
  if (crmId !== null) return { crmAccountId: crmId, matchedBy: 'billing-account' };
  const { domain, organizationName } = loaded(context);

  if (domain !== null) {
    const byDomain = await queryIds(
      systems,
      'AccountId',
      `Account WHERE Domain__c = ${quote(domain)}`,
    );
    if (byDomain !== undefined) return { crmAccountId: byDomain, matchedBy: 'domain' };
  }
  if (email !== null) {
    const byEmail = await queryIds(systems, 'AccountId', `Contact WHERE Email = ${quote(email)}`);
    if (byEmail !== undefined) return { crmAccountId: byEmail, matchedBy: 'email' };
  }
  const created = await callSystem(
    'crm-system',
    'createAccount',
    systems.crm.POST('/services/data/v62.0/sobjects/Account', {
      body: {
        Name: organizationName,
        Type: 'Customer',
        ...(domain === null ? {} : { Domain__c: domain, Website: `https://${domain}` }),
        Billing_Account_Number__c: loaded(context).accountNumber,
      },
    }),
  );
  return { crmAccountId: created.id, matchedBy: 'created' };
}

/** The first record's account id (`Id` of an Account, `AccountId` of a Contact), if any. */
async function queryIds(
  systems: ReferenceSystems,
  field: 'AccountId',
  from: string,
): Promise<string | undefined> {
  const isContact = from.startsWith('Contact');
  const select = isContact ? `SELECT Id, ${field} FROM ${from}` : `SELECT Id FROM ${from}`;
  const result = await callSystem(
    'crm-system',
    'query',
    systems.crm.GET('/services/data/v62.0/query', {
      params: { query: { q: `${select} LIMIT 1` } },
    }),
  );
  const record = result.records[0] as Record<string, unknown> | undefined;
  const id = isContact ? record?.[field] : record?.Id;
  return typeof id === 'string' ? id : undefined;
}

/** A SOQL string literal: backslashes and quotes escaped, as SOQL requires. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

async function linkBillingAccount(systems: ReferenceSystems, context: Context) {
  const { crmAccountId } = crmAccount(context);
  const { crmId } = context.results['read-billing-account'] as { crmId: string | null };
  if (crmId === crmAccountId) return { crmId, written: false };
  await callSystem(
    'billing-system',
    'updateAccount',
    systems.billing.PUT('/v1/accounts/{accountKey}', {
      params: { path: { accountKey: loaded(context).accountNumber } },
      body: { crmId: crmAccountId },
    }),
  );
  return { crmId: crmAccountId, written: true };
}

async function recordCrmLink(context: Context, writes: CanonicalWrites) {
  const { crmAccountId } = crmAccount(context);
  const { billingAccountId } = loaded(context);
  const account = await context.store.records('canonical_billing_accounts').get(billingAccountId);
  if (account === undefined) throw new Error(`expected billing account ${billingAccountId}`);
  const refs = (account.externalRefs ?? []) as ExternalRef[];
  if (refs.some((ref) => ref.system === 'crm' && ref.id === crmAccountId)) {
    return { recorded: false };
  }
  const others = refs.filter((ref) => !(ref.system === 'crm' && ref.type === 'Account'));
  const linked: StoredRecord = {
    ...account,
    externalRefs: [...others, { system: 'crm', type: 'Account', id: crmAccountId }],
    updatedAt: new Date().toISOString(),
  };
  const event = buildCanonicalEvent(linked, {
    event: 'billing-account.updated',
    source: SOURCE,
    correlationId: context.correlationId,
  });
  writes.stage(context, event, async (tx) => {
    await tx.records('canonical_billing_accounts').replace(linked);
  });
  return { recorded: true };
}

async function upsertOpportunity(systems: ReferenceSystems, context: Context) {
  const { crmAccountId } = crmAccount(context);
  const { organizationName } = loaded(context);
  const terms = opportunityTermsOf(context.input);
  const saved = await callSystemForStatus(
    'crm-system',
    'upsertOpportunity',
    systems.crm.PATCH('/services/data/v62.0/sobjects/Opportunity/{externalIdField}/{externalId}', {
      params: { path: { externalIdField: 'Subscription_Number__c', externalId: terms.externalId } },
      body: {
        AccountId: crmAccountId,
        Name: opportunityName(organizationName, context.input.subscriptionNumber),
        StageName: 'Closed Won',
        CloseDate: new Date().toISOString().slice(0, 10),
        Amount: terms.amount,
        ...(terms.currency === undefined ? {} : { CurrencyIsoCode: terms.currency }),
        Type: 'New Business',
        Probability: 100,
      },
    }),
  );
  return { opportunityId: saved.data.id, created: saved.status === 201 };
}

/** What the opportunity of a new subscription books, read from the event's data. */
export interface OpportunityTerms {
  /** The billing subscription number, the opportunity's external id. */
  externalId: string;
  /** Price times quantity, summed over the lines, to the cent. */
  amount: number;
  /** The currency of the first line; none for a subscription without lines. */
  currency?: string;
}

/** The terms of the opportunity F2 upserts for a subscription. */
export function opportunityTermsOf(subscription: SubscriptionData): OpportunityTerms {
  const line = subscription.lines[0];
  const amount = subscription.lines.reduce(
    (sum, item) => sum + Number(item.price.amount) * item.quantity,
    0,
  );
  return {
    externalId: billingSubscriptionNumber(subscription),
    amount: Math.round(amount * 100) / 100,
    ...(line === undefined ? {} : { currency: line.price.currency }),
  };
}

/** The CRM's longest opportunity name (crm-system spec, `OpportunityFields.Name`). */
const OPPORTUNITY_NAME_LENGTH = 120;

/** `<organization> - <subscription number> - web`, the organization cut to fit the CRM. */
export function opportunityName(organizationName: string, subscriptionNumber: string): string {
  const suffix = ` - ${subscriptionNumber} - web`;
  const room = OPPORTUNITY_NAME_LENGTH - suffix.length;
  return `${[...organizationName].slice(0, room).join('')}${suffix}`;
}

function billingSubscriptionNumber(subscription: SubscriptionData): string {
  const ref = subscription.externalRefs.find(
    (candidate) => candidate.system === 'billing' && candidate.type === 'Subscription',
  );
  return ref?.number ?? subscription.subscriptionNumber;
}

function loaded(context: Context): LoadedAccount {
  return context.results['load-billing-account'] as LoadedAccount;
}

function crmAccount(context: Context): { crmAccountId: string } {
  return context.results['find-or-create-crm-account'] as { crmAccountId: string };
}

import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

type Opportunity = Schemas['Opportunity'];

/** CRM accounts; a new account is a prospect unless the caller says otherwise. */
export const accounts: ResourceSpec<Schemas['SalesAccount'], Schemas['SalesAccountCreate']> = {
  table: 'sales_accounts',
  noun: 'account',
  collection: 'accounts',
  idField: 'accountId',
  complete: (body) => ({ type: 'Prospect', ...body, accountId: newId() }),
};

/** CRM contacts of an account. */
export const contacts: ResourceSpec<Schemas['SalesContact'], Schemas['SalesContactCreate']> = {
  table: 'sales_contacts',
  noun: 'contact',
  collection: 'contacts',
  idField: 'contactId',
  complete: (body) => ({ ...body, contactId: newId() }),
};

/** Opportunities; `isWon` always follows the stage, whoever changed it. */
export const opportunities: ResourceSpec<Opportunity, Schemas['OpportunityCreate']> = {
  table: 'sales_opportunities',
  noun: 'opportunity',
  collection: 'opportunities',
  idField: 'opportunityId',
  complete: (body) => ({
    type: 'New Business',
    channel: 'Direct',
    ...body,
    opportunityId: newId(),
    isWon: body.stageName === 'Closed Won',
  }),
  derive: (record: Opportunity) => ({ ...record, isWon: record.stageName === 'Closed Won' }),
};

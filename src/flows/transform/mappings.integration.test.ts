import { describe, expect, it } from 'vitest';

import { toFinanceCustomerCreate } from '../../domain/mappers/finance-customer.js';
import { toFinanceInvoiceCreate } from '../../domain/mappers/finance-invoice.js';
import {
  acmeBillingAccount,
  acmeInvoice,
  acmeOrganization,
} from '../../domain/mappers/samples.test-support.js';
import { evaluateMapping } from './evaluate-mapping.js';
import { MappingError } from './mapping-error.js';

const planId = '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const financeContext = { customerInternalId: '1042', itemsByPlanId: { [planId]: 'premium-saas' } };
const invoiceFile =
  'src/flows/transform/mappings/canonical-invoice-to-finance-invoice.mapping.yaml';

async function failure(promise: Promise<unknown>): Promise<MappingError> {
  const err = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(err instanceof MappingError))
    throw new Error(`expected a MappingError, got ${String(err)}`);
  return err;
}

describe('the JSONata mappings of src/flows/transform/mappings', () => {
  it('maps a canonical invoice to a finance invoice exactly as the typed mapper does', async () => {
    const output = await evaluateMapping('canonical-invoice-to-finance-invoice', acmeInvoice, {
      bindings: financeContext,
      validateInput: true,
    });
    expect(output).toStrictEqual({
      externalId: 'INV00023456',
      tranId: 'INV00023456',
      entity: '1042',
      tranDate: '2026-11-15',
      dueDate: '2026-12-15',
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      item: [
        {
          item: 'premium-saas',
          description: '2026-11-15 to 2027-11-14',
          quantity: 25,
          rate: '1100.00',
          amount: '27500.00',
        },
      ],
      total: { amount: '27500.00', currency: 'EUR' },
      amountRemaining: { amount: '12500.00', currency: 'EUR' },
    });
    expect(output).toStrictEqual(toFinanceInvoiceCreate(acmeInvoice, financeContext));
  });

  it('rounds a rate that does not divide evenly half-even to the currency’s minor unit', async () => {
    const invoice = {
      ...acmeInvoice,
      currency: 'JPY',
      lines: [{ planId, quantity: 3, amount: { amount: '1000', currency: 'JPY' } }],
    };
    const output = (await evaluateMapping('canonical-invoice-to-finance-invoice', invoice, {
      bindings: financeContext,
      validateOutput: false,
    })) as { item: unknown };
    expect(output.item).toStrictEqual([
      { item: 'premium-saas', quantity: 3, rate: '333', amount: '1000' },
    ]);
  });

  it('names the mapping, the pointer and the value when a plan has no ERP item', async () => {
    const err = await failure(
      evaluateMapping('canonical-invoice-to-finance-invoice', acmeInvoice, {
        bindings: { ...financeContext, itemsByPlanId: {} },
      }),
    );
    expect([err.message, err.details]).toStrictEqual([
      `mapping 'canonical-invoice-to-finance-invoice' (${invoiceFile}) produced output that breaks its schema: output /item/0 must have required property 'item' (finance-v1#/components/schemas/InvoiceCreate), got {"description":"2026-11-15 to 2027-11-14","quantity":25,"rate":"1100.00","amount":"27500.00"}`,
      {
        mapping: 'canonical-invoice-to-finance-invoice',
        stage: 'validate',
        file: invoiceFile,
        pointer: '/item/0',
        value: {
          description: '2026-11-15 to 2027-11-14',
          quantity: 25,
          rate: '1100.00',
          amount: '27500.00',
        },
      },
    ]);
  });

  it('maps a canonical billing account and organization to a finance customer as the typed mapper does', async () => {
    const output = await evaluateMapping('canonical-billing-account-to-finance-customer', {
      account: acmeBillingAccount,
      organization: acmeOrganization,
    });
    expect(output).toStrictEqual({
      externalId: 'A00012345',
      entityId: 'A00012345',
      companyName: 'Acme Robotics GmbH',
      url: 'acme-robotics.example',
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      terms: 'Net 30',
      vatRegNumber: 'DE123456789',
      crmAccountId: '0015e00000ABCDeAAO',
    });
    expect(output).toStrictEqual(toFinanceCustomerCreate(acmeBillingAccount, acmeOrganization));
  });

  it('maps a CRM account with an English country name to a canonical organization', async () => {
    const output = await evaluateMapping('sales-account-to-canonical-organization', {
      accountId: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
      name: 'Acme Robotics GmbH',
      website: 'acme-robotics.example',
      type: 'Customer',
      billingAddress: {
        line1: 'Friedrichstrasse 68',
        city: 'Berlin',
        postalCode: '10117',
        country: 'Germany',
      },
    });
    expect(output).toStrictEqual({
      legalName: 'Acme Robotics GmbH',
      domain: 'acme-robotics.example',
      status: 'customer',
      type: 'standard',
      addresses: [
        { line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
      ],
      externalRefs: [
        { system: 'crm', type: 'Account', id: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b' },
      ],
    });
  });

  it('refuses a CRM account whose country is no known country name', async () => {
    const err = await failure(
      evaluateMapping('sales-account-to-canonical-organization', {
        accountId: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
        name: 'Atlantis Trading',
        type: 'Prospect',
        billingAddress: { line1: 'Main Street 1', city: 'Poseidonia', country: 'Atlantis' },
      }),
    );
    const file =
      'src/flows/transform/mappings/sales-account-to-canonical-organization.mapping.yaml';
    expect([err.message, err.details]).toStrictEqual([
      `mapping 'sales-account-to-canonical-organization' (${file}) failed at expression line 10, column 73: expected an English country name such as 'Germany', got "Atlantis" in $countryCode()`,
      {
        mapping: 'sales-account-to-canonical-organization',
        stage: 'evaluate',
        file,
        line: 10,
        column: 73,
      },
    ]);
  });
});

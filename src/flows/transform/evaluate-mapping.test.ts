import { describe, expect, it } from 'vitest';

import { BUILTINS } from './builtins/index.js';
import { evaluateMapping } from './evaluate-mapping.js';
import { MappingError } from './mapping-error.js';
import { compileMapping } from './mapping.js';
import { ReferenceTables } from './reference-tables.js';

const tables = new ReferenceTables().register('plan-tiers', { premium: 'Premium', free: null });

function probe(expression: string) {
  return compileMapping({ name: 'probe', expression });
}

async function failure(promise: Promise<unknown>): Promise<MappingError> {
  const err = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(err instanceof MappingError))
    throw new Error(`expected a MappingError, got ${String(err)}`);
  return err;
}

describe('the built-ins, called from a mapping', () => {
  it.each([
    {
      expression: `$formatInZone('2026-03-29T01:30:00Z', 'Europe/Berlin')`,
      want: '2026-03-29T03:30:00+02:00',
    },
    { expression: `$dateInZone('2026-11-30T23:30:00Z', 'Europe/Berlin')`, want: '2026-12-01' },
    {
      expression: `$startOfMonth('2026-11-15T10:00:00Z', 'Europe/Berlin')`,
      want: '2026-10-31T23:00:00.000Z',
    },
    {
      expression: `$endOfMonth('2026-11-15T10:00:00Z', 'Europe/Berlin')`,
      want: '2026-11-30T22:59:59.999Z',
    },
    { expression: `$postingPeriod('2026-11-30T23:30:00Z', 'Europe/Berlin')`, want: 'Dec 2026' },
    { expression: `$addMonths('2026-01-31', 1)`, want: '2026-02-28' },
    { expression: `$addDecimals(['1100.00', '-0.005', '0.10'])`, want: '1100.095' },
    { expression: `$subtractDecimals('10.00', '0.01')`, want: '9.99' },
    { expression: `$multiplyDecimals('1100.00', '25')`, want: '27500.00' },
    { expression: `$divideDecimal('100.00', 3, 2)`, want: '33.33' },
    { expression: `$compareDecimals('1.50', '1.5')`, want: 0 },
    { expression: `$roundDecimal('2.345', 2)`, want: '2.34' },
    { expression: `$roundDecimal('2.345', 2, 'half-up')`, want: '2.35' },
    { expression: `$minorUnits('BHD')`, want: 3 },
    { expression: `$roundMoney('1234.5', 'JPY')`, want: '1234' },
    { expression: `$roundMoney('-1.005', 'EUR', 'half-up')`, want: '-1.01' },
    { expression: `$money('12.3455', 'BHD')`, want: { amount: '12.346', currency: 'BHD' } },
    { expression: `$countryAlpha3('DE')`, want: 'DEU' },
    { expression: `$countryAlpha2('USA')`, want: 'US' },
    { expression: `$countryName('GB')`, want: 'United Kingdom' },
    { expression: `$countryCode('Germany')`, want: 'DE' },
    { expression: `$lookupTable('plan-tiers', 'premium')`, want: 'Premium' },
    { expression: `$lookupTable('plan-tiers', 'ultimate', 'Unknown')`, want: 'Unknown' },
    { expression: `$lookupTable('plan-tiers', 'free', 'Unknown')`, want: null },
    {
      expression: `$maskEmail('jana.becker@acme-robotics.example')`,
      want: 'j***@acme-robotics.example',
    },
    { expression: `$maskCard('4111 1111 1111 1234')`, want: '**** **** **** 1234' },
    { expression: `$keepLast('DE89370400440532013000', 4)`, want: '******************3000' },
  ])('evaluates $expression to $want', async ({ expression, want }) => {
    expect(await evaluateMapping(probe(expression), {}, { tables })).toStrictEqual(want);
  });

  it('covers every registered built-in in the table above', () => {
    expect(BUILTINS.map((builtin) => builtin.name)).toStrictEqual([
      'formatInZone',
      'dateInZone',
      'startOfMonth',
      'endOfMonth',
      'postingPeriod',
      'addMonths',
      'addDecimals',
      'subtractDecimals',
      'multiplyDecimals',
      'compareDecimals',
      'roundDecimal',
      'divideDecimal',
      'minorUnits',
      'roundMoney',
      'money',
      'countryAlpha3',
      'countryAlpha2',
      'countryName',
      'countryCode',
      'lookupTable',
      'maskEmail',
      'maskCard',
      'keepLast',
    ]);
  });
});

describe('evaluateMapping', () => {
  it('reads the caller’s bindings as variables', async () => {
    const mapping = probe('{ "entity": $customerInternalId, "number": invoiceNumber }');
    expect(
      await evaluateMapping(
        mapping,
        { invoiceNumber: 'INV00023456' },
        {
          bindings: { customerInternalId: '1042' },
        },
      ),
    ).toStrictEqual({ entity: '1042', number: 'INV00023456' });
  });

  it('names the mapping, the line and column, the function and the reason when a built-in fails', async () => {
    const mapping = probe('{\n  "country": $countryAlpha3(address.country)\n}');
    const err = await failure(evaluateMapping(mapping, { address: { country: 'XK' } }, { tables }));
    expect([err.message, err.details]).toStrictEqual([
      `mapping 'probe' failed at expression line 2, column 28: expected an ISO 3166-1 alpha-2 country code such as 'DE', got "XK" in $countryAlpha3()`,
      { mapping: 'probe', stage: 'evaluate', line: 2, column: 28 },
    ]);
  });

  it('says how to call a built-in given arguments of the wrong type', async () => {
    const err = await failure(evaluateMapping(probe(`$roundMoney(12.5, 'EUR')`), {}, { tables }));
    expect(err.message).toBe(
      `mapping 'probe' failed at expression line 1, column 12: Argument 1 of function "roundMoney" does not match function signature in $roundMoney(); call it as $roundMoney(amount, currency, mode?)`,
    );
  });

  it('refuses a missing key of a reference table unless a default is given', async () => {
    const err = await failure(
      evaluateMapping(probe(`$lookupTable('plan-tiers', 'ultimate')`), {}, { tables }),
    );
    expect(err.message).toBe(
      `mapping 'probe' failed at expression line 1, column 13: reference table "plan-tiers" has no key "ultimate"; add it to the table or pass a default as the third argument in $lookupTable()`,
    );
  });

  it('refuses an unknown reference table, listing the known ones', async () => {
    const err = await failure(
      evaluateMapping(probe(`$lookupTable('tiers', 'premium', 'x')`), {}, { tables }),
    );
    expect(err.message).toBe(
      `mapping 'probe' failed at expression line 1, column 13: expected a reference table named "tiers", but the tables are plan-tiers in $lookupTable()`,
    );
  });

  it('checks the output against an inline schema and names the pointer and the value', async () => {
    const mapping = compileMapping({
      name: 'order-total',
      expression: '{ "total": { "amount": $string(amount), "currency": currency } }',
      output: {
        type: 'object',
        properties: {
          total: {
            type: 'object',
            properties: { amount: { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' } },
          },
        },
      },
    });
    const err = await failure(evaluateMapping(mapping, { amount: 12.5, currency: 'EUR' }));
    expect([err.message, err.details]).toStrictEqual([
      `mapping 'order-total' produced output that breaks its schema: output /total/amount must match pattern "^-?[0-9]+\\.[0-9]{2}$" (its inline schema), got "12.5"`,
      { mapping: 'order-total', stage: 'validate', pointer: '/total/amount', value: '12.5' },
    ]);
  });

  it('skips the output check when asked to', async () => {
    const mapping = compileMapping({
      name: 'anything',
      expression: '{ "a": 1 }',
      output: { type: 'object', required: ['b'] },
    });
    expect(await evaluateMapping(mapping, {}, { validateOutput: false })).toStrictEqual({ a: 1 });
  });

  it('checks the input first when asked to', async () => {
    const mapping = compileMapping({
      name: 'needs-number',
      expression: 'number',
      input: { type: 'object', required: ['number'] },
    });
    const err = await failure(evaluateMapping(mapping, {}, { validateInput: true }));
    expect(err.message).toBe(
      `mapping 'needs-number' failed: input / must have required property 'number' (its inline schema), got {}`,
    );
  });
});

// What the implicit threat-protection policy adds to a typical request body: the incremental
// scan and then JSON.parse, against JSON.parse alone. Run: npx vitest bench --run <this file>.
import { bench, describe } from 'vitest';

import { DEFAULT_BODY_LIMITS } from './index.js';
import { JsonScanner } from './json-scanner.js';

const line = (k: number) => ({ planId: `9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5${k}`, quantity: 25 });
const ORDER = Buffer.from(
  JSON.stringify({
    billingAccountId: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
    orderDate: '2026-11-15',
    channel: 'sales',
    actions: [0, 1, 2, 3].map((k) => ({
      type: 'create',
      subscriptionNumber: `S-0000456${k}`,
      effectiveDate: '2026-11-15',
      lines: [line(k), line(k + 4)],
    })),
    externalRefs: [
      { system: 'crm', type: 'Opportunity', id: '0065e00000LmNoPAAV', number: 'Zoë €' },
    ],
    note: 'Renewal agreed by phone; "priority" customer.\nInvoice in one run.'.repeat(2),
  }),
);

describe(`a ${ORDER.length}-byte order body`, () => {
  bench('JSON.parse alone', () => {
    JSON.parse(ORDER.toString('utf8'));
  });

  bench('scan, then JSON.parse', () => {
    const scanner = new JsonScanner(DEFAULT_BODY_LIMITS);
    if (scanner.write(ORDER) ?? scanner.end()) throw new Error('the bench body must pass');
    JSON.parse(scanner.text());
  });
});

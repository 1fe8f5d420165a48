import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FuzzedApi } from './fuzz-api.js';
import type { KnownRecords } from './fuzz-api.js';
import { startFuzzedApp } from './gateway-setup.js';
import type { FuzzedApp } from './gateway-setup.js';
import { readFuzzSettings } from './settings.js';

const settings = readFuzzSettings();

// Platform last: its operations change clients, plans and policies the other APIs rely on.
const API_IDS = [
  'canonical-v1',
  'canonical-v2',
  'sales-v1',
  'billing-v1',
  'finance-v1',
  'fulfillment-v1',
  'storefront-v1',
  'platform-v1',
];
const apis = API_IDS.map(
  (id) => new FuzzedApi(id, join(process.cwd(), 'generated'), settings.seed),
);

describe(`every served API under spec-driven fuzzing (seed ${settings.seed}, ${settings.runs} requests per operation)`, () => {
  let fuzzed: FuzzedApp | undefined;
  const app = () => {
    if (!fuzzed) throw new Error('the app is started in beforeAll; use it inside a test');
    return fuzzed;
  };

  beforeAll(async () => {
    fuzzed = await startFuzzedApp();
  });
  afterAll(async () => {
    if (settings.verbose) process.stderr.write(summary());
    await fuzzed?.close();
  });

  for (const api of apis) {
    describe(api.apiId, () => {
      beforeAll(async () => {
        // Requests name the records the setup stored, such as the plan the storefront sells.
        // Policies of the platform API itself are never changed: they would lock the run out.
        const known = api.apiId === 'platform-v1' ? servedApis() : (app().seeded[api.apiId] ?? []);
        await api.createRecords(app(), known);
      });

      for (const operation of api.operations) {
        it(`answers ${operation.method.toUpperCase()} ${operation.path} (${operation.operationId}) by its contract`, async () => {
          expect(await api.fuzz(app(), operation, settings.runs)).toStrictEqual([]);
        });
      }
    });
  }
});

/** The fuzzed APIs but the platform, and their operations, as existing platform records. */
function servedApis(): KnownRecords[] {
  const others = apis.filter((api) => api.apiId !== 'platform-v1');
  return [
    { name: 'apiId', ids: others.map((api) => api.apiId) },
    ...others.map((api) => ({
      name: 'operationId',
      ids: api.operations.map((operation) => operation.operationId),
      parents: { apiId: api.apiId },
    })),
  ];
}

/** What valid requests reached, per operation, for `npm run fuzz` to print. */
function summary(): string {
  const lines = apis.flatMap((api) =>
    [...api.outcomes].map(([operationId, counts]) => {
      const text = [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([outcome, n]) => `${outcome} ×${n}`)
        .join(', ');
      return `${api.apiId} ${operationId}: ${text}`;
    }),
  );
  return `\noutcomes of valid requests (seed ${settings.seed}):\n${lines.join('\n')}\n`;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadFileConfig } from './file.js';
import { ConfigError } from './index.js';

function project(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-config-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'junction.config.yaml'), yaml);
  return dir;
}

describe('junction.config.yaml', () => {
  it('means defaults when the project has none', () => {
    expect(loadFileConfig(project(), {})).toEqual({
      path: undefined,
      gateway: { policies: {}, apis: {}, customPolicies: {}, oauth2: {} },
      webhooks: { inbound: {} },
      pollers: {},
      referenceFlows: { provisioningReconciliation: { schedule: '*/15 * * * *', enabled: true } },
    });
  });

  it('reads policies per API and operation and resolves custom modules beside the file', () => {
    const dir = project(`
gateway:
  policies:
    cors: { origins: ['https://app.example.com'] }
  apis:
    canonical-v1:
      policies: { rate-limit: { windows: [{ limit: 10, window: 1s }] } }
      operations:
        listOrganizations: { policies: { cache: { ttlSeconds: 30 } } }
  customPolicies:
    request-stamp: ./policies/stamp.ts
`);
    const { gateway } = loadFileConfig(dir, {});
    expect(gateway.policies).toEqual({ cors: { origins: ['https://app.example.com'] } });
    expect(gateway.apis['canonical-v1']?.operations?.listOrganizations?.policies).toEqual({
      cache: { ttlSeconds: 30 },
    });
    expect(gateway.customPolicies['request-stamp']).toBe(join(dir, 'policies/stamp.ts'));
  });

  it('names a file JUNCTION_CONFIG points at that does not exist', () => {
    expect(() => loadFileConfig(project(), { JUNCTION_CONFIG: 'elsewhere.yaml' })).toThrow(
      "JUNCTION_CONFIG='elsewhere.yaml' is not valid: expected an existing YAML file",
    );
  });

  it('names the key of a misspelt setting and of a value of the wrong type', () => {
    expect(() => loadFileConfig(project('gateway:\n  polices: {}\n'), {})).toThrow(
      /junction\.config\.yaml: gateway\.polices='polices' is not valid: expected only the keys/,
    );
    expect(() =>
      loadFileConfig(project('gateway:\n  oauth2:\n    tokenTtlSeconds: 5\n'), {}),
    ).toThrow(/gateway\.oauth2\.tokenTtlSeconds='5' is not valid: expected must be >= 30/);
  });

  it('says where YAML that does not parse went wrong', () => {
    expect(() => loadFileConfig(project('gateway: [\n'), {})).toThrow(
      /junction\.config\.yaml='YAML' is not valid: expected a YAML document \(/,
    );
  });
});

const LEDGER = `
referenceFlows:
  journalTransfer:
    ledger:
      subsidiaryId: '2'
      currencies: { USD: '1', EUR: 4 }
      accounts: { '1200': '119', '2400': 254 }
`;

/** The one-line message loading `yaml` stops with, or 'no error'. */
function failureOf(yaml: string): { dir: string; message: string } {
  const dir = project(yaml);
  try {
    loadFileConfig(dir, {});
    return { dir, message: 'no error' };
  } catch (err) {
    return { dir, message: err instanceof ConfigError ? err.message : String(err) };
  }
}

describe('the referenceFlows section of junction.config.yaml', () => {
  it('reads the ERP ledger of F6, ids written as numbers too, beside the default F4 schedule', () => {
    expect(loadFileConfig(project(LEDGER), {}).referenceFlows).toStrictEqual({
      journalTransfer: {
        ledger: {
          subsidiaryId: '2',
          currencies: { USD: '1', EUR: '4' },
          accounts: { '1200': '119', '2400': '254' },
        },
      },
      provisioningReconciliation: { schedule: '*/15 * * * *', enabled: true },
    });
  });

  it('reads a schedule of its own for F4, or none at all', () => {
    const yaml = `
referenceFlows:
  provisioningReconciliation: { schedule: '0 */2 * * *', enabled: false }
`;
    expect(loadFileConfig(project(yaml), {}).referenceFlows).toStrictEqual({
      provisioningReconciliation: { schedule: '0 */2 * * *', enabled: false },
    });
  });

  const ledgerKey = 'referenceFlows.journalTransfer.ledger';
  const ERP_ID = "an ERP internal id of 1 to 20 digits, such as '119'";
  it.each([
    {
      given: LEDGER.replace("subsidiaryId: '2'", 'subsidiaryId: EU-2'),
      want: `${ledgerKey}.subsidiaryId='EU-2' is not valid: expected ${ERP_ID}`,
    },
    {
      given: LEDGER.replace("'1200': '119'", "'1200': 'Receivables'"),
      want: `${ledgerKey}.accounts.1200='Receivables' is not valid: expected ${ERP_ID}`,
    },
    {
      given: LEDGER.replace('EUR: 4', 'eur: 4'),
      want: `${ledgerKey}.currencies.eur='eur' is not valid: expected an ISO 4217 code such as USD as the key`,
    },
    {
      given: LEDGER.replace("{ '1200': '119', '2400': 254 }", '{}'),
      want: `${ledgerKey}.accounts='{}' is not valid: expected at least one GL account mapped to its ERP internal id`,
    },
    {
      given: LEDGER.replace("      subsidiaryId: '2'\n", ''),
      want: `${ledgerKey}.subsidiaryId='undefined' is not valid: expected ${ERP_ID}`,
    },
    {
      given: LEDGER.replace('subsidiaryId:', 'subsidaryId:'),
      want: `${ledgerKey}.subsidaryId='subsidaryId' is not valid: expected only the keys the README documents`,
    },
    {
      given: LEDGER.replace('ledger:', 'legder:'),
      want: `referenceFlows.journalTransfer.legder='legder' is not valid: expected only the keys the README documents`,
    },
    {
      given: `referenceFlows:\n  journalTransfer: {}\n`,
      want: `${ledgerKey}='undefined' is not valid: expected the ERP ledger: subsidiaryId, currencies and accounts`,
    },
    {
      given: `referenceFlows:\n  provisioningReconciliation: { schedule: 'every 15 minutes' }\n`,
      want: `referenceFlows.provisioningReconciliation.schedule='every 15 minutes' is not valid: expected a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first (CronPattern: invalid configuration format ('every 15 minutes'), exactly five, six, or seven space separated parts are required.)`,
    },
    {
      given: `referenceFlows:\n  provisioningReconciliation: { enabled: 'no' }\n`,
      want: `referenceFlows.provisioningReconciliation.enabled='"no"' is not valid: expected must be boolean`,
    },
  ])('stops start-up with one line naming the key: $want', ({ given, want }) => {
    const { dir, message } = failureOf(given);
    expect(message).toBe(`${join(dir, 'junction.config.yaml')}: ${want}`);
  });
});

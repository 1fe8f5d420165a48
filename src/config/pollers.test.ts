import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadFileConfig } from './file.js';
import { ConfigError } from './index.js';

function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-pollers-'));
  writeFileSync(join(dir, 'junction.config.yaml'), yaml);
  return dir;
}

const POLLER = `
pollers:
  erp-payments:
    source: { system: erp-system-v1, operation: listCustomerPayments }
    schedule: '*/15 * * * *'
    watermark: lastModifiedDate
    handler: erp-payment-to-canonical
`;

const CRON =
  'a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first';

describe('the pollers section of junction.config.yaml', () => {
  it('reads a poller and fills in the defaults', () => {
    expect(loadFileConfig(project(POLLER), {}).pollers).toStrictEqual({
      'erp-payments': {
        source: { system: 'erp-system-v1', operation: 'listCustomerPayments' },
        schedule: '*/15 * * * *',
        watermark: 'lastModifiedDate',
        handler: 'erp-payment-to-canonical',
        idField: 'id',
        pageSize: 100,
        enabled: true,
        backoff: { initialMs: 1_000, maxMs: 900_000 },
      },
    });
  });

  it.each([
    {
      given: POLLER.replace("'*/15 * * * *'", "'every 15 minutes'"),
      want: `pollers.erp-payments.schedule='every 15 minutes' is not valid: expected ${CRON} (CronPattern: invalid configuration format ('every 15 minutes'), exactly five, six, or seven space separated parts are required.)`,
    },
    {
      given: POLLER.replace("'*/15 * * * *'", "'61 * * * *'"),
      want: `pollers.erp-payments.schedule='61 * * * *' is not valid: expected ${CRON} (CronPattern: Invalid value for minute: 61)`,
    },
    {
      given: `${POLLER}    pageSize: 0\n`,
      want: `pollers.erp-payments.pageSize='0' is not valid: expected must be >= 1`,
    },
    {
      given: `${POLLER}    interval: 5m\n`,
      want: `pollers.erp-payments.interval='interval' is not valid: expected only the keys the README documents`,
    },
    {
      given: POLLER.replace('    watermark: lastModifiedDate\n', ''),
      want: `pollers.erp-payments='{"source":{"system":"erp-system-v1","operation":"listCustomerPayments"},"schedule":"*/15 * * * *","handler":"erp-payment-to-canonical"}' is not valid: expected must have required property 'watermark'`,
    },
    {
      given: POLLER.replace('erp-payments:', 'ERP Payments:'),
      want: `pollers='{"ERP Payments":{"source":{"system":"erp-system-v1","operation":"listCustomerPayments"},"schedule":"*/15 * * * *","watermark":"lastModifiedDate","handler":"erp-payment-to-canonical"}}' is not valid: expected must match pattern "^[a-z][a-z0-9-]{0,62}$"`,
    },
  ])('stops start-up with one line naming the key: $want', ({ given, want }) => {
    const dir = project(given);
    const message = (() => {
      try {
        loadFileConfig(dir, {});
        return 'no error';
      } catch (err) {
        return err instanceof ConfigError ? err.message : String(err);
      }
    })();

    expect(message).toBe(`${join(dir, 'junction.config.yaml')}: ${want}`);
  });
});

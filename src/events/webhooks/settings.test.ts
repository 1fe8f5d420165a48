import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadFileConfig } from '../../config/file.js';
import { DEFAULT_RETRY_SCHEDULE_MS } from './retry-schedule.js';
import { loadDeliverySettings } from './settings.js';

function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-webhooks-config-'));
  writeFileSync(join(dir, 'junction.config.yaml'), yaml);
  return dir;
}

describe('loadDeliverySettings', () => {
  it('defaults to a day of retries, a 10 s timeout and a 1 s poll', () => {
    expect(loadDeliverySettings({})).toStrictEqual({
      retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
      timeoutMs: 10_000,
      pollIntervalMs: 1_000,
      batchSize: 10,
    });
  });

  it('reads a schedule in milliseconds for tests', () => {
    const env = {
      JUNCTION_WEBHOOK_RETRY_SCHEDULE: '20ms,40ms',
      JUNCTION_WEBHOOK_TIMEOUT_MS: '500',
    };
    expect(loadDeliverySettings(env)).toMatchObject({ retryScheduleMs: [20, 40], timeoutMs: 500 });
  });

  it.each([
    [
      { JUNCTION_WEBHOOK_RETRY_SCHEDULE: '5 minutes' },
      "JUNCTION_WEBHOOK_RETRY_SCHEDULE='5 minutes' is not valid: expected delays such as '5s,5m,2h', got '5 minutes' in '5 minutes'",
    ],
    [
      { JUNCTION_WEBHOOK_TIMEOUT_MS: '0' },
      "JUNCTION_WEBHOOK_TIMEOUT_MS='0' is not valid: expected a whole number of milliseconds from 1 to 600000",
    ],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadDeliverySettings(env)).toThrow(message);
  });
});

describe('the webhooks section of junction.config.yaml', () => {
  it('reads inbound sources by name', () => {
    const dir = project(
      'webhooks:\n  inbound:\n    billing:\n      kind: billing-system\n      secretEnv: BILLING_WEBHOOK_SECRET\n',
    );
    expect(loadFileConfig(dir, {}).webhooks).toStrictEqual({
      inbound: { billing: { kind: 'billing-system', secretEnv: 'BILLING_WEBHOOK_SECRET' } },
    });
  });

  it.each([
    ['kind: crm\n      secretEnv: S', /webhooks\.inbound\.billing\.kind='"crm"' is not valid/],
    [
      'kind: billing-system',
      /webhooks\.inbound\.billing='.*' is not valid: expected must have required property 'secretEnv'/,
    ],
    [
      'kind: billing-system\n      secretEnv: not-an-env',
      /webhooks\.inbound\.billing\.secretEnv='"not-an-env"' is not valid/,
    ],
  ])('refuses a source with %j, naming the key', (source, message) => {
    const dir = project(`webhooks:\n  inbound:\n    billing:\n      ${source}\n`);
    expect(() => loadFileConfig(dir, {})).toThrow(message);
  });
});

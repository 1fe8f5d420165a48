import type { PollerConfig } from '../../config/pollers.js';

/**
 * A poller of the ERP's customer payments with the F7 handler, scheduled never to fire by
 * itself, so a test polls it with `pollOnce`; `overrides` change what a test needs.
 */
export function erpPaymentsPoller(overrides: Partial<PollerConfig> = {}): PollerConfig {
  return {
    source: { system: 'erp-system-v1', operation: 'listCustomerPayments' },
    schedule: '0 0 1 1 *',
    watermark: 'lastModifiedDate',
    idField: 'id',
    pageSize: 10,
    handler: 'erp-payment-to-canonical',
    enabled: true,
    backoff: { initialMs: 1_000, maxMs: 8_000 },
    ...overrides,
  };
}

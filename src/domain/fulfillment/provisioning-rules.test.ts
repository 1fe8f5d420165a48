import { describe, expect, it } from 'vitest';

import { findProvisioningBlock } from './provisioning-rules.js';

describe('findProvisioningBlock', () => {
  it.each([
    { known: { source: 'billing', status: 'Active' }, want: undefined },
    { known: { source: 'canonical', status: 'active' }, want: undefined },
    {
      known: { source: 'billing', status: 'Suspended' },
      want: 'expected subscription S-00004567 to be active in billing, but it is Suspended',
    },
    {
      known: { source: 'canonical', status: 'draft' },
      want: 'expected subscription S-00004567 to be active in canonical, but it is draft',
    },
    {
      known: undefined,
      want: 'expected subscription S-00004567 to exist in billing, but it does not; create and activate it first',
    },
  ] as const)('blocks a subscription known as $known with $want', ({ known, want }) => {
    expect(findProvisioningBlock('S-00004567', known)).toBe(want);
  });
});

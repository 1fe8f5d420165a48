import type { components as billing } from '../../../generated/billing-v1/types.js';
import type { components as canonical } from '../../../generated/canonical-v1/types.js';
import type { components as finance } from '../../../generated/finance-v1/types.js';
import type { components as fulfillment } from '../../../generated/fulfillment-v1/types.js';
import type { components as sales } from '../../../generated/sales-v1/types.js';

/** The canonical v1 schemas by name. */
export type Canonical = canonical['schemas'];
/** The billing v1 schemas by name. */
export type Billing = billing['schemas'];
/** The sales v1 schemas by name. */
export type Sales = sales['schemas'];
/** The finance v1 schemas by name. */
export type Finance = finance['schemas'];
/** The fulfillment v1 schemas by name. */
export type Fulfillment = fulfillment['schemas'];

/** A record's identity in one external system, as canonical records list them. */
export type ExternalRef = Canonical['ExternalRef'];

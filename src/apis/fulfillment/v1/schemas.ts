import type { components } from '../../../../generated/fulfillment-v1/types.js';

/** The fulfillment v1 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

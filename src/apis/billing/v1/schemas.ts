import type { components } from '../../../../generated/billing-v1/types.js';

/** The billing v1 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

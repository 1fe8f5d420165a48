import type { components } from '../../../../generated/finance-v1/types.js';

/** The finance v1 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

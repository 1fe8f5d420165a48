import type { components } from '../../../../generated/sales-v1/types.js';

/** The sales v1 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

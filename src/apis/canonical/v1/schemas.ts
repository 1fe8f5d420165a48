import type { components } from '../../../../generated/canonical-v1/types.js';

/** The canonical v1 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

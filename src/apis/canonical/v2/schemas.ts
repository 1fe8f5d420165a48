import type { components } from '../../../../generated/canonical-v2/types.js';

/** The canonical v2 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

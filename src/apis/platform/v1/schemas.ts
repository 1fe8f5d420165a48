import type { Handlers } from '../../../../generated/platform-v1/handlers.js';
import type { components } from '../../../../generated/platform-v1/types.js';
import type { ApiContext } from '../../context.js';

/** The platform v1 schemas by name, as generated from the spec. */
export type Schemas = components['schemas'];

/** The platform v1 handler of each operation, bound to the runtime's context. */
export type PlatformHandlers = Handlers<ApiContext>;

import type { RuntimeComponent } from './components.js';
import { idempotencyComponent } from './idempotency-component.js';

/** Every component a Junction process runs beside its APIs, in start order. */
export const RUNTIME_COMPONENTS: readonly RuntimeComponent[] = [idempotencyComponent];

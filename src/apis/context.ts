import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';

/** What every hand-written handler receives beside its typed request. */
export interface ApiContext {
  store: Store;
  log: Logger;
  correlationId: string;
  /** The origin and base path this API is served under, for `Location` headers. */
  baseUrl: string;
}

export { ERP_PAYMENTS_SOURCE, importErpPayment } from './erp-payments.js';
export { POLL_HANDLERS, type PollItemContext, type PollItemHandler } from './handlers.js';
export { pollersMigration } from './migration.js';
export {
  backoffDelay,
  isAfter,
  pollOnce,
  POLL_LEASE_TTL_MS,
  type Poller,
  type PollDependencies,
  type PollOutcome,
} from './poll-once.js';
export {
  listPollerStates,
  readPollerState,
  type Checkpoint,
  type PollerState,
} from './poller-states.js';
export {
  createPollersComponent,
  pollersComponent,
  resolvePollers,
  startPollers,
  type PollRegistry,
  type RunningPollers,
} from './pollers-component.js';
export { POLL_SOURCES, type PollPage, type PollPageRequest, type PollSource } from './sources.js';

export {
  billingSnapshotOf,
  isNewerPayment,
  snapshotPaymentsInCrm,
  type BillingSnapshot,
  type SnapshotPayment,
} from './crm-snapshot.js';
export { ERP_PAYMENTS_SOURCE, importErpPayment } from './erp-payments.js';
export { listFollowUps, type FollowUp, type FollowUpStep } from './follow-ups.js';
export {
  POLL_FOLLOW_UPS,
  POLL_HANDLERS,
  type PollFollowUp,
  type PollFollowUpContext,
  type PollItemContext,
  type PollItemHandler,
} from './handlers.js';
export { pollerFollowUpsMigration, pollersMigration } from './migration.js';
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

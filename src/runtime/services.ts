import type { EventBus } from '../events/bus.js';
import type { ConsumerLookup } from '../events/dead-letter-replay.js';
import type { ReferenceSystems } from '../flows/reference/systems.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { IdempotencySettings } from './idempotency.js';

/**
 * The long-lived services the runtime components provide, which handlers and other components
 * use. Each is present once the component that provides it has started; the process starts every
 * component before it accepts a request.
 */
export interface RuntimeServices {
  /** Carries events from the outbox to consumers. */
  bus?: EventBus;
  /** Finds a consumer of the bus running in this process by name, to replay its dead letters. */
  eventConsumers?: ConsumerLookup;
  /** The external systems the reference flows call (billing, CRM, ERP). */
  referenceSystems?: ReferenceSystems;
  /** How long Idempotency-Key responses are replayed. */
  idempotency?: IdempotencySettings;
  /** Runs queued jobs; `wake()` starts a just-queued one at once. */
  jobs?: JobRunner;
}

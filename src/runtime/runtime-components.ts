import type { RuntimeComponent } from './components.js';
import { eventsComponent, eventsRelayComponent } from '../events/events-component.js';
import { webhooksComponent } from '../events/webhooks/webhooks-component.js';
import { pollersComponent } from '../flows/poll/pollers-component.js';
import { referenceFlowsComponent } from '../flows/reference/reference-flows-component.js';
import { jobsComponent } from '../jobs/component.js';
import { idempotencyComponent } from './idempotency-component.js';

/** Every component a Junction process runs beside its APIs, in start order. */
export const RUNTIME_COMPONENTS: readonly RuntimeComponent[] = [
  eventsComponent,
  idempotencyComponent,
  webhooksComponent,
  referenceFlowsComponent,
  jobsComponent,
  pollersComponent,
  // Last: relays the outbox once every consumer above has subscribed.
  eventsRelayComponent,
];

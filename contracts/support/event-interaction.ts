import type { PactV4 } from '@pact-foundation/pact';

import type {
  CanonicalEventName,
  CanonicalEventPayloads,
} from '../../src/events/canonical-event-types.js';
import { eventDescription, eventState, expectedEvent, receivedEvent } from './event-examples.js';

/**
 * Records that a consumer receives one canonical event, hands the example event to `handle`, and
 * resolves to what `handle` made of it.
 */
export async function receiveEvent<Name extends CanonicalEventName, Result>(
  pact: PactV4,
  name: Name,
  handle: (event: CanonicalEventPayloads[Name]) => Result | Promise<Result>,
): Promise<Result | undefined> {
  const { state, id } = eventState(name);
  return pact
    .addAsynchronousInteraction()
    .given(state, { id })
    .expectsToReceive(eventDescription(name), (message) =>
      message.withJSONContent(expectedEvent(name)),
    )
    .executeTest((message) =>
      Promise.resolve(handle(receivedEvent<CanonicalEventPayloads[Name]>(message))),
    );
}

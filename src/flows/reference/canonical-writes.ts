import type { CloudEvent } from '../../events/envelope.js';
import { appendToOutbox } from '../../events/outbox.js';
import type { Store } from '../../store/index.js';
import type { SagaStepContext } from '../saga.js';

type Write = (tx: Store) => Promise<void>;

/**
 * Holds the canonical writes of one saga run until the saga commits the step that staged them,
 * so each record, its canonical event and the step's completion commit in one transaction.
 */
export interface CanonicalWrites {
  /** Stages `write` with `event`: both commit when the current step completes, or neither. */
  stage(context: SagaStepContext<unknown>, event: CloudEvent, write: Write): void;
  /** The saga's `outbox` option: runs the staged writes of `events`, then appends them. */
  readonly outbox: (tx: Store, events: readonly CloudEvent[]) => Promise<void>;
}

/** Creates the staging area of one run. */
export function createCanonicalWrites(): CanonicalWrites {
  const staged = new Map<string, Write>();
  return {
    stage(context, event, write) {
      context.emit(event);
      staged.set(event.id, write);
    },
    outbox: async (tx, events) => {
      for (const event of events) {
        await staged.get(event.id)?.(tx);
        staged.delete(event.id);
      }
      await appendToOutbox(tx, events);
    },
  };
}

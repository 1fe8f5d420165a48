import * as deadLetters from '../../../events/dead-letters.js';
import { replayDeadLetter as replay } from '../../../events/dead-letter-replay.js';
import type { ApiContext } from '../../context.js';
import { conflict, DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /dead-letters: one page, newest first, optionally of one stage and one consumer. */
export const listDeadLetters: PlatformHandlers['listDeadLetters'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await deadLetters.listDeadLetters(context.store, {
    limit,
    cursor: query.cursor,
    stage: query.stage,
    consumer: query.consumer,
  });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** GET /dead-letters/{deadLetterId} */
export const getDeadLetter: PlatformHandlers['getDeadLetter'] = async ({ params }, context) => {
  const letter = await deadLetters.getDeadLetter(context.store, params.deadLetterId);
  if (!letter) return letterNotFound(context, params.deadLetterId);
  return { status: 200, body: letter };
};

/** POST /dead-letters/{deadLetterId}/replay: to its consumer, or back to the bus. */
export const replayDeadLetter: PlatformHandlers['replayDeadLetter'] = async (
  { params },
  context,
) => {
  const consumers = context.services?.eventConsumers ?? (() => undefined);
  const result = await replay(context.store, params.deadLetterId, consumers, context.log);
  if (result.outcome === 'not-found') return letterNotFound(context, params.deadLetterId);
  if (result.outcome === 'invalid') {
    return conflict(
      context,
      `Dead letter '${params.deadLetterId}' still breaks its schema (${result.reason}); ` +
        'it can be replayed once the event schema admits it.',
    );
  }
  if (result.outcome === 'no-consumer') {
    return conflict(
      context,
      `Consumer '${result.consumer}' of dead letter '${params.deadLetterId}' does not run in ` +
        'this process; replay it where the consumer is subscribed.',
    );
  }
  context.log.info(
    { deadLetterId: params.deadLetterId, stage: result.letter.stage },
    'dead letter replayed',
  );
  return { status: 202, body: result.letter };
};

function letterNotFound(context: ApiContext, id: string) {
  return notFound(context, `No dead letter has id '${id}'.`);
}

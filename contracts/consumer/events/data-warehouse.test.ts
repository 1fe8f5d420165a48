import { describe, expect, it } from 'vitest';

import { CANONICAL_EVENT_NAMES, eventTypeOf } from '../../../src/events/canonical-event-types.js';
import { eventExample } from '../../support/event-examples.js';
import { receiveEvent } from '../../support/event-interaction.js';
import { startPact } from '../../support/pact-files.js';
import { toWarehouseRow } from './warehouse-row.js';

const pact = startPact('data-warehouse', 'canonical-events-v1');

describe('the data warehouse loading every canonical event', () => {
  it.each(CANONICAL_EVENT_NAMES)('loads a %s event as a raw row', async (name) => {
    const example = eventExample(name);
    const collection = example.subject.split('/')[0] ?? '';
    expect(await receiveEvent(pact, name, toWarehouseRow)).toStrictEqual({
      table: `raw_canonical.${collection.replaceAll('-', '_')}`,
      key: example.data.id,
      version: example.data.updatedAt,
      eventId: example.id,
      eventType: eventTypeOf(name),
      occurredAt: example.time,
      correlationId: example.correlationid,
      record: example.data,
    });
  });
});

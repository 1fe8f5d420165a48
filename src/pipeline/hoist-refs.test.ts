import { describe, expect, it } from 'vitest';

import type { ApiDocument } from './document.js';
import { hoistDeepSchemaRefs } from './hoist-refs.js';

function documentWith(schemas: Record<string, unknown>): ApiDocument {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas },
  } as ApiDocument;
}

describe('hoistDeepSchemaRefs', () => {
  it('names a schema reached inside another one and points every reference to it at the name', () => {
    const given = documentWith({
      Base: { allOf: [{ type: 'object', properties: { id: { type: 'string' } } }] },
      Envelope: {
        type: 'object',
        properties: { events: { type: 'array', items: { type: 'integer' } } },
      },
      Derived: {
        allOf: [
          { $ref: '#/components/schemas/Base/allOf/0' },
          { $ref: '#/components/schemas/Envelope/properties/events/items' },
        ],
      },
      Again: { $ref: '#/components/schemas/Base/allOf/0' },
    });
    const want = documentWith({
      Base: { allOf: [{ type: 'object', properties: { id: { type: 'string' } } }] },
      Envelope: {
        type: 'object',
        properties: { events: { type: 'array', items: { type: 'integer' } } },
      },
      Derived: {
        allOf: [
          { $ref: '#/components/schemas/Base_allOf_0' },
          { $ref: '#/components/schemas/Envelope_properties_events_items' },
        ],
      },
      Again: { $ref: '#/components/schemas/Base_allOf_0' },
      Base_allOf_0: { type: 'object', properties: { id: { type: 'string' } } },
      Envelope_properties_events_items: { type: 'integer' },
    });
    expect(hoistDeepSchemaRefs(given)).toStrictEqual(want);
  });

  it('leaves references to whole components and unresolvable ones as they are, and the input unchanged', () => {
    const given = documentWith({
      A: { $ref: '#/components/schemas/B' },
      B: { type: 'string' },
      C: { $ref: '#/components/schemas/B/missing/0' },
    });
    const before = structuredClone(given);
    expect(hoistDeepSchemaRefs(given)).toStrictEqual(before);
    expect(given).toStrictEqual(before);
  });
});

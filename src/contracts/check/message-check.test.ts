import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { readPact } from '../pact/index.js';
import { listMessages } from './asyncapi-messages.js';
import { checkPact } from './check-pact.js';
import type { Verdict } from './model.js';
import type { ContractSpec } from './spec.js';
import { loadSpecFile } from './spec.js';

const EVENTS = join(import.meta.dirname, '../../../specs/asyncapi/canonical/v1/asyncapi.yaml');

let spec: Extract<ContractSpec, { kind: 'asyncapi' }>;
let example: Record<string, unknown>;

beforeAll(async () => {
  const loaded = await loadSpecFile(EVENTS);
  if (!loaded.ok || loaded.spec.kind !== 'asyncapi')
    throw new Error('the canonical events do not load');
  spec = loaded.spec;
  const messages = spec.document.components as {
    messages: Record<string, { examples: { payload: Record<string, unknown> }[] }>;
  };
  example = messages.messages.OrganizationCreated!.examples[0]!.payload;
});

function verdictsOf(interactions: object[]): Verdict[] {
  const read = readPact({
    consumer: { name: 'data-lake' },
    provider: { name: 'canonical-events-v1' },
    metadata: { pactSpecification: { version: '4.0' } },
    interactions,
  });
  return read.ok ? checkPact(read.pact, spec).verdicts : [];
}

const message = (description: string, content: unknown) => ({
  type: 'Asynchronous/Messages',
  description,
  contents: { content, contentType: 'application/cloudevents+json', encoded: false },
});

describe('checking message interactions against the canonical events', () => {
  it('lists a message with a payload for every event', () => {
    expect(listMessages(spec.document).length).toBeGreaterThanOrEqual(20);
  });

  it.each<[string, () => unknown, Omit<Verdict, 'description' | 'kind'>]>([
    [
      'passes the documented example and names the message it matches',
      () => example,
      { outcome: 'pass', detail: 'matches message OrganizationCreated', reasons: [] },
    ],
    [
      'passes contents given as JSON text',
      () => JSON.stringify(example),
      { outcome: 'pass', detail: 'matches message OrganizationCreated', reasons: [] },
    ],
    [
      'fails an event whose data breaks the schema, with the closest message',
      () => ({ ...example, data: { ...(example.data as object), legalName: 42 } }),
      {
        outcome: 'fail',
        detail: 'matches no message; closest is OrganizationCreated',
        reasons: [
          {
            code: 'invalid-message',
            pointer: '/contents/data/legalName',
            expected: 'type string',
            actual: 'number 42',
          },
        ],
      },
    ],
  ])('%s', (_name, contents, want) => {
    expect(verdictsOf([message('an event', contents())])).toStrictEqual([
      { description: 'an event', kind: 'message', ...want },
    ]);
  });

  it('reports HTTP interactions against an AsyncAPI document as unsupported', () => {
    const http = {
      description: 'a call',
      request: { method: 'GET', path: '/' },
      response: { status: 200 },
    };
    expect(verdictsOf([{ ...http, type: 'Synchronous/HTTP' }])).toStrictEqual([
      {
        description: 'a call',
        kind: 'http',
        outcome: 'unsupported',
        detail: 'HTTP interaction, the spec is AsyncAPI',
        reasons: [],
      },
    ]);
  });
});

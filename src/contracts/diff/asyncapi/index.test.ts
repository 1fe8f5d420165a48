import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { Finding } from '../model.js';
import { ASYNCAPI_CORPUS, corpusDocuments } from './corpus.test-support.js';
import { ASYNCAPI_RULES, diffAsyncApi, loadAsyncApiDocument } from './index.js';
import { isObject, resolvePointer } from './refs.js';

type Json = Record<string, unknown>;

/** The JSON object at `pointer` in `document`; fails the test when there is none. */
function at(document: unknown, pointer: string): Json {
  const value = resolvePointer(document, pointer);
  if (!isObject(value)) throw new Error(`no object at ${pointer}`);
  return value;
}

function list(document: unknown, pointer: string): unknown[] {
  const value = resolvePointer(document, pointer);
  if (!Array.isArray(value)) throw new Error(`no array at ${pointer}`);
  return value;
}

function brief(findings: Finding[]): Array<Pick<Finding, 'rule' | 'level' | 'location'>> {
  return findings.map(({ rule, level, location }) => ({ rule, level, location }));
}

const documents = new Map<string, unknown>();

async function corpus(file: string): Promise<unknown> {
  const loaded = documents.get(file) ?? (await loadAsyncApiDocument(join(ASYNCAPI_CORPUS, file)));
  documents.set(file, loaded);
  return loaded;
}

const STREETLIGHTS_V3 = 'spec-v3.0.0/streetlights-kafka-asyncapi.yml';
const STREETLIGHTS_V2 = 'spec-v2.6.0/streetlights-mqtt.yml';
const KRAKEN = 'spec-v3.0.0/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml';
const LIGHT_MEASURED_V3 = '#/components/schemas/lightMeasuredPayload';
const TURN_ON_OFF_V3 = '#/components/schemas/turnOnOffPayload';
const DIM_V2 = 'smartylighting/streetlights/1/0/action/{streetlightId}/dim';

interface Case {
  name: string;
  base: string;
  change: (revision: unknown) => void;
  want: Array<Pick<Finding, 'rule' | 'level' | 'location'>>;
}

const CASES: Case[] = [
  {
    name: 'a removed 3.x channel and its operation are errors',
    base: STREETLIGHTS_V3,
    change: (doc) => {
      delete at(doc, '#/channels').lightsDim;
      delete at(doc, '#/operations').dimLight;
    },
    want: [
      {
        rule: 'channel-removed',
        level: 'error',
        location: 'channel smartylighting.streetlights.1.0.action.{streetlightId}.dim',
      },
      { rule: 'operation-removed', level: 'error', location: 'operation dimLight' },
    ],
  },
  {
    name: 'a removed 2.x channel takes its operation with it',
    base: STREETLIGHTS_V2,
    change: (doc) => delete at(doc, '#/channels')[DIM_V2],
    want: [
      { rule: 'channel-removed', level: 'error', location: `channel ${DIM_V2}` },
      { rule: 'operation-removed', level: 'error', location: 'operation dimLight' },
    ],
  },
  {
    name: 'a 2.x channel at another address is a removed and an added channel',
    base: STREETLIGHTS_V2,
    change: (doc) => {
      const channels = at(doc, '#/channels');
      channels['streetlights/{streetlightId}/dim'] = channels[DIM_V2];
      delete channels[DIM_V2];
    },
    want: [
      { rule: 'channel-removed', level: 'error', location: `channel ${DIM_V2}` },
      {
        rule: 'channel-added',
        level: 'info',
        location: 'channel streetlights/{streetlightId}/dim',
      },
      { rule: 'operation-channel-changed', level: 'error', location: 'operation dimLight' },
    ],
  },
  {
    name: 'a message pulled in from another file keeps the name its channel gives it',
    base: 'spec-v3.0.0/social-media/backend/asyncapi.yaml',
    change: (doc) => {
      const payload = at(doc, '#/components/schemas/likeCommentPayload');
      payload.required = ['likedBy'];
    },
    want: [
      {
        rule: 'message-property-became-required',
        level: 'error',
        location: 'message likeComment payload /likedBy',
      },
    ],
  },
  {
    name: 'a message whose correlation id moved is a warning',
    base: KRAKEN,
    change: (doc) =>
      (at(doc, '#/components/messages/ping').correlationId = { location: '$message.header#/id' }),
    want: [
      {
        rule: 'message-correlation-id-changed',
        level: 'warning',
        location: 'message ping correlation id',
      },
    ],
  },
  {
    name: 'a payload described in Avro instead of JSON Schema is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => {
      const message = at(doc, '#/components/messages/dimLight');
      message.payload = { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: {} };
    },
    want: [
      {
        rule: 'message-schema-format-changed',
        level: 'error',
        location: 'message dimLight payload',
      },
    ],
  },
  {
    name: 'an operation moved to a channel at another address is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => {
      const dimLight = at(doc, '#/operations/dimLight');
      dimLight.channel = { $ref: '#/channels/lightTurnOff' };
      dimLight.messages = [{ $ref: '#/channels/lightTurnOff/messages/turnOff' }];
    },
    want: [
      { rule: 'operation-channel-changed', level: 'error', location: 'operation dimLight' },
      { rule: 'message-removed', level: 'error', location: 'operation dimLight message dimLight' },
      {
        rule: 'sent-message-added',
        level: 'warning',
        location: 'operation dimLight message turnOff',
      },
    ],
  },
  {
    name: 'a 2.x subscribe operation is judged as sent: an enum value added is a warning',
    base: STREETLIGHTS_V2,
    change: (doc) =>
      list(doc, '#/components/schemas/turnOnOffPayload/properties/command/enum').push('blink'),
    want: [
      {
        rule: 'message-property-enum-value-added',
        level: 'warning',
        location: 'message turnOnOff payload /command',
      },
    ],
  },
  {
    name: 'a 2.x publish operation is judged as received: a required property added is an error',
    base: STREETLIGHTS_V2,
    change: (doc) => {
      const payload = at(doc, '#/components/schemas/lightMeasuredPayload');
      at(payload, '#/properties').unit = { type: 'string' };
      payload.required = ['unit'];
    },
    want: [
      {
        rule: 'message-payload-required-property-added',
        level: 'error',
        location: 'message lightMeasured payload /unit',
      },
    ],
  },
  {
    name: 'a removed operation is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => delete at(doc, '#/operations').turnOff,
    want: [{ rule: 'operation-removed', level: 'error', location: 'operation turnOff' }],
  },
  {
    name: 'a message removed from a sending operation is an error',
    base: 'spec-v3.1.0/slack-rtm-asyncapi.yml',
    change: (doc) => {
      const messages = list(doc, '#/operations/sendMessages/messages');
      messages.splice(
        messages.findIndex((m) => at(m, '#').$ref === GOODBYE),
        1,
      );
    },
    want: [
      {
        rule: 'message-removed',
        level: 'error',
        location: 'operation sendMessages message goodbye',
      },
    ],
  },
  {
    name: 'a removed required property of a sent reply message is an error',
    base: KRAKEN,
    change: (doc) => {
      const payload = at(doc, '#/components/messages/dummyCurrencyInfo/payload');
      delete at(payload, '#/properties').event;
      payload.required = [];
    },
    want: [
      {
        rule: 'message-payload-required-property-removed',
        level: 'error',
        location: 'message dummyCurrencyInfo payload /event',
      },
    ],
  },
  {
    name: 'a required property added to a received message is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => {
      const payload = at(doc, LIGHT_MEASURED_V3);
      at(payload, '#/properties').unit = { type: 'string' };
      payload.required = ['unit'];
    },
    want: [
      {
        rule: 'message-payload-required-property-added',
        level: 'error',
        location: 'message lightMeasured payload /unit',
      },
    ],
  },
  {
    name: 'an optional property added to a sent message is information',
    base: STREETLIGHTS_V3,
    change: (doc) => (at(doc, `${TURN_ON_OFF_V3}/properties`).reason = { type: 'string' }),
    want: [
      {
        rule: 'message-payload-optional-property-added',
        level: 'info',
        location: 'message turnOnOff payload /reason',
      },
    ],
  },
  {
    name: 'a value added to an enum of a received message is information',
    base: KRAKEN,
    change: (doc) => {
      const name = at(doc, '#/components/schemas/name');
      const subscription = at(doc, '#/components/schemas/subscribe/properties/subscription');
      at(subscription, '#/properties').name = {
        ...name,
        enum: [...list(name, '#/enum'), 'level3'],
      };
    },
    want: [
      {
        rule: 'message-property-enum-value-added',
        level: 'info',
        location: 'message subscribe payload /subscription/name',
      },
    ],
  },
  {
    name: 'a changed property type of a received message is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => (at(doc, `${LIGHT_MEASURED_V3}/properties/lumens`).type = 'string'),
    want: [
      {
        rule: 'message-property-type-changed',
        level: 'error',
        location: 'message lightMeasured payload /lumens',
      },
    ],
  },
  {
    name: 'a channel moved to another address is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => (at(doc, '#/channels/lightsDim').address = 'streetlights.{streetlightId}.dim'),
    want: [
      {
        rule: 'channel-address-changed',
        level: 'error',
        location: 'channel smartylighting.streetlights.1.0.action.{streetlightId}.dim',
      },
    ],
  },
  {
    name: 'a channel renamed with the same address is the same channel',
    base: STREETLIGHTS_V3,
    change: (doc) => {
      const channels = at(doc, '#/channels');
      channels.dimming = channels.lightsDim;
      delete channels.lightsDim;
      at(doc, '#/operations/dimLight').channel = { $ref: '#/channels/dimming' };
      at(doc, '#/operations/dimLight').messages = [
        { $ref: '#/channels/dimming/messages/dimLight' },
      ];
    },
    want: [],
  },
  {
    name: 'an operation that turns from sending to receiving is an error',
    base: STREETLIGHTS_V3,
    change: (doc) => (at(doc, '#/operations/dimLight').action = 'receive'),
    want: [{ rule: 'operation-action-changed', level: 'error', location: 'operation dimLight' }],
  },
  {
    name: 'a 2.x operation that turns from subscribe to publish is an error',
    base: STREETLIGHTS_V2,
    change: (doc) => {
      const channel = at(doc, `#/channels/${DIM_V2.replaceAll('/', '~1')}`);
      channel.publish = channel.subscribe;
      delete channel.subscribe;
    },
    want: [{ rule: 'operation-action-changed', level: 'error', location: 'operation dimLight' }],
  },
  {
    name: 'a message added to a sending operation is a warning, to a receiving one information',
    base: 'spec-v3.0.0/mercure-asyncapi.yml',
    change: (doc) => {
      at(doc, '#/channels/books/messages').review = { payload: { type: 'object' } };
      for (const id of ['SendBooksInfo', 'ReceiveBooksInfo']) {
        list(doc, `#/operations/${id}/messages`).push({ $ref: '#/channels/books/messages/review' });
      }
    },
    want: [
      {
        rule: 'message-added',
        level: 'info',
        location: 'operation ReceiveBooksInfo message review',
      },
      {
        rule: 'sent-message-added',
        level: 'warning',
        location: 'operation SendBooksInfo message review',
      },
    ],
  },
  {
    name: 'a message both sent and received is judged both ways',
    base: 'spec-v3.0.0/mercure-asyncapi.yml',
    change: (doc) => delete at(doc, '#/components/messages/book/payload/properties/@id').format,
    want: [
      {
        rule: 'message-property-format-removed',
        level: 'info',
        location: 'message book payload /@id',
      },
      {
        rule: 'message-property-format-removed',
        level: 'warning',
        location: 'message book payload /@id',
      },
    ],
  },
  {
    name: 'a changed content type is an error',
    base: STREETLIGHTS_V3,
    change: (doc) =>
      (at(doc, '#/components/messages/lightMeasured').contentType = 'application/avro'),
    want: [
      {
        rule: 'message-content-type-changed',
        level: 'error',
        location: 'message lightMeasured content type',
      },
    ],
  },
  {
    name: 'a removed reply is an error',
    base: KRAKEN,
    change: (doc) => delete at(doc, '#/operations/receivePing').reply,
    want: [
      { rule: 'operation-reply-removed', level: 'error', location: 'operation receivePing reply' },
    ],
  },
  {
    name: 'a reply sent to another address is an error',
    base: KRAKEN,
    change: (doc) =>
      (at(doc, '#/operations/receivePing/reply').address = { location: '$message.header#/to' }),
    want: [
      {
        rule: 'operation-reply-address-changed',
        level: 'error',
        location: 'operation receivePing reply',
      },
    ],
  },
  {
    name: 'a removed server is a warning, and so are changed bindings',
    base: STREETLIGHTS_V3,
    change: (doc) => {
      delete at(doc, '#/servers')['mtls-connections'];
      at(doc, '#/components/operationTraits/kafka/bindings/kafka').groupId = { type: 'string' };
    },
    want: [
      { rule: 'server-removed', level: 'warning', location: 'server mtls-connections' },
      ...['receiveLightMeasurement', 'turnOn', 'turnOff', 'dimLight'].map((id) => ({
        rule: 'bindings-changed',
        level: 'warning' as const,
        location: `operation ${id} bindings`,
      })),
    ],
  },
  {
    name: 'a deprecated operation is information',
    base: STREETLIGHTS_V3,
    change: (doc) => (at(doc, '#/operations/turnOn')['x-deprecated'] = true),
    want: [{ rule: 'operation-deprecated', level: 'info', location: 'operation turnOn' }],
  },
];

const GOODBYE = '#/channels/root/messages/goodbye';

describe('diffAsyncApi', () => {
  beforeAll(async () => {
    for (const file of new Set(CASES.map((c) => c.base))) await corpus(file);
  });

  it.each(CASES)('$name', async ({ base, change, want }) => {
    const document = await corpus(base);
    const revision = structuredClone(document);
    change(revision);

    expect(brief(diffAsyncApi(document, revision))).toStrictEqual(want);
  });

  it.each(corpusDocuments())('finds nothing between %s and itself', async (file) => {
    const document = await corpus(file);

    expect(diffAsyncApi(document, structuredClone(document))).toStrictEqual([]);
  });

  it('finds nothing between our canonical events and themselves', async () => {
    const document = await loadAsyncApiDocument('specs/asyncapi/canonical/v1/asyncapi.yaml');

    expect(diffAsyncApi(document, structuredClone(document))).toStrictEqual([]);
  });

  it('finds nothing between streetlights in AsyncAPI 2.6.0 and its 3.0.0 translation', async () => {
    const base = await corpus(STREETLIGHTS_V2);
    const revision = await corpus('spec-v3.0.0/streetlights-mqtt-asyncapi.yml');

    expect(diffAsyncApi(base, revision)).toStrictEqual([]);
  });

  it('reports every rule at the level its catalogue entry gives', async () => {
    const document = await corpus(STREETLIGHTS_V3);
    const revision = structuredClone(document);
    delete at(revision, '#/operations').turnOff;

    const [found] = diffAsyncApi(document, revision);
    expect(found).toStrictEqual({
      rule: 'operation-removed',
      level: ASYNCAPI_RULES['operation-removed']?.level,
      message: "Operation 'turnOff' (send) was removed.",
      location: 'operation turnOff',
      operation: 'turnOff',
    });
  });
});

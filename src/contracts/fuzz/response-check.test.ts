import { describe, expect, it } from 'vitest';

import type { Operation } from './operation.js';
import { checkProblemAnswer, checkValidAnswer } from './response-check.js';
import type { Answer } from './response-check.js';
import { SchemaValidator } from './validator.js';

const OPERATION: Operation = {
  operationId: 'getThing',
  method: 'get',
  path: '/things/{thingId}',
  parameters: [],
  responses: {
    '200': {
      content: {
        'application/json': {
          schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        },
      },
    },
    '204': {},
    '206': {
      content: {
        'application/x-ndjson': { schema: { type: 'string' } },
        'text/csv': { schema: { type: 'string' } },
      },
    },
    '4XX': {
      content: { 'application/problem+json': { schema: { type: 'object', required: ['status'] } } },
    },
  },
};
const validator = new SchemaValidator({});
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const CATALOGUE = { 'not-found': { status: 404 }, 'validation-failed': { status: 400 } };

const problem = (status: number, code: string, extra: object = {}) =>
  JSON.stringify({
    type: `https://junction.dev/errors/${code}`,
    title: 'A title',
    status,
    code,
    ...extra,
  });

describe('checkValidAnswer', () => {
  it.each<[string, Answer, string[]]>([
    ['a declared body', { status: 200, contentType: JSON_TYPE, text: '{"id":"a"}' }, []],
    ['a declared empty answer', { status: 204, contentType: '', text: '' }, []],
    [
      'a status matched by 4XX',
      { status: 404, contentType: PROBLEM_TYPE, text: '{"status":404}' },
      [],
    ],
    [
      'a 5xx',
      { status: 500, contentType: PROBLEM_TYPE, text: '{}' },
      ['expected no 5xx for a valid request, got 500'],
    ],
    [
      'an undeclared status',
      { status: 201, contentType: JSON_TYPE, text: '{}' },
      ['expected a status the operation declares, got 201'],
    ],
    [
      'an undeclared media type',
      { status: 200, contentType: 'text/plain', text: 'a' },
      ["expected a media type of application/json for 200, got 'text/plain'"],
    ],
    [
      'a body off its schema',
      { status: 200, contentType: JSON_TYPE, text: '{"id":1}' },
      ['expected the body to validate against the 200 schema: /id must be string'],
    ],
    [
      'a body where none is declared',
      { status: 204, contentType: JSON_TYPE, text: '{}' },
      ['expected no body for 204, got 2 bytes'],
    ],
    [
      'an NDJSON stream of JSON lines',
      { status: 206, contentType: 'application/x-ndjson', text: '{"id":"a"}\n{"id":"b"}\n' },
      [],
    ],
    [
      'an NDJSON line that is not JSON',
      { status: 206, contentType: 'application/x-ndjson', text: '{"id":"a"}\nid,b\n' },
      // The parser's own words differ between Node versions; the line it names does not.
      [expect.stringMatching(/^expected a JSON value per line, got 'id,b' \(/)],
    ],
    ['a CSV text', { status: 206, contentType: 'text/csv', text: 'id\na\n' }, []],
  ])('judges %s', (_name, answer, want) => {
    expect(checkValidAnswer(OPERATION, answer, validator)).toStrictEqual(want);
  });
});

describe('checkProblemAnswer', () => {
  it.each<[string, Answer, string[]]>([
    [
      'a catalogued problem',
      { status: 404, contentType: PROBLEM_TYPE, text: problem(404, 'not-found') },
      [],
    ],
    [
      'a 2xx',
      { status: 200, contentType: JSON_TYPE, text: '{}' },
      ['expected a 4xx for an invalid request, got 200'],
    ],
    [
      'plain JSON',
      { status: 400, contentType: JSON_TYPE, text: '{}' },
      [`expected application/problem+json, got '${JSON_TYPE}'`],
    ],
    [
      'a status the body contradicts',
      { status: 400, contentType: PROBLEM_TYPE, text: problem(404, 'validation-failed') },
      ['expected status 400 in the body, got 404'],
    ],
    [
      'an unknown code',
      { status: 400, contentType: PROBLEM_TYPE, text: problem(400, 'oops') },
      ['expected a code from the error catalogue, got "oops"'],
    ],
    [
      'a code answered with another status',
      { status: 400, contentType: PROBLEM_TYPE, text: problem(400, 'not-found') },
      ["expected code 'not-found' with status 404, got 400"],
    ],
    [
      'a type that does not end in the code',
      {
        status: 404,
        contentType: PROBLEM_TYPE,
        text: problem(404, 'not-found', { type: 'about:blank' }),
      },
      ['expected type https://junction.dev/errors/not-found, got "about:blank"'],
    ],
  ])('judges %s', (_name, answer, want) => {
    expect(checkProblemAnswer(answer, CATALOGUE)).toStrictEqual(want);
  });
});

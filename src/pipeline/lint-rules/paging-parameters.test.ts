import { describe, expect, it } from 'vitest';

import { SHARED, lintFragment } from '../../../test/lint-fragment.js';

const LIMIT = `        - $ref: '${SHARED}/parameters.yaml#/Limit'\n`;
const CURSOR = `        - $ref: '${SHARED}/parameters.yaml#/Cursor'\n`;
const PAGE = `$ref: '${SHARED}/schemas.yaml#/PageInfo'`;

/** The page envelope of the shared conventions, as the `ThingPage` component. */
const THING_PAGE = `components:
  schemas:
    ThingPage:
      type: object
      required: [data, page]
      properties:
        data:
          type: array
          items:
            type: string
        page:
          ${PAGE}
`;

/**
 * A document with one operation, `listThings`: its parameters from line 11, then a 200 response
 * whose schema (key `schema:` on line 16 + parameter lines) is `schema`, then `components`.
 */
function listThings(parameters: string, schema: string, components = THING_PAGE): string {
  return `openapi: 3.1.0
info:
  title: Fragment
  version: 1.0.0
paths:
  /things:
    get:
      operationId: listThings
      summary: List things
      parameters:
${parameters}      responses:
        '200':
          description: One page of things.
          content:
            application/json:
              schema:
                ${schema}
${components}`;
}

const ENVELOPE = `$ref: '#/components/schemas/ThingPage'`;

describe('paging-parameters', () => {
  it.each([
    ['the shared parameters and envelope', listThings(LIMIT + CURSOR, ENVELOPE)],
    [
      'an inline limit with the shared name, in and schema',
      listThings(
        `        - name: limit
          in: query
          description: Page size.
          schema:
            type: integer
            minimum: 1
            maximum: 200
            default: 50
` + CURSOR,
        ENVELOPE,
      ),
    ],
    [
      'an operation that does not page',
      listThings(
        `        - name: status
          in: query
          schema:
            type: string
`,
        `type: array`,
        '',
      ),
    ],
  ])('passes %s', async (_name, document) => {
    expect(await lintFragment('paging-parameters', { 'openapi.yaml': document })).toStrictEqual([]);
  });

  it.each([
    [
      'a limit without a cursor',
      listThings(LIMIT, ENVELOPE),
      [
        {
          line: 10,
          column: 7,
          message:
            "operation 'listThings' pages but lacks 'cursor'; " +
            "expected every paging parameter: 'limit', 'cursor'",
        },
      ],
    ],
    [
      'an inline cursor with a schema of its own',
      listThings(
        LIMIT +
          `        - name: cursor
          in: query
          schema:
            type: string
`,
        ENVELOPE,
      ),
      [
        {
          line: 12,
          column: 11,
          message:
            "parameter 'cursor' differs from the shared paging parameter; expected a $ref to " +
            'specs/openapi/shared/parameters.yaml#/Cursor, or the same name, in and schema',
        },
      ],
    ],
    [
      'a list answered with a bare array',
      listThings(LIMIT + CURSOR, 'type: array', ''),
      [
        {
          line: 18,
          column: 15,
          message: "a list response has no required 'data' array; expected the page envelope",
        },
      ],
    ],
    [
      'a page member of its own',
      listThings(LIMIT + CURSOR, ENVELOPE, THING_PAGE.replace(PAGE, 'type: object')),
      [
        {
          line: 30,
          column: 9,
          message:
            "a list response's 'page' is not a required $ref to " +
            'specs/openapi/shared/schemas.yaml#/PageInfo',
        },
      ],
    ],
  ])('reports %s', async (_name, document, want) => {
    expect(await lintFragment('paging-parameters', { 'openapi.yaml': document })).toStrictEqual(
      want.map((where) => ({
        rule: 'paging-parameters',
        severity: 'error',
        file: 'openapi.yaml',
        ...where,
      })),
    );
  });
});

import { lint } from '@redocly/openapi-core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { ROOT, SHARED, lintFragment } from '../../../test/lint-fragment.js';
import { StageFailure } from '../diagnostics.js';
import { lintSpec } from '../lint.js';
import { loadRedoclyConfig } from '../redocly.js';

/** A document with one operation whose `responses` entries follow; the first is on line 13. */
function withResponses(responses: string, components = ''): string {
  return `openapi: 3.1.0
info:
  title: Fragment
  version: 1.0.0
paths:
  /things:
    get:
      operationId: listThings
      summary: List things
      responses:
        '200':
          description: OK
${responses}${components}`;
}

const noProblemContent = (code: string) =>
  `response '${code}' has no 'application/problem+json' content; ` +
  `expected the shared Problem schema (specs/openapi/shared/schemas.yaml#/Problem)`;

const notProblemSchema = (code: string) =>
  `response '${code}' has a 'application/problem+json' schema that is not the shared ` +
  `Problem schema; expected a $ref to specs/openapi/shared/schemas.yaml#/Problem`;

describe('problem-responses', () => {
  it.each([
    [
      'shared responses by $ref',
      `        '404':
          $ref: '${SHARED}/responses.yaml#/NotFound'
        '500':
          $ref: '${SHARED}/responses.yaml#/InternalError'
`,
    ],
    [
      'an inline response whose schema $refs the shared Problem',
      `        4XX:
          description: Refused
          content:
            application/problem+json:
              schema:
                $ref: '${SHARED}/schemas.yaml#/Problem'
`,
    ],
    [
      'a component schema that $refs the shared Problem',
      `        '409':
          description: Conflict
          content:
            application/problem+json:
              schema:
                $ref: '#/components/schemas/Problem'
`,
      `components:
  schemas:
    Problem:
      $ref: '${SHARED}/schemas.yaml#/Problem'
`,
    ],
  ])('passes %s', async (_name, responses, components = '') => {
    const found = await lintFragment('problem-responses', {
      'openapi.yaml': withResponses(responses, components),
    });
    expect(found).toStrictEqual([]);
  });

  it.each([
    [
      'a 5xx answered in application/json',
      `        '503':
          description: Unavailable
          content:
            application/json:
              schema:
                $ref: '${SHARED}/schemas.yaml#/Problem'
`,
      [{ line: 13, column: 9, message: noProblemContent('503') }],
    ],
    [
      'a 4XX range without content',
      `        4XX:
          description: Refused
`,
      [{ line: 13, column: 9, message: noProblemContent('4XX') }],
    ],
    [
      'a problem+json schema of its own',
      `        '400':
          description: Bad request
          content:
            application/problem+json:
              schema:
                type: object
`,
      [{ line: 17, column: 15, message: notProblemSchema('400') }],
    ],
  ])('reports %s', async (_name, responses, want) => {
    const found = await lintFragment('problem-responses', {
      'openapi.yaml': withResponses(responses),
    });
    expect(found).toStrictEqual(
      want.map((where) => ({
        rule: 'problem-responses',
        severity: 'error',
        file: 'openapi.yaml',
        ...where,
      })),
    );
  });

  it('reports a shared response once, in its own file, where the fix goes', async () => {
    const missing = `          '404':
            $ref: './responses.yaml#/Missing'
`;
    const found = await lintFragment('problem-responses', {
      'openapi.yaml': withResponses(`        '404':
          $ref: './responses.yaml#/Missing'
  /things/{id}:
    get:
      operationId: getThing
      summary: Get a thing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: OK
${missing}`),
      'responses.yaml': `Missing:
  description: Not there
`,
    });
    expect(found).toStrictEqual([
      {
        rule: 'problem-responses',
        severity: 'error',
        file: 'responses.yaml',
        line: 1,
        column: 1,
        message: noProblemContent('404'),
      },
    ]);
  });
});

describe('problem-responses on external systems', () => {
  const root = join(ROOT, 'specs/systems/billing-system/v1/openapi.yaml');

  it("is off for the billing system's own error shape through its apis: entry", async () => {
    const config = await loadRedoclyConfig(join(ROOT, 'redocly.yaml'));
    const diagnostics = await lintSpec(root, config).catch((err: unknown) => {
      if (err instanceof StageFailure) return err.diagnostics;
      throw err;
    });
    const problems = await lint({ ref: root, config });
    expect(diagnostics.filter((d) => d.rule === 'problem-responses')).toStrictEqual([]);
    expect(problems.some((problem) => problem.ruleId === 'problem-responses')).toBe(true);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';

import { SHARED, lintFragment } from '../../../test/lint-fragment.js';
import { DEFAULT_PII_NAMES, nameWords, namesPersonalData } from './pii-marked.js';

/** A document whose one schema, `Contact`, has these properties; the first is on line 11. */
function contactSchema(properties: string): string {
  return `openapi: 3.1.0
info:
  title: Fragment
  version: 1.0.0
paths: {}
components:
  schemas:
    Contact:
      type: object
      properties:
${properties}`;
}

const missing = (name: string) =>
  `property '${name}' names personal data but has no x-pii; ` +
  `expected 'x-pii: true', or 'x-pii: false' where it holds none`;

describe('nameWords', () => {
  it.each([
    ['email', ['email']],
    ['contactEmail', ['contact', 'email']],
    ['billToIPAddress1', ['bill', 'to', 'ip', 'address', '1']],
    ['VATId', ['vat', 'id']],
    ['date_of_birth', ['date', 'of', 'birth']],
  ])('splits %s into its camelCase words', (given, want) => {
    expect(nameWords(given)).toStrictEqual(want);
  });
});

describe('namesPersonalData with the default names', () => {
  const sequences = DEFAULT_PII_NAMES.map(nameWords);
  it.each([
    ['contactEmail', true],
    ['billToFirstName', true],
    ['addressLine1', true],
    ['line2', true],
    ['dateOfBirth', true],
    ['taxId', true],
    ['clientIp', true],
    ['legalName', false],
    ['accountName', false],
    ['name', false],
    ['zip', false],
    ['lines', false],
    ['vatId', false],
  ])('takes %s as personal data: %s', (given, want) => {
    expect(namesPersonalData(given, sequences)).toBe(want);
  });
});

describe('pii-marked', () => {
  it.each([
    [
      'marked, organisational and boolean properties',
      `        email:
          type: string
          x-pii: true
        legalName:
          type: string
        sendInvoiceByEmail:
          type: boolean
        vatId:
          type: string
`,
    ],
    [
      'a reviewed exception marked x-pii: false',
      `        teamEmail:
          type: string
          x-pii: false
`,
    ],
    [
      'a $ref whose target carries x-pii',
      `        line1:
          $ref: '${SHARED}/schemas.yaml#/Address/properties/line1'
`,
    ],
    [
      'a $ref with x-pii beside it',
      `        homeAddress:
          $ref: '${SHARED}/schemas.yaml#/Address'
        postalCode:
          $ref: '#/components/schemas/Code'
          x-pii: true
    Code:
      type: string
`,
    ],
  ])('passes %s', async (_name, properties) => {
    expect(
      await lintFragment('pii-marked', { 'openapi.yaml': contactSchema(properties) }),
    ).toStrictEqual([]);
  });

  it.each([
    [
      'an unmarked email',
      `        id:
          type: string
        contactEmail:
          type: string
`,
      [{ line: 13, column: 9, message: missing('contactEmail') }],
    ],
    [
      'unmarked names and a phone number, nested in an object',
      `        person:
          type: object
          properties:
            firstName:
              type: string
            lastName:
              type: string
              x-pii: true
            mobilePhone:
              type: string
`,
      [
        { line: 14, column: 13, message: missing('firstName') },
        { line: 19, column: 13, message: missing('mobilePhone') },
      ],
    ],
    [
      'an x-pii that is not a boolean',
      `        dateOfBirth:
          type: string
          x-pii: 'yes'
`,
      [
        {
          line: 11,
          column: 9,
          message: `property 'dateOfBirth' has x-pii "yes"; expected true or false`,
        },
      ],
    ],
  ])('reports %s at the property name', async (_name, properties, want) => {
    expect(
      await lintFragment('pii-marked', { 'openapi.yaml': contactSchema(properties) }),
    ).toStrictEqual(
      want.map((where) => ({
        rule: 'pii-marked',
        severity: 'error',
        file: 'openapi.yaml',
        ...where,
      })),
    );
  });
});

import type { Oas3Rule, UserContext } from '@redocly/openapi-core';

import { followRefs, isObject } from './ref-chain.js';
import { keyOf } from './report-once.js';

/**
 * Property names that hold personal data, as camelCase word sequences. A property matches when
 * its own words contain one of these sequences: `contactEmail` and `billToFirstName` match,
 * `legalName` and `accountName` (an organisation's) do not.
 */
export const DEFAULT_PII_NAMES: readonly string[] = [
  'email',
  'phone',
  'fax',
  'firstName',
  'middleName',
  'lastName',
  'fullName',
  'givenName',
  'familyName',
  'surname',
  'line1',
  'line2',
  'line3',
  'addressLine',
  'address1',
  'address2',
  'address3',
  'street',
  'postalCode',
  'zipCode',
  'postcode',
  'dateOfBirth',
  'birthDate',
  'birthday',
  'dob',
  'taxId',
  'taxNumber',
  'ssn',
  'socialSecurityNumber',
  'nationalId',
  'passportNumber',
  'ip',
];

/** Splits a property name into lower-case words: `billToIPAddress1` → bill, to, ip, address, 1. */
export function nameWords(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map((word) =>
    word.toLowerCase(),
  );
}

/** True when the words of `name` contain one of the word sequences, in order and adjacent. */
export function namesPersonalData(name: string, sequences: readonly string[][]): boolean {
  const words = nameWords(name);
  return sequences.some((sequence) =>
    words.some((_, start) => sequence.every((word, i) => words[start + i] === word)),
  );
}

/**
 * `pii-marked`: a schema property whose name says it holds personal data carries `x-pii`
 * (`true`, or `false` as a reviewed exception). Booleans are exempt: a flag holds no data.
 * Option `names` replaces the default list.
 */
export const PiiMarked: Oas3Rule = (options) => {
  const names = Array.isArray(options.names) ? options.names.map(String) : DEFAULT_PII_NAMES;
  const sequences = names.map(nameWords).filter((words) => words.length > 0);
  return {
    Schema: {
      enter(schema, ctx) {
        if (!isObject(schema.properties)) return;
        for (const [name, property] of Object.entries(schema.properties)) {
          if (!namesPersonalData(name, sequences)) continue;
          const problem = piiProblem(name, property, ctx);
          if (problem)
            ctx.report({
              message: problem,
              location: keyOf(ctx.location.child(['properties', name])),
            });
        }
      },
    },
  };
};

function piiProblem(name: string, property: unknown, ctx: UserContext): string | undefined {
  const own = isObject(property) ? property['x-pii'] : undefined;
  const followed = followRefs(property, ctx.location.child(['properties', name]), ctx);
  const target = isObject(followed?.node) ? followed.node : {};
  const marker = own ?? target['x-pii'];
  if (marker === true || marker === false) return undefined;
  if (marker !== undefined)
    return `property '${name}' has x-pii ${JSON.stringify(marker)}; expected true or false`;
  if (target.type === 'boolean') return undefined;
  return (
    `property '${name}' names personal data but has no x-pii; ` +
    `expected 'x-pii: true', or 'x-pii: false' where it holds none`
  );
}

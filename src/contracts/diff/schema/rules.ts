import type { Level } from '../model.js';

/** What one change in the schema vocabulary means and how bad it is each way data flows. */
export interface ChangeRule {
  summary: string;
  request: Level;
  response: Level;
}

/** A catalogue entry as the rule catalogue lists it. */
export type SchemaRule = ChangeRule;

const bound = (what: string, more: string): Record<string, ChangeRule> => ({
  [`max${what}-decreased`]: rule(`the maximum ${more} decreased`, 'error', 'info'),
  // A reader may size storage or a field by the documented bound; whether it does cannot be
  // seen from the spec, so a looser bound on data a client reads is flagged, not failed.
  [`max${what}-increased`]: rule(`the maximum ${more} increased`, 'info', 'warning'),
  // Nothing tells whether writers send values over a new bound, so it is flagged, not failed.
  [`max${what}-set`]: rule(`a maximum ${more} was set where there was none`, 'warning', 'info'),
  [`max${what}-removed`]: rule(`the maximum ${more} was removed`, 'info', 'warning'),
  [`min${what}-increased`]: rule(`the minimum ${more} increased`, 'error', 'info'),
  [`min${what}-decreased`]: rule(`the minimum ${more} decreased`, 'info', 'warning'),
  [`min${what}-set`]: rule(`a minimum ${more} was set where there was none`, 'warning', 'info'),
  [`min${what}-removed`]: rule(`the minimum ${more} was removed`, 'info', 'warning'),
});

function rule(summary: string, request: Level, response: Level): ChangeRule {
  return { summary, request, response };
}

/**
 * The change vocabulary every schema subject shares: the part of a rule id after the subject,
 * with its level when the data is written by clients (`request`) or read by them (`response`).
 */
export const SCHEMA_CHANGES: Readonly<Record<string, ChangeRule>> = {
  'type-changed': rule('the type changed to one sharing no values with the old', 'error', 'error'),
  'type-generalized': rule(
    'the type admits more values (a type added, integer to number)',
    'info',
    'error',
  ),
  'type-narrowed': rule(
    'the type admits fewer values (a type dropped, number to integer)',
    'error',
    'info',
  ),
  'became-nullable': rule('null became a valid value', 'info', 'error'),
  'became-not-nullable': rule('null is no longer a valid value', 'error', 'info'),
  'enum-value-removed': rule('a value was removed from the enum', 'error', 'info'),
  'enum-value-added': rule('a value was added to the enum', 'info', 'warning'),
  'became-enum': rule('the values became restricted to an enum', 'error', 'info'),
  'became-not-enum': rule(
    'the enum was removed: any value of the type is valid',
    'info',
    'warning',
  ),
  'const-changed': rule('the constant value changed', 'error', 'error'),
  'const-added': rule('the value became a constant', 'error', 'info'),
  'const-removed': rule('the value is no longer a constant', 'info', 'warning'),
  'default-value-changed': rule(
    'the default, used when the value is omitted, changed',
    'warning',
    'info',
  ),
  'default-value-added': rule('a default was added', 'info', 'info'),
  'default-value-removed': rule(
    'the default was removed: omitting the value means something else',
    'warning',
    'info',
  ),
  ...bound('', 'value'),
  ...bound('-length', 'length'),
  ...bound('-items', 'number of items'),
  ...bound('-properties', 'number of properties'),
  'multiple-of-set': rule('the value must now be a multiple of a number', 'error', 'info'),
  'multiple-of-changed': rule(
    'the number the value must be a multiple of changed',
    'warning',
    'warning',
  ),
  'multiple-of-removed': rule(
    'the value need no longer be a multiple of a number',
    'info',
    'warning',
  ),
  'unique-items-set': rule('the items must now be unique', 'error', 'info'),
  'unique-items-removed': rule('the items need no longer be unique', 'info', 'warning'),
  // Whether two regular expressions accept the same strings cannot be decided in general.
  'pattern-added': rule('a pattern was added', 'warning', 'info'),
  'pattern-changed': rule('the pattern changed', 'warning', 'info'),
  'pattern-removed': rule('the pattern was removed', 'info', 'warning'),
  'format-added': rule('a format was added', 'error', 'info'),
  'format-changed': rule('the format changed', 'error', 'warning'),
  'format-removed': rule('the format was removed', 'info', 'warning'),
  'required-property-added': rule('a required property was added', 'error', 'info'),
  'required-property-with-default-added': rule(
    'a required property with a default was added; the provider fills it in (requests only: responses report required-property-added)',
    'info',
    'info',
  ),
  'optional-property-added': rule('an optional property was added', 'info', 'info'),
  'required-property-removed': rule('a required property was removed', 'warning', 'error'),
  // A reader that used an optional property loses its data as surely as with a required one;
  // "optional" only said it might be absent on some records, not that nobody relies on it.
  'optional-property-removed': rule('an optional property was removed', 'warning', 'error'),
  'became-required': rule('the property became required', 'error', 'info'),
  'became-optional': rule('the property became optional', 'info', 'error'),
  'additional-properties-restricted': rule(
    'fewer undeclared properties are accepted',
    'error',
    'info',
  ),
  'additional-properties-relaxed': rule('more undeclared properties are accepted', 'info', 'info'),
  // A positional prefix is judged like a new alternative shape of the array.
  'prefix-items-added': rule('positional item schemas (prefixItems) were added', 'info', 'error'),
  'prefix-items-removed': rule(
    'positional item schemas (prefixItems) were removed',
    'error',
    'info',
  ),
  'contains-added': rule('the array must now contain a matching item', 'error', 'info'),
  'contains-removed': rule('the array need no longer contain a matching item', 'info', 'warning'),
  'one-of-added': rule('a oneOf alternative was added', 'info', 'error'),
  'one-of-removed': rule('a oneOf alternative was removed', 'error', 'info'),
  // An anyOf alternative added beside the old shape is how specs describe opt-in variants (an
  // expandable id that a request may ask to receive as an object): existing calls keep getting
  // the shape they got, so it is flagged for review rather than failed. A new oneOf branch is
  // a new exclusive shape and stays an error.
  'any-of-added': rule('an anyOf alternative was added', 'info', 'warning'),
  'any-of-removed': rule('an anyOf alternative was removed', 'error', 'info'),
  'all-of-added': rule('an allOf member with validation keywords was added', 'error', 'info'),
  // What a removed member took away is reported on the merged schema (properties, bounds).
  'all-of-removed': rule('an allOf member was removed', 'info', 'info'),
  'discriminator-added': rule('a discriminator was added', 'info', 'info'),
  'discriminator-removed': rule('the discriminator was removed', 'info', 'info'),
  'discriminator-property-name-changed': rule(
    'the discriminator property name changed',
    'info',
    'info',
  ),
  'discriminator-mapping-added': rule('a discriminator mapping entry was added', 'info', 'info'),
  'discriminator-mapping-deleted': rule(
    'a discriminator mapping entry was deleted',
    'info',
    'info',
  ),
  'discriminator-mapping-changed': rule(
    'a discriminator mapping entry points elsewhere',
    'info',
    'info',
  ),
};

/** What each subject is called in a summary, and which way its data flows (absent: both). */
const SUBJECTS: Readonly<Record<string, { noun: string; only?: 'request' | 'response' }>> = {
  'request-body': { noun: 'Request body', only: 'request' },
  'request-parameter': { noun: 'Request parameter', only: 'request' },
  'request-property': { noun: 'Request property', only: 'request' },
  'response-body': { noun: 'Response body', only: 'response' },
  'response-header': { noun: 'Response header', only: 'response' },
  'response-property': { noun: 'Response property', only: 'response' },
  'message-payload': { noun: 'Message payload' },
  'message-headers': { noun: 'Message headers' },
  'message-property': { noun: 'Message property' },
};

/** Levels that differ from the shared vocabulary for one subject, with the reason. */
const OVERRIDES: Readonly<Record<string, Partial<ChangeRule>>> = {
  // A client that omits a query or header parameter silently gets the new default.
  'request-parameter-default-value-changed': { request: 'error' },
};

/** The property-form subject used below the root of a schema whose root subject is given. */
export function propertySubject(subject: string): string {
  const side = subject.split('-')[0] ?? subject;
  return `${side}-property`;
}

/** The level of `rule` (a full rule id built from `change`) for data flowing in `direction`. */
export function levelOf(ruleId: string, change: string, direction: 'request' | 'response'): Level {
  const entry = SCHEMA_RULES[ruleId] ?? SCHEMA_CHANGES[change];
  return entry?.[direction] ?? 'info';
}

function buildRules(): Record<string, SchemaRule> {
  const rules: Record<string, SchemaRule> = {};
  for (const [subject, { noun, only }] of Object.entries(SUBJECTS)) {
    for (const [change, entry] of Object.entries(SCHEMA_CHANGES)) {
      const id = `${subject}-${change}`;
      const levels = { ...entry, ...OVERRIDES[id] };
      const summary = `${noun}: ${entry.summary}${only ? ` (${only}s only)` : ''}.`;
      rules[id] = {
        summary,
        request: only === 'response' ? 'info' : levels.request,
        response: only === 'request' ? 'info' : levels.response,
      };
    }
  }
  return rules;
}

/**
 * Every rule id `compareSchemas` can emit for the subjects the OpenAPI and AsyncAPI walks use,
 * with its summary and its level in requests and in responses. A subject that only ever flows
 * one way has 'info' for the other way.
 */
export const SCHEMA_RULES: Readonly<Record<string, SchemaRule>> = buildRules();

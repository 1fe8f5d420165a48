import { describe, expect, it } from 'vitest';
import { SCHEMA_CHANGES, SCHEMA_RULES, propertySubject } from './rules.js';

describe('SCHEMA_RULES', () => {
  it('lists each change for every subject, with its levels each way', () => {
    expect(SCHEMA_RULES['request-property-became-required']).toStrictEqual({
      summary: 'Request property: the property became required (requests only).',
      request: 'error',
      response: 'info',
    });
    expect(SCHEMA_RULES['message-property-became-required']).toStrictEqual({
      summary: 'Message property: the property became required.',
      request: 'error',
      response: 'info',
    });
    expect(Object.keys(SCHEMA_RULES)).toHaveLength(9 * Object.keys(SCHEMA_CHANGES).length);
  });

  it('sets the unused direction of a one-way subject to info', () => {
    expect(SCHEMA_RULES['response-body-became-optional']?.request).toBe('info');
    expect(SCHEMA_RULES['request-body-became-required']?.response).toBe('info');
  });

  it('makes a changed parameter default an error: omitting clients get the new value', () => {
    expect(SCHEMA_RULES['request-parameter-default-value-changed']?.request).toBe('error');
    expect(SCHEMA_RULES['request-property-default-value-changed']?.request).toBe('warning');
  });

  it.each([
    ['request-body', 'request-property'],
    ['response-header', 'response-property'],
    ['message-headers', 'message-property'],
  ])('uses %s below the root as %s', (subject, want) => {
    expect(propertySubject(subject)).toBe(want);
  });
});

import type { Finding, Level } from '../model.js';

/** One document-level rule: its fixed level and what it reports, in one line. */
export interface DocumentRule {
  level: Level;
  summary: string;
}

/**
 * Every rule the OpenAPI document walk reports, outside the schemas. A rule has one level, so a
 * change that is breaking in one case and harmless in another gets two ids.
 */
export const OPENAPI_RULES = {
  'path-removed': {
    level: 'error',
    summary: 'a path with operations that were not deprecated was removed',
  },
  'operation-removed': {
    level: 'error',
    summary: 'an operation that was not deprecated was removed',
  },
  'operation-removed-before-sunset': {
    level: 'error',
    summary: 'a deprecated operation was removed before its sunset date',
  },
  'operation-removed-without-sunset': {
    level: 'warning',
    summary: 'a deprecated operation that announced no sunset date was removed',
  },
  'operation-removed-after-sunset': {
    level: 'info',
    summary: 'a deprecated operation was removed after its sunset date',
  },
  'path-added': { level: 'info', summary: 'a path was added' },
  'operation-added': { level: 'info', summary: 'an operation was added to an existing path' },
  'operation-became-deprecated': { level: 'info', summary: 'an operation became deprecated' },
  'operation-id-changed': {
    level: 'warning',
    summary: 'an operationId changed, which renames generated client methods',
  },
  'request-parameter-added-required': {
    level: 'error',
    summary: 'a required request parameter was added',
  },
  'request-parameter-added-optional': {
    level: 'info',
    summary: 'an optional request parameter was added',
  },
  'request-parameter-removed': {
    level: 'warning',
    summary: 'a request parameter was removed; clients that send it may be refused',
  },
  'request-parameter-moved': {
    level: 'error',
    summary: 'a request parameter moved to another location (`in` changed)',
  },
  'request-parameter-became-required': {
    level: 'error',
    summary: 'an optional request parameter became required',
  },
  'request-parameter-became-optional': {
    level: 'info',
    summary: 'a required request parameter became optional',
  },
  'request-body-added-required': { level: 'error', summary: 'a required request body was added' },
  'request-body-added-optional': { level: 'info', summary: 'an optional request body was added' },
  'request-body-became-required': {
    level: 'error',
    summary: 'an optional request body became required',
  },
  'request-body-became-optional': {
    level: 'info',
    summary: 'a required request body became optional',
  },
  'request-body-removed': {
    level: 'error',
    summary: 'the request body was removed; what clients send is no longer read',
  },
  'request-media-type-removed': {
    level: 'error',
    summary: 'a request media type is no longer accepted',
  },
  'request-media-type-added': { level: 'info', summary: 'a request media type is now accepted' },
  'response-success-status-removed': {
    level: 'error',
    summary: 'a 2xx response status was removed',
  },
  'response-status-removed': { level: 'warning', summary: 'a non-2xx response status was removed' },
  'response-status-added': { level: 'info', summary: 'a response status was added' },
  'response-media-type-removed': { level: 'error', summary: 'a response media type was removed' },
  'response-media-type-added': { level: 'info', summary: 'a response media type was added' },
  'response-header-removed': { level: 'error', summary: 'a required response header was removed' },
  'response-optional-header-removed': {
    level: 'warning',
    summary: 'an optional response header was removed',
  },
  'response-header-became-optional': {
    level: 'error',
    summary: 'a required response header became optional',
  },
  'security-added': {
    level: 'error',
    summary: 'an operation that needed no credentials now needs them',
  },
  'security-alternative-added': {
    level: 'info',
    summary: 'an operation accepts another way to authenticate',
  },
  'security-alternative-removed': {
    level: 'error',
    summary: 'an operation no longer accepts one way to authenticate',
  },
  'security-removed': { level: 'info', summary: 'an operation no longer needs credentials' },
  'security-scope-added': {
    level: 'error',
    summary: 'an operation needs an additional OAuth scope',
  },
  'security-scope-removed': { level: 'info', summary: 'an operation needs one OAuth scope fewer' },
  'global-security-added': {
    level: 'error',
    summary: 'the API needed no credentials and now needs them',
  },
  'global-security-alternative-added': {
    level: 'info',
    summary: 'the API accepts another way to authenticate',
  },
  'global-security-alternative-removed': {
    level: 'error',
    summary: 'the API no longer accepts one way to authenticate',
  },
  'global-security-removed': { level: 'info', summary: 'the API no longer needs credentials' },
  'global-security-scope-added': {
    level: 'error',
    summary: 'the API needs an additional OAuth scope',
  },
  'global-security-scope-removed': {
    level: 'info',
    summary: 'the API needs one OAuth scope fewer',
  },
} as const satisfies Record<string, DocumentRule>;

/** An id of a rule in `OPENAPI_RULES`. */
export type OpenApiRuleId = keyof typeof OPENAPI_RULES;

/** Builds a finding of `rule` at the level the catalogue gives it. */
export function finding(
  rule: OpenApiRuleId,
  location: string,
  message: string,
  operation?: string,
): Finding {
  const found: Finding = { rule, level: OPENAPI_RULES[rule].level, message, location };
  if (operation !== undefined) found.operation = operation;
  return found;
}

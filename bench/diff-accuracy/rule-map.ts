// Our rule ids -> oasdiff's change ids, for the accuracy benchmark only. An id not listed here
// is the same in both tools. One of our ids may stand for several of theirs where oasdiff splits
// one change by where it sits (a property of a parameter, of a body); the case being scored
// decides which of them it is about.

/** Our rule id -> the oasdiff change id(s) it corresponds to. */
export const RULE_MAP: Readonly<Record<string, string | readonly string[]>> = {
  // document rules
  'path-removed': 'api-path-removed-without-deprecation',
  'operation-removed': 'api-removed-without-deprecation',
  'operation-removed-before-sunset': 'api-removed-before-sunset',
  'operation-became-deprecated': 'endpoint-deprecated',
  'request-parameter-added-required': 'new-required-request-parameter',
  'request-parameter-added-optional': 'new-optional-request-parameter',
  'request-body-added-required': 'added-required-request-body',
  'request-body-added-optional': 'added-optional-request-body',
  'request-media-type-removed': 'request-body-media-type-removed',
  'request-media-type-added': 'request-body-media-type-added',
  'response-status-removed': 'response-non-success-status-removed',
  'response-header-removed': 'required-response-header-removed',
  'response-optional-header-removed': 'optional-response-header-removed',
  'security-added': 'api-security-added',
  'security-alternative-added': 'api-security-added',
  'security-removed': 'api-security-removed',
  'security-alternative-removed': 'api-security-removed',
  'security-scope-added': 'api-security-scope-added',
  'security-scope-removed': 'api-security-scope-removed',
  'global-security-added': 'api-global-security-added',
  'global-security-alternative-added': 'api-global-security-added',
  'global-security-removed': 'api-global-security-removed',
  'global-security-alternative-removed': 'api-global-security-removed',
  'global-security-scope-added': 'api-global-security-scope-added',
  'global-security-scope-removed': 'api-global-security-scope-removed',
  // schema rules: properties added and removed
  'request-body-required-property-added': 'new-required-request-property',
  'request-property-required-property-added': 'new-required-request-property',
  'request-body-optional-property-added': 'new-optional-request-property',
  'request-property-optional-property-added': 'new-optional-request-property',
  'request-body-required-property-with-default-added': 'new-required-request-property-with-default',
  'request-property-required-property-with-default-added':
    'new-required-request-property-with-default',
  'request-body-required-property-removed': 'request-property-removed',
  'request-property-required-property-removed': 'request-property-removed',
  'request-body-optional-property-removed': 'request-property-removed',
  'request-property-optional-property-removed': 'request-property-removed',
  'response-body-required-property-added': 'response-required-property-added',
  'response-property-required-property-added': 'response-required-property-added',
  'response-body-optional-property-added': 'response-optional-property-added',
  'response-property-optional-property-added': 'response-optional-property-added',
  'response-body-required-property-removed': 'response-required-property-removed',
  'response-property-required-property-removed': 'response-required-property-removed',
  'response-body-optional-property-removed': 'response-optional-property-removed',
  'response-property-optional-property-removed': 'response-optional-property-removed',
  // schema rules: oasdiff has one "type changed" where we tell narrowing from widening
  'request-body-type-narrowed': 'request-body-type-changed',
  'request-property-type-narrowed': 'request-property-type-changed',
  'request-parameter-type-narrowed': 'request-parameter-type-changed',
  'response-body-type-generalized': 'response-body-type-changed',
  'response-property-type-generalized': 'response-property-type-changed',
  // schema rules below a parameter's root are property rules for us, their own ids for oasdiff
  'request-property-enum-value-removed': [
    'request-property-enum-value-removed',
    'request-parameter-property-enum-value-removed',
  ],
  'request-property-enum-value-added': [
    'request-property-enum-value-added',
    'request-parameter-property-enum-value-added',
  ],
};

/** The oasdiff ids one of our rule ids stands for. */
export function theirIds(ours: string): readonly string[] {
  const mapped = RULE_MAP[ours] ?? ours;
  return typeof mapped === 'string' ? [mapped] : mapped;
}

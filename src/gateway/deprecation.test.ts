import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { apiVersionStatus, deprecationHeaders } from './deprecation.js';

type Spec = Record<string, unknown>;

const info = { title: 'Canonical API', version: '1.0.0' };
const v1Deprecation = {
  deprecatedAt: '2026-12-01T00:00:00Z',
  sunset: '2027-06-30T00:00:00Z',
  link: '/docs/canonical-v2/',
};
const deprecatedDocument = (extension: unknown = v1Deprecation): Spec => ({
  openapi: '3.1.0',
  info,
  'x-junction-deprecation': extension,
});
const activeDocument: Spec = { openapi: '3.1.0', info };
const operation = (fields: Spec = {}): Spec => ({ operationId: 'listOrganizations', ...fields });

// 2026-12-01T00:00:00Z and 2027-06-30T00:00:00Z in seconds since the epoch.
const DEC_1_2026 = '@1796083200';
const JUN_30_2027_HTTP = 'Wed, 30 Jun 2027 00:00:00 GMT';

describe('deprecationHeaders', () => {
  const cases: { name: string; document: Spec; operation: Spec; want: Record<string, string> }[] = [
    {
      name: 'sends nothing for an active operation of an active version',
      document: activeDocument,
      operation: operation(),
      want: {},
    },
    {
      name: 'sends Deprecation, Sunset and both links for every operation of a deprecated version',
      document: deprecatedDocument(),
      operation: operation(),
      want: {
        Deprecation: DEC_1_2026,
        Sunset: JUN_30_2027_HTTP,
        Link: '</docs/canonical-v2/>; rel="deprecation", </docs/canonical-v2/>; rel="sunset"',
      },
    },
    {
      name: 'links the successor version when the document names one',
      document: deprecatedDocument({
        deprecatedAt: '2026-12-01T00:00:00Z',
        successor: '/canonical/v2',
      }),
      operation: operation(),
      want: { Deprecation: DEC_1_2026, Link: '</canonical/v2>; rel="successor-version"' },
    },
    {
      name: 'sends only Deprecation when the version has no sunset and no link',
      document: deprecatedDocument({ deprecatedAt: '2026-12-01T00:00:00Z' }),
      operation: operation(),
      want: { Deprecation: DEC_1_2026 },
    },
    {
      name: 'takes an operation’s own dates over the document’s',
      document: deprecatedDocument(),
      operation: operation({
        deprecated: true,
        'x-junction-deprecated-at': '2026-09-01T00:00:00Z',
        'x-junction-sunset': '2027-01-31T12:00:00Z',
      }),
      want: {
        Deprecation: '@1788220800',
        Sunset: 'Sun, 31 Jan 2027 12:00:00 GMT',
        Link: '</docs/canonical-v2/>; rel="deprecation", </docs/canonical-v2/>; rel="sunset"',
      },
    },
    {
      name: 'deprecates one operation of an active version with its own dates',
      document: activeDocument,
      operation: operation({
        deprecated: true,
        'x-junction-deprecated-at': '2026-09-01T00:00:00Z',
        'x-junction-sunset': '2027-01-31T00:00:00Z',
      }),
      want: { Deprecation: '@1788220800', Sunset: 'Sun, 31 Jan 2027 00:00:00 GMT' },
    },
    {
      name: 'sends only Sunset for an operation deprecated without a date (RFC 9745 needs one)',
      document: activeDocument,
      operation: operation({ deprecated: true, 'x-junction-sunset': '2027-01-31T00:00:00Z' }),
      want: { Sunset: 'Sun, 31 Jan 2027 00:00:00 GMT' },
    },
    {
      name: 'sends nothing for an operation deprecated with no date at all',
      document: activeDocument,
      operation: operation({ deprecated: true }),
      want: {},
    },
    {
      name: 'ignores deprecated: false',
      document: activeDocument,
      operation: operation({ deprecated: false }),
      want: {},
    },
    {
      name: 'converts a date with an offset and fractional seconds to UTC whole seconds',
      document: deprecatedDocument({
        deprecatedAt: '2026-12-01T01:00:00.750+01:00',
        sunset: '2027-06-30T02:00:00-02:00',
      }),
      operation: operation(),
      want: { Deprecation: DEC_1_2026, Sunset: 'Wed, 30 Jun 2027 04:00:00 GMT' },
    },
  ];
  it.each(cases)('$name', ({ document, operation, want }) => {
    expect(deprecationHeaders(document, operation)).toStrictEqual(want);
  });

  it('returns a fresh object each time, so a caller may change it', () => {
    const document = deprecatedDocument();
    const op = operation();
    const first = deprecationHeaders(document, op);
    first.Extra = 'x';
    expect(deprecationHeaders(document, op)).not.toHaveProperty('Extra');
  });

  it('gives the headers of the canonical v1 spec as it is written', () => {
    const document = parse(readFileSync('specs/openapi/canonical/v1/openapi.yaml', 'utf8')) as Spec;
    expect(deprecationHeaders(document, operation())).toStrictEqual({
      Deprecation: DEC_1_2026,
      Sunset: JUN_30_2027_HTTP,
      Link:
        '</docs/canonical-v2/>; rel="deprecation", </docs/canonical-v2/>; rel="sunset", ' +
        '</canonical/v2>; rel="successor-version"',
    });
  });
});

describe('apiVersionStatus', () => {
  it('reports an API without the extension as active', () => {
    expect(apiVersionStatus(activeDocument)).toStrictEqual({ status: 'active' });
  });

  it('reports a deprecated API with its dates as the spec writes them', () => {
    expect(apiVersionStatus(deprecatedDocument())).toStrictEqual({
      status: 'deprecated',
      deprecatedAt: '2026-12-01T00:00:00Z',
      sunsetAt: '2027-06-30T00:00:00Z',
    });
  });

  it('reports a deprecation announced for later as deprecated, without a sunset when none is set', () => {
    expect(
      apiVersionStatus(deprecatedDocument({ deprecatedAt: '2099-01-01T00:00:00Z' })),
    ).toStrictEqual({
      status: 'deprecated',
      deprecatedAt: '2099-01-01T00:00:00Z',
    });
  });
});

describe('a malformed deprecation in the spec', () => {
  const cases: { name: string; document: Spec; operation?: Spec; message: string }[] = [
    {
      name: 'an unparseable deprecatedAt',
      document: deprecatedDocument({ ...v1Deprecation, deprecatedAt: 'next winter' }),
      message:
        'Canonical API 1.0.0: x-junction-deprecation.deprecatedAt is "next winter"; ' +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'a sunset that is an HTTP-date instead of RFC 3339',
      document: deprecatedDocument({ ...v1Deprecation, sunset: JUN_30_2027_HTTP }),
      message:
        `Canonical API 1.0.0: x-junction-deprecation.sunset is "${JUN_30_2027_HTTP}"; ` +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'a date the calendar does not have',
      document: deprecatedDocument({ ...v1Deprecation, deprecatedAt: '2027-02-30T00:00:00Z' }),
      message:
        'Canonical API 1.0.0: x-junction-deprecation.deprecatedAt is "2027-02-30T00:00:00Z"; ' +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'a date without a time zone',
      document: deprecatedDocument({ ...v1Deprecation, sunset: '2027-06-30T00:00:00' }),
      message:
        'Canonical API 1.0.0: x-junction-deprecation.sunset is "2027-06-30T00:00:00"; ' +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'a date that is not a string',
      document: deprecatedDocument({ ...v1Deprecation, deprecatedAt: 1796083200 }),
      message:
        'Canonical API 1.0.0: x-junction-deprecation.deprecatedAt is 1796083200; ' +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'a missing deprecatedAt',
      document: deprecatedDocument({ sunset: '2027-06-30T00:00:00Z' }),
      message:
        'Canonical API 1.0.0: x-junction-deprecation.deprecatedAt is missing; ' +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'an extension that is not an object',
      document: deprecatedDocument(true),
      message:
        'Canonical API 1.0.0: x-junction-deprecation is true; ' +
        'expected an object with deprecatedAt, sunset and link',
    },
    {
      name: 'an unknown key',
      document: deprecatedDocument({ ...v1Deprecation, sunsetAt: '2027-06-30T00:00:00Z' }),
      message:
        "Canonical API 1.0.0: x-junction-deprecation has the unknown key 'sunsetAt'; " +
        'expected only deprecatedAt, sunset, link, successor',
    },
    {
      name: 'a link that would break out of the Link header',
      document: deprecatedDocument({ ...v1Deprecation, link: '/docs>; rel="x"' }),
      message:
        'Canonical API 1.0.0: x-junction-deprecation.link is "/docs>; rel=\\"x\\""; ' +
        'expected a URI reference without spaces, quotes or angle brackets',
    },
    {
      name: 'a sunset before the deprecation',
      document: deprecatedDocument({ ...v1Deprecation, sunset: '2026-11-30T23:59:59Z' }),
      message:
        "Canonical API 1.0.0: sunset '2026-11-30T23:59:59Z' is earlier than deprecatedAt " +
        "'2026-12-01T00:00:00Z'; a version can only be switched off after it is deprecated " +
        '(RFC 9745 section 4)',
    },
    {
      name: 'an operation sunset before the document’s deprecation',
      document: deprecatedDocument(),
      operation: operation({ deprecated: true, 'x-junction-sunset': '2026-06-30T00:00:00Z' }),
      message:
        "Canonical API 1.0.0: sunset '2026-06-30T00:00:00Z' is earlier than deprecatedAt " +
        "'2026-12-01T00:00:00Z'; a version can only be switched off after it is deprecated " +
        '(RFC 9745 section 4)',
    },
    {
      name: 'an unparseable operation sunset',
      document: activeDocument,
      operation: operation({ deprecated: true, 'x-junction-sunset': 'Q3' }),
      message:
        'Canonical API 1.0.0 operation listOrganizations: x-junction-sunset is "Q3"; ' +
        "expected an RFC 3339 date-time such as '2027-06-30T00:00:00Z'",
    },
    {
      name: 'an operation sunset without deprecated: true',
      document: activeDocument,
      operation: operation({ 'x-junction-sunset': '2027-06-30T00:00:00Z' }),
      message:
        'Canonical API 1.0.0 operation listOrganizations: deprecated is missing; ' +
        'expected true beside x-junction-sunset',
    },
  ];
  it.each(cases)('throws for $name, naming the key and the value', (testCase) => {
    const op = testCase.operation ?? operation();
    expect(() => deprecationHeaders(testCase.document, op)).toThrow(new Error(testCase.message));
  });

  it('throws from apiVersionStatus too', () => {
    expect(() => apiVersionStatus(deprecatedDocument({ deprecatedAt: 'soon' }))).toThrow(
      'x-junction-deprecation.deprecatedAt is "soon"',
    );
  });
});

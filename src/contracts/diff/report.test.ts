import { describe, expect, it } from 'vitest';

import type { DiffReport, Finding } from './model.js';
import { exitCodeOf, formatReports } from './report.js';

const info: Finding = {
  rule: 'request-parameter-added-optional',
  level: 'info',
  location: 'GET /orders parameter query expand',
  message: "optional query parameter 'expand' was added",
};
const warning: Finding = {
  rule: 'operation-id-changed',
  level: 'warning',
  location: 'GET /orders',
  message: "operationId changed from 'listOrders' to 'getOrders'",
};
const error: Finding = {
  rule: 'operation-removed',
  level: 'error',
  location: 'DELETE /orders/{id}',
  message: 'DELETE /orders/{id} was removed without being deprecated first',
};

function report(
  findings: Finding[],
  base = '1.2.0',
  revision = '1.3.0',
  bumped = false,
): DiffReport {
  return {
    kind: 'openapi',
    base: { source: 'a.yaml', version: base },
    revision: { source: 'b.yaml', version: revision },
    findings,
    majorVersionBumped: bumped,
  };
}

describe('formatReports', () => {
  it('writes one line per finding, errors first, then the counts', () => {
    expect(formatReports([report([info, warning, error])], 'text', 'error')).toBe(
      [
        'error operation-removed DELETE /orders/{id}: DELETE /orders/{id} was removed without being deprecated first',
        "warning operation-id-changed GET /orders: operationId changed from 'listOrders' to 'getOrders'",
        "info request-parameter-added-optional GET /orders parameter query expand: optional query parameter 'expand' was added",
        '1 error(s), 1 warning(s), 1 info: breaking changes found (failing on error)',
        '',
      ].join('\n'),
    );
  });

  it('says in the summary line that a major version raise admits the errors', () => {
    const text = formatReports([report([error], '1.2.0', '2.0.0', true)], 'text', 'error');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '1 error(s), 0 warning(s), 0 info: no breaking changes; 1 admitted by a major version raise (b.yaml 1.2.0 -> 2.0.0)',
    );
  });

  it('writes JSON with every report and the summary', () => {
    const json = JSON.parse(formatReports([report([warning])], 'json', 'warning')) as unknown;
    expect(json).toStrictEqual({
      reports: [report([warning])],
      summary: { errors: 0, warnings: 1, infos: 0, failOn: 'warning', failing: 1, admitted: 0 },
    });
  });

  it('writes Markdown with one table per report and escapes pipes', () => {
    const piped = { ...info, message: 'a | b' };
    expect(formatReports([report([piped])], 'markdown', 'error')).toBe(
      [
        '# API changes',
        '',
        '**0 error(s), 0 warning(s), 1 info: no breaking changes**',
        '',
        '## a.yaml -> b.yaml',
        '',
        '| level | rule | location | message |',
        '| --- | --- | --- | --- |',
        '| info | `request-parameter-added-optional` | GET /orders parameter query expand | a \\| b |',
        '',
      ].join('\n'),
    );
  });
});

describe('exitCodeOf', () => {
  it.each([
    ['no findings', [report([])], 'error', 0],
    ['info only', [report([info])], 'error', 0],
    ['a warning when failing on error', [report([warning])], 'error', 0],
    ['a warning when failing on warning', [report([warning])], 'warning', 1],
    ['an error', [report([error])], 'error', 1],
    ['an error admitted by a major raise', [report([error], '1.0.0', '2.0.0', true)], 'error', 0],
    ['an error in one of two reports', [report([]), report([error])], 'error', 1],
  ] as const)('is right for %s', (_what, reports, failOn, want) => {
    expect(exitCodeOf(reports, failOn)).toBe(want);
  });
});

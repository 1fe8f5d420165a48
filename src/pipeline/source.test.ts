import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { parseSourceFile, parseSourceText } from './source.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/pipeline/${name}`, import.meta.url));

/** The stage and diagnostics of the StageFailure `parse` throws. */
function failureOf(parse: () => unknown): { stage: string; diagnostics: Diagnostic[] } {
  try {
    parse();
  } catch (err) {
    if (err instanceof StageFailure) return { stage: err.stage, diagnostics: err.diagnostics };
    throw err;
  }
  throw new Error('expected a StageFailure, but the source parsed');
}

function yamlSyntax(file: string, line: number, column: number, message: string): Diagnostic {
  return { rule: 'yaml-syntax', severity: 'error', message, location: { file, line, column } };
}

describe('parseSourceText', () => {
  const valid: { behaviour: string; given: string; want: unknown }[] = [
    {
      behaviour: 'reads YAML into plain values',
      given: 'openapi: 3.1.0\ninfo:\n  title: Tiny\n  version: 1.0.0\ntags: [a, b]\n',
      want: { openapi: '3.1.0', info: { title: 'Tiny', version: '1.0.0' }, tags: ['a', 'b'] },
    },
    {
      behaviour: 'reads JSON as the YAML subset it is',
      given: '{"openapi": "3.0.3", "paths": {}}',
      want: { openapi: '3.0.3', paths: {} },
    },
    {
      behaviour: 'expands anchors and aliases',
      given: 'base: &base\n  type: string\ncopy: *base\n',
      want: { base: { type: 'string' }, copy: { type: 'string' } },
    },
  ];

  for (const { behaviour, given, want } of valid) {
    it(behaviour, () => {
      expect(parseSourceText(given, 'spec.yaml')).toStrictEqual(want);
    });
  }

  const malformed: { behaviour: string; given: string; want: Diagnostic[] }[] = [
    {
      behaviour: 'points at the line indented with a tab',
      given: 'info:\n\ttitle: Tiny\n',
      want: [yamlSyntax('spec.yaml', 2, 1, 'Tabs are not allowed as indentation')],
    },
    {
      behaviour: 'points at the key that breaks the indentation of its mapping',
      given: 'info:\n  title: Tiny\n version: 1.0.0\n',
      want: [yamlSyntax('spec.yaml', 3, 1, 'All mapping items must start at the same column')],
    },
    {
      behaviour: 'points at the stray comma in JSON',
      given: '{"openapi": "3.1.0",, "paths": {}}',
      want: [yamlSyntax('spec.yaml', 1, 21, 'Unexpected , in flow map')],
    },
    {
      behaviour: 'reports each duplicate key where it repeats',
      given: 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\n',
      want: [
        yamlSyntax('spec.yaml', 4, 3, 'Map keys must be unique'),
        yamlSyntax('spec.yaml', 5, 1, 'Map keys must be unique'),
      ],
    },
  ];

  for (const { behaviour, given, want } of malformed) {
    it(behaviour, () => {
      expect(failureOf(() => parseSourceText(given, 'spec.yaml'))).toStrictEqual({
        stage: 'parse',
        diagnostics: want,
      });
    });
  }
});

describe('parseSourceFile', () => {
  it('reports every syntax problem of a file once, with its line and column', () => {
    const file = fixture('malformed.yaml');

    expect(failureOf(() => parseSourceFile(file))).toStrictEqual({
      stage: 'parse',
      diagnostics: [
        yamlSyntax(
          file,
          10,
          7,
          'Flow sequence in block collection must be sufficiently indented and end with a ]',
        ),
        yamlSyntax(file, 13, 1, 'Missing closing "quote'),
      ],
    });
  });

  it('reports duplicate keys at every level of a spec', () => {
    const file = fixture('duplicate-keys.yaml');

    expect(failureOf(() => parseSourceFile(file))).toStrictEqual({
      stage: 'parse',
      diagnostics: [
        yamlSyntax(file, 13, 7, 'Map keys must be unique'),
        yamlSyntax(file, 14, 3, 'Map keys must be unique'),
      ],
    });
  });

  it('reports a file it cannot read as file-unreadable', () => {
    const file = fixture('missing.yaml');

    expect(failureOf(() => parseSourceFile(file))).toStrictEqual({
      stage: 'read',
      diagnostics: [
        {
          rule: 'file-unreadable',
          severity: 'error',
          message: `cannot read the spec: ENOENT: no such file or directory, open '${file}'`,
        },
      ],
    });
  });

  it('reads a well-formed file into plain values', () => {
    expect(parseSourceFile(fixture('locate.json'))).toStrictEqual({
      openapi: '3.1.0',
      info: { title: 'Locate API', version: '1.0.0' },
      paths: { '/widgets': { get: { operationId: 'listWidgets' } } },
    });
  });
});

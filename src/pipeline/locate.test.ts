import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { locatePointer } from './locate.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/pipeline/${name}`, import.meta.url));

describe('locatePointer', () => {
  // Scalars are located where their value starts; a mapping where its first entry starts.
  const cases: {
    behaviour: string;
    file: string;
    pointer: string;
    want: [line: number, column: number];
  }[] = [
    {
      behaviour: 'locates the root at the top of the file',
      file: 'locate.yaml',
      pointer: '#',
      want: [1, 1],
    },
    {
      behaviour: 'locates a scalar value',
      file: 'locate.yaml',
      pointer: '#/info/title',
      want: [3, 10],
    },
    {
      behaviour: 'accepts a pointer without the leading #',
      file: 'locate.yaml',
      pointer: '/info/version',
      want: [4, 12],
    },
    {
      behaviour: 'locates a mapping at its first entry',
      file: 'locate.yaml',
      pointer: '#/info',
      want: [3, 3],
    },
    {
      behaviour: 'unescapes ~1 to / in path keys',
      file: 'locate.yaml',
      pointer: '#/paths/~1widgets~1{widgetId}/get/operationId',
      want: [8, 20],
    },
    {
      behaviour: 'unescapes ~0 to ~',
      file: 'locate.yaml',
      pointer: '#/paths/~1a~0b/summary',
      want: [17, 13],
    },
    {
      behaviour: 'locates an item of a flow sequence by index',
      file: 'locate.yaml',
      pointer: '#/paths/~1widgets~1{widgetId}/get/tags/1',
      want: [9, 23],
    },
    {
      behaviour: 'locates a field of a block sequence item',
      file: 'locate.yaml',
      pointer: '#/paths/~1widgets~1{widgetId}/get/parameters/0/in',
      want: [12, 15],
    },
    {
      behaviour: 'falls back to the nearest ancestor when the pointer goes further than the file',
      file: 'locate.yaml',
      pointer: '#/paths/~1widgets~1{widgetId}/get/responses/404/description',
      want: [14, 9],
    },
    {
      behaviour: 'falls back past an index the sequence does not have',
      file: 'locate.yaml',
      pointer: '#/paths/~1widgets~1{widgetId}/get/parameters/3/name',
      want: [11, 9],
    },
    {
      behaviour: 'falls back to the top when no segment matches',
      file: 'locate.yaml',
      pointer: '#/nope/deeper',
      want: [1, 1],
    },
    {
      behaviour: 'locates a value in JSON',
      file: 'locate.json',
      pointer: '#/paths/~1widgets/get/operationId',
      want: [10, 24],
    },
    {
      behaviour: 'locates an object in JSON at its brace',
      file: 'locate.json',
      pointer: '#/info',
      want: [3, 11],
    },
  ];

  for (const { behaviour, file, pointer, want } of cases) {
    it(behaviour, () => {
      const [line, column] = want;

      expect(locatePointer(fixture(file), pointer)).toStrictEqual({
        file: fixture(file),
        line,
        column,
        pointer,
      });
    });
  }

  it('locates a file it cannot read at its top', () => {
    const file = fixture('missing.yaml');

    expect(locatePointer(file, '#/info')).toStrictEqual({
      file,
      line: 1,
      column: 1,
      pointer: '#/info',
    });
  });
});

import { describe, expect, it } from 'vitest';

import { pascalCase, propertyKey, uniqueNames } from './naming.js';

describe('pascalCase', () => {
  const cases: { given: string; want: string }[] = [
    { given: 'repos/get-content', want: 'ReposGetContent' },
    { given: 'getUser', want: 'GetUser' },
    { given: 'get_user', want: 'GetUser' },
    { given: 'list pets', want: 'ListPets' },
    { given: 'v1.users.list', want: 'V1UsersList' },
    { given: 'HTTPStatus', want: 'HTTPStatus' },
    { given: '2fa-setup', want: 'Op2faSetup' },
    { given: '', want: 'Operation' },
    { given: '--', want: 'Operation' },
  ];

  for (const { given, want } of cases) {
    it(`spells '${given}' as ${want}`, () => {
      expect(pascalCase(given)).toStrictEqual(want);
    });
  }
});

describe('uniqueNames', () => {
  const cases: { behaviour: string; given: string[]; want: string[] }[] = [
    { behaviour: 'returns no names for no names', given: [], want: [] },
    {
      behaviour: 'keeps distinct names as they are',
      given: ['GetUser', 'ListUsers'],
      want: ['GetUser', 'ListUsers'],
    },
    {
      behaviour: 'numbers repeats from 2 in the order they appear',
      given: ['GetUser', 'GetUser', 'ListUsers', 'GetUser'],
      want: ['GetUser', 'GetUser2', 'ListUsers', 'GetUser3'],
    },
  ];

  for (const { behaviour, given, want } of cases) {
    it(behaviour, () => {
      expect(uniqueNames(given)).toStrictEqual(want);
    });
  }

  it('never gives a repeat the spelling of another name in the list', () => {
    const names = uniqueNames(['GetUser', 'GetUser', 'GetUser2']);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);

    expect(repeated).toStrictEqual([]);
  });
});

describe('propertyKey', () => {
  const cases: { given: string; want: string }[] = [
    { given: 'getUser', want: 'getUser' },
    { given: '$ref', want: '$ref' },
    { given: '_private', want: '_private' },
    { given: 'get-user', want: "'get-user'" },
    { given: '2fa', want: "'2fa'" },
    { given: "it's", want: "'it\\'s'" },
    { given: 'a\\b', want: "'a\\\\b'" },
  ];

  for (const { given, want } of cases) {
    it(`spells the key ${given} as ${want}`, () => {
      expect(propertyKey(given)).toStrictEqual(want);
    });
  }
});

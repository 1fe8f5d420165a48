import { describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import { checkQueryKeys } from './query-keys.js';

function problemOf(url: string) {
  try {
    checkQueryKeys(url);
    return undefined;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return { status: err.status, code: err.code, detail: err.detail, errors: err.errors };
  }
}

describe('checkQueryKeys', () => {
  const refused = [
    { url: '/orders?__proto__[x]=1', name: '__proto__[x]', reserved: '__proto__' },
    { url: '/orders?__proto__=1', name: '__proto__', reserved: '__proto__' },
    {
      url: '/orders?a[constructor][prototype]=1',
      name: 'a[constructor][prototype]',
      reserved: 'constructor',
    },
    { url: '/orders?a.prototype.x=1', name: 'a.prototype.x', reserved: 'prototype' },
    { url: '/orders?%5F%5Fproto%5F%5F[x]=1', name: '__proto__[x]', reserved: '__proto__' },
    { url: '/orders?a%5B__proto__%5D=1', name: 'a[__proto__]', reserved: '__proto__' },
    { url: '/orders?%255F%255Fproto%255F%255F=1', name: '__proto__', reserved: '__proto__' },
    { url: '/orders?ok=1&constructor', name: 'constructor', reserved: 'constructor' },
    { url: '/orders?x=%zz&__proto__%5Bx%5D=%zz', name: '__proto__[x]', reserved: '__proto__' },
  ];
  for (const { url, name, reserved } of refused) {
    it(`refuses ${url} with 400 forbidden-key`, () => {
      expect(problemOf(url)).toStrictEqual({
        status: 400,
        code: 'forbidden-key',
        detail:
          `The query parameter "${name}" uses the reserved name "${reserved}": the names ` +
          '"__proto__", "constructor" and "prototype" can alter object prototypes; rename the ' +
          'parameter.',
        errors: [
          { in: 'query', pointer: `/${name}`, message: `uses the reserved name "${reserved}"` },
        ],
      });
    });
  }

  it('lists every offending parameter', () => {
    expect(problemOf('/x?__proto__[a]=1&b=2&c[prototype]=3')?.errors).toStrictEqual([
      { in: 'query', pointer: '/__proto__[a]', message: 'uses the reserved name "__proto__"' },
      { in: 'query', pointer: '/c[prototype]', message: 'uses the reserved name "prototype"' },
    ]);
  });

  it.each([
    '/orders',
    '/orders?',
    '/orders?limit=10&cursor=abc',
    '/orders?constructorName=x&prototypes=2&proto=1',
    '/orders?q=__proto__&filter=constructor',
    '/orders?name=%E2%82%AC%zz',
    '/orders#__proto__',
  ])('accepts %s', (url) => {
    expect(problemOf(url)).toBeUndefined();
  });
});

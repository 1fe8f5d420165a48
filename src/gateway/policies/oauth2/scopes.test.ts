import { describe, expect, it } from 'vitest';

import { checkScopes, grantedScopes, requiredScopeSets } from './scopes.js';

const securitySchemes = {
  oauth: { type: 'oauth2' },
  oidc: { type: 'openIdConnect' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
};

describe('requiredScopeSets', () => {
  it.each([
    { security: [], want: [] },
    { security: [{ apiKey: [] }], want: [] },
    { security: [{ oauth: ['a', 'b'] }], want: [['a', 'b']] },
    { security: [{ oauth: ['a'] }, { oidc: ['b'] }], want: [['a'], ['b']] },
    { security: [{ oauth: ['a'], oidc: ['a', 'c'] }], want: [['a', 'c']] },
    { security: [{ apiKey: [] }, { oauth: ['a'] }], want: [['a']] },
    { security: [{ apiKey: [], oauth: [] }], want: [[]] },
    { security: [{ undeclared: ['a'] }], want: [] },
  ])('reads $security as $want', ({ security, want }) => {
    expect(requiredScopeSets({ security, securitySchemes })).toStrictEqual(want);
  });
});

describe('checkScopes', () => {
  it.each([
    { sets: [], granted: [], want: { ok: true } },
    { sets: [[]], granted: [], want: { ok: true } },
    { sets: [['a', 'b']], granted: ['b', 'a', 'c'], want: { ok: true } },
    { sets: [['a', 'b']], granted: ['a'], want: { ok: false, needed: ['a', 'b'] } },
    {
      sets: [
        ['a', 'b', 'c'],
        ['d', 'e'],
      ],
      granted: ['d'],
      want: { ok: false, needed: ['d', 'e'] },
    },
    { sets: [['x'], ['y']], granted: ['y'], want: { ok: true } },
  ])('decides $granted against $sets', ({ sets, granted, want }) => {
    expect(checkScopes(sets, granted)).toStrictEqual(want);
  });
});

describe('grantedScopes', () => {
  it.each([
    { claims: { scope: 'a b  c' }, want: ['a', 'b', 'c'] },
    { claims: { scp: ['a', 1, 'b'] }, want: ['a', 'b'] },
    { claims: { scope: 7 }, want: [] },
    { claims: {}, want: [] },
  ])('reads $claims as $want', ({ claims, want }) => {
    expect(grantedScopes(claims)).toStrictEqual(want);
  });
});

import { describe, expect, it } from 'vitest';

import { CATALOGUE, findRule } from './catalogue.js';
import { OPENAPI_RULES } from './openapi/rules.js';
import { SCHEMA_RULES } from './schema/index.js';

describe('the rule catalogue', () => {
  it('lists each id once per family', () => {
    const keys = CATALOGUE.map((rule) => `${rule.family} ${rule.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('holds every OpenAPI document rule at its level', () => {
    for (const [id, rule] of Object.entries(OPENAPI_RULES)) {
      expect(findRule(id, 'openapi')?.levels).toStrictEqual({
        request: rule.level,
        response: rule.level,
      });
    }
  });

  it('gives an id the OpenAPI walk shares with the schema rules the same level', () => {
    const shared = Object.keys(OPENAPI_RULES).filter((id) => id in SCHEMA_RULES);
    for (const id of shared) {
      const schema = SCHEMA_RULES[id]!;
      const side = id.startsWith('request-') ? schema.request : schema.response;
      expect([id, side]).toStrictEqual([id, OPENAPI_RULES[id as keyof typeof OPENAPI_RULES].level]);
    }
  });

  it('gives every rule a one-line summary', () => {
    for (const rule of CATALOGUE) expect(rule.summary).toMatch(/^[^\n]{10,200}$/);
  });
});

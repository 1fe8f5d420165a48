import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SchemaObject } from '../model.js';
import { compareSchemas } from './index.js';

const STRIPE = join(import.meta.dirname, '../../../../../shared/corpus/openapi-pairs/stripe-spec3');

function load(file: string): Record<string, unknown> {
  return parse(readFileSync(join(STRIPE, file), 'utf8'), { maxAliasCount: -1 }) as Record<
    string,
    unknown
  >;
}

function accountSchema(document: Record<string, unknown>): SchemaObject {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const responses = paths['/v1/account']?.get?.responses as Record<string, Record<string, unknown>>;
  const content = responses['200']?.content as Record<string, { schema: SchemaObject }>;
  return content['application/json']?.schema ?? {};
}

describe('compareSchemas on two Stripe releases', () => {
  it(
    'finishes the account response, whose references reach most of the document',
    { timeout: 180_000 },
    () => {
      const baseDocument = load('base-2023-03-06.spec3.yaml');
      const revisionDocument = load('revision-2023-06-21.spec3.yaml');
      const findings = compareSchemas(
        accountSchema(baseDocument),
        accountSchema(revisionDocument),
        {
          direction: 'response',
          subject: 'response-body',
          location: 'GET /v1/account response 200',
          baseDocument,
          revisionDocument,
        },
      );
      // Ids that became "id or expanded object" in this release gained an alternative.
      expect(findings.map((finding) => finding.rule)).toContain('response-property-any-of-added');
    },
  );
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { InteractionKind, PactResult } from './model.js';
import { readPactFile } from './read-pact.js';

const PACT_CORPUS = join(import.meta.dirname, '../../../../shared/corpus/pact');

function jsonFiles(folder: string): string[] {
  return readdirSync(join(PACT_CORPUS, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(folder, name))
    .sort();
}

function kindsOf(result: PactResult): InteractionKind[] | string {
  return result.ok ? result.pact.interactions.map((entry) => entry.kind) : result.problem.code;
}

describe('reading the real pact files of the corpus', () => {
  const pacts = [...jsonFiles('pact-jvm'), ...jsonFiles('pact-js')];

  it.each(pacts)('reads %s without throwing', (file) => {
    const result = readPactFile(join(PACT_CORPUS, file));
    expect(result.ok || result.problem.code === 'unknown-version').toBe(true);
  });

  it('reads every file but the one with a malformed version as a pact', () => {
    const problems = pacts.filter((file) => !readPactFile(join(PACT_CORPUS, file)).ok);
    expect(problems).toStrictEqual(['pact-jvm/core/model/pact-invalid-version.json']);
  });

  it.each<[string, InteractionKind[] | string]>([
    ['pact-jvm/core/model/v1-pact.json', ['http']],
    ['pact-jvm/core/model/v2_pact_query.json', ['http', 'http', 'http']],
    [
      'pact-jvm/provider/spring/pacts/authors-contract.json',
      ['http', 'http', 'http', 'http', 'http'],
    ],
    ['pact-jvm/core/model/v3-message-pact.json', ['message']],
    ['pact-jvm/core/model/v4-combined-pact.json', ['http', 'message']],
    ['pact-jvm/provider/junit5/amqp_pacts/kafka-request-reply.json', ['sync-message']],
    ['pact-jvm/compatibility-suite/fixtures/pact-broker_c1.json', ['http', 'http', 'http', 'http']],
    ['pact-js/filter-by-PACT_PROVIDER_STATE.json', ['http', 'http', 'http', 'http']],
    ['pact-jvm/core/model/pact-invalid-version.json', 'unknown-version'],
  ])('reads %s as %j', (file, want) => {
    expect(kindsOf(readPactFile(join(PACT_CORPUS, file)))).toStrictEqual(want);
  });

  it('reads a V1 pact with its version, query and text body', () => {
    const result = readPactFile(join(PACT_CORPUS, 'pact-jvm/core/model/v1-pact.json'));
    const first = result.ok ? result.pact.interactions[0] : undefined;
    expect(result.ok && result.pact.version).toBe('V1');
    expect(first?.kind === 'http' && [first.request.query, first.response.body]).toStrictEqual([
      { name: ['ron'], status: ['good'] },
      { contentType: 'text/html', form: 'text', value: '"That is some good Mallory."' },
    ]);
  });

  it('reads a V4 binary body as base64 and a V4 message as JSON', () => {
    const result = readPactFile(join(PACT_CORPUS, 'pact-jvm/core/model/v4-combined-pact.json'));
    const [http, message] = result.ok ? result.pact.interactions : [];
    expect(http?.kind === 'http' && http.response.body).toStrictEqual({
      contentType: 'image/gif',
      form: 'binary',
      value: 'R0lGODdhAQABAIAAAP///////ywAAAAAAQABAAACAkQBADs=',
    });
    expect(message?.kind === 'message' && message.contents).toStrictEqual({
      contentType: 'application/json',
      form: 'json',
      value: { a: '1234-1234' },
    });
  });

  it('reports the malformed version of pact-invalid-version.json with what arrived', () => {
    const file = join(PACT_CORPUS, 'pact-jvm/core/model/pact-invalid-version.json');
    expect(readPactFile(file)).toStrictEqual({
      ok: false,
      problem: {
        code: 'unknown-version',
        message:
          'expected a Pact specification version 1.0.0, 1.1.0, 2.0.0, 3.0.0 or 4.0, got metadata[\'pact-specification\'] = "2.0.0", not { "version": … }',
      },
    });
  });
});

describe('the matcher test cases of the Pact specification', () => {
  const cases = jsonFiles('pact-specification');

  it('holds hundreds of cases', () => {
    expect(cases.length).toBeGreaterThan(400);
  });

  it('reports every one as not a pact file, without throwing', () => {
    const codes = new Set(cases.map((file) => kindsOf(readPactFile(join(PACT_CORPUS, file)))));
    expect([...codes]).toStrictEqual(['not-a-pact']);
  });

  it('names the keys that arrived', () => {
    const file = cases.find((name) => name.includes('version-2/request/'));
    const result = readPactFile(join(PACT_CORPUS, file ?? ''));
    expect(!result.ok && result.problem.message).toMatch(
      /^not a pact file: expected an object with an "interactions" or "messages" list, got an object with keys \["match",/,
    );
  });
});

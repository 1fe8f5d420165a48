import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadDocument } from '../load.js';
import { CORPUS, openApiCorpusDocuments } from './corpus.test-support.js';
import { diffOpenApi } from './index.js';

// Stripe's and GitHub's documents (3 to 4 MB) take a few seconds each to load and compare.
const LARGE_DOCUMENT = 60_000;

describe('diffOpenApi on the corpus', () => {
  it('takes every root document, the multi-file and Swagger 2.0 ones included', () => {
    const documents = openApiCorpusDocuments();
    expect(documents).toHaveLength(48);
    expect(documents).toEqual(
      expect.arrayContaining([
        'openapi/digitalocean/DigitalOcean-public.v2.yaml',
        'openapi/github/api.github.com.2022-10-03.yaml',
        'openapi/oai-examples/v2.0/yaml/petstore-separate/spec/swagger.yaml',
        'openapi/slack/slack_web_openapi_v2.json',
        'openapi-pairs/stripe-spec3/base-2023-03-06.spec3.yaml',
        'openapi-pairs/stripe-spec3/revision-2023-06-21.spec3.yaml',
      ]),
    );
  });

  it.each(openApiCorpusDocuments())(
    'finds nothing between %s and itself',
    { timeout: LARGE_DOCUMENT },
    async (file) => {
      const loaded = await loadDocument(join(CORPUS, file));
      if (loaded.kind !== 'openapi') throw new Error(`${file} loaded as ${loaded.kind}`);

      expect(diffOpenApi(loaded.document, structuredClone(loaded.document))).toStrictEqual([]);
    },
  );
});

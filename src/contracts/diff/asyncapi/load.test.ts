import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { DiffInputError } from '../model.js';
import { ASYNCAPI_CORPUS, corpusDocuments } from './corpus.test-support.js';
import { loadAsyncApiDocument } from './load.js';
import { resolvePointer } from './refs.js';

async function refusal(path: string): Promise<{ name: string; message: string }> {
  const err = await loadAsyncApiDocument(path).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(err instanceof DiffInputError)) throw new Error(`expected a DiffInputError for ${path}`);
  return { name: err.name, message: err.message };
}

function scratchFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'asyncapi-load-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loadAsyncApiDocument', () => {
  it('finds the 39 root documents of the corpus', () => {
    expect(corpusDocuments()).toHaveLength(39);
  });

  it.each(corpusDocuments())('loads %s with no reference to another file left', async (file) => {
    const document = await loadAsyncApiDocument(join(ASYNCAPI_CORPUS, file));

    const version = String(resolvePointer(document, '#/asyncapi'));
    const external = JSON.stringify(document).match(/"\$ref":"[^#"][^"]*"/g) ?? [];
    expect({ major: version.split('.')[0], external }).toStrictEqual({
      major: file.slice('spec-v'.length, 'spec-v'.length + 1),
      external: [],
    });
  });

  it('pulls in the shared messages and schemas of the multi-file example', async () => {
    const file = join(ASYNCAPI_CORPUS, 'spec-v3.0.0/social-media/backend/asyncapi.yaml');
    const document = await loadAsyncApiDocument(file);

    const message = '#/channels/notifyAllCommentLiked/messages/commentLiked';
    expect(resolvePointer(document, `${message}/payload`)).toStrictEqual({
      $ref: '#/components/schemas/commentLikedPayload',
    });
    expect(resolvePointer(document, '#/components/schemas/commentLikedPayload/type')).toBe(
      'object',
    );
  });

  it('loads our canonical events, whose schemas live in the OpenAPI specs', async () => {
    const document = await loadAsyncApiDocument('specs/asyncapi/canonical/v1/asyncapi.yaml');

    expect(JSON.stringify(document)).not.toMatch(/"\$ref":"[^#"]/);
  });

  it('refuses the AsyncAPI 1.2.0 Slack document, naming the versions it supports', async () => {
    const file = join(ASYNCAPI_CORPUS, 'slack/slack_events_api_async_v1.json');

    expect(await refusal(file)).toStrictEqual({
      name: 'DiffInputError',
      message:
        `${file}: AsyncAPI 1.2.0 is not supported: only AsyncAPI 2.x and 3.x documents can ` +
        'be compared; convert it to 2.x or 3.x first',
    });
  });

  it('refuses a JSON Schema file that is not an AsyncAPI document', async () => {
    const file = join(ASYNCAPI_CORPUS, 'slack/slack_common_event_wrapper_schema.json');

    expect(await refusal(file)).toStrictEqual({
      name: 'DiffInputError',
      message:
        `${file}: expected an AsyncAPI document with a top-level \`asyncapi\` version, ` +
        'found none',
    });
  });

  it('refuses a file that is neither YAML nor JSON', async () => {
    const file = scratchFile('broken.yaml', 'asyncapi: 3.0.0\nchannels: [\n');

    const { message } = await refusal(file);
    expect(message).toMatch(/: expected YAML or JSON, but it does not parse: /);
  });

  it('refuses a file that does not exist', async () => {
    const { message } = await refusal('/nonexistent/asyncapi.yaml');

    expect(message).toMatch(/^\/nonexistent\/asyncapi\.yaml: cannot read the file: ENOENT/);
  });

  it('refuses a document whose reference to another file leads nowhere', async () => {
    const file = scratchFile(
      'asyncapi.yaml',
      [
        'asyncapi: 3.0.0',
        'info: { title: t, version: 1.0.0 }',
        'channels:',
        '  orders:',
        '    address: orders',
        '    messages:',
        "      created: { $ref: './missing.yaml#/created' }",
      ].join('\n'),
    );

    const { message } = await refusal(file);
    expect(message).toMatch(/: expected every \$ref to resolve: Can't resolve \$ref/);
  });
});

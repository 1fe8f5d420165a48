import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { bundle, createConfig } from '@redocly/openapi-core';
import type { Config } from '@redocly/openapi-core';
import { parse } from 'yaml';

import { DiffInputError } from '../model.js';
import { asyncApiVersionOf } from './read.js';

let config: Promise<Config> | undefined;

/**
 * Reads an AsyncAPI 2.x or 3.x document (YAML or JSON) with every `$ref` to another file pulled
 * in; local `#/...` references stay. Throws a DiffInputError for a file that cannot be read or
 * parsed, is not AsyncAPI, is AsyncAPI 1.x, or refers to a file or part that does not exist.
 */
export async function loadAsyncApiDocument(path: string): Promise<unknown> {
  const absolute = resolve(path);
  asyncApiVersionOf(parseFile(path, await readText(path, absolute)), path);
  config ??= createConfig({});
  const result = await bundle({ ref: absolute, config: await config, dereference: false }).catch(
    (err: unknown) => {
      throw new DiffInputError(path, `expected a readable AsyncAPI document: ${String(err)}`, {
        cause: err,
      });
    },
  );
  const unresolved = result.problems.filter(
    (problem) => problem.severity === 'error' || problem.message.startsWith("Can't resolve $ref"),
  );
  const first = unresolved[0];
  if (first) throw new DiffInputError(path, `expected every $ref to resolve: ${first.message}`);
  return result.bundle.parsed;
}

async function readText(path: string, absolute: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (err) {
    throw new DiffInputError(path, `cannot read the file: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function parseFile(path: string, text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? '';
    throw new DiffInputError(path, `expected YAML or JSON, but it does not parse: ${reason}`, {
      cause: err,
    });
  }
}

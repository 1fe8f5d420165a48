import type { Location } from '@redocly/openapi-core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

import { isObject } from './ref-chain.js';

/** One shared definition, named as `file#/pointer` with the file absolute. */
export interface SharedTarget {
  file: string;
  pointer: string;
  /** How the configuration spelled it, for messages. */
  label: string;
}

/** Reads `path/to/file.yaml#/Name` relative to `baseDir` (the directory of redocly.yaml). */
export function parseTarget(ref: string, baseDir: string): SharedTarget {
  const [path = '', fragment = '/'] = ref.split('#');
  return { file: resolve(baseDir, path), pointer: `#${fragment}`, label: ref };
}

/** True when any of the locations is the shared definition itself. */
export function reachesTarget(hops: readonly Location[], target: SharedTarget): boolean {
  return hops.some(
    (hop) => hop.source.absoluteRef === target.file && hop.pointer === target.pointer,
  );
}

/**
 * The value of the shared definition as its file spells it, or an Error that says which file
 * or pointer could not be read.
 */
export function readTarget(target: SharedTarget): unknown {
  const document = readDocument(target.file);
  if (document instanceof Error) return document;
  let node: unknown = document;
  for (const part of target.pointer.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(key in node))
      return new Error(`expected '${target.label}' to exist, found no '${key}' there`);
    node = node[key];
  }
  return node;
}

function readDocument(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return new Error(`expected a readable YAML file at '${file}': ${reason}`);
  }
}

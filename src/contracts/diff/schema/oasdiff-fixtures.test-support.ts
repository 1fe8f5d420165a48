/** Loads the oasdiff checker fixture pairs and compares the schemas a test names in them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Direction, SchemaObject } from '../model.js';
import { compareSchemas } from './index.js';

const FIXTURES = join(
  import.meta.dirname,
  '../../../../../shared/corpus/openapi-pairs/oasdiff-checker',
);

type Document = Record<string, unknown>;

interface Site {
  subject: string;
  direction: Direction;
  location: string;
  schema: SchemaObject | undefined;
}

function load(file: string): Document {
  return parse(readFileSync(join(FIXTURES, file), 'utf8')) as Document;
}

function dig(value: unknown, ...keys: string[]): unknown {
  let node = value;
  for (const key of keys) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/**
 * The schema a site names in a document: `POST /pets request` (the first media type of the
 * request body), `GET /pets response 200`, `GET /test parameter limit`.
 */
function siteOf(document: Document, site: string): Site {
  const [method = '', path = '', part = '', name = ''] = site.split(' ');
  const operation = dig(document, 'paths', path, method.toLowerCase());
  const where = `${method} ${path}`;
  if (part === 'request') {
    const content = dig(operation, 'requestBody', 'content') as Record<
      string,
      { schema?: SchemaObject }
    >;
    const schema = Object.values(content)[0]?.schema;
    return {
      subject: 'request-body',
      direction: 'request',
      location: `${where} request body`,
      schema,
    };
  }
  if (part === 'response') {
    const content = dig(operation, 'responses', name, 'content') as Record<
      string,
      { schema?: SchemaObject }
    >;
    const schema = Object.values(content)[0]?.schema;
    return {
      subject: 'response-body',
      direction: 'response',
      location: `${where} response ${name}`,
      schema,
    };
  }
  const shared = (dig(document, 'paths', path, 'parameters') ?? []) as Array<
    Record<string, unknown>
  >;
  const own = (dig(operation, 'parameters') ?? []) as Array<Record<string, unknown>>;
  const parameter = [...shared, ...own].find((candidate) => candidate.name === name);
  const schema = parameter?.schema as SchemaObject | undefined;
  return {
    subject: 'request-parameter',
    direction: 'request',
    location: `${where} parameter ${name}`,
    schema,
  };
}

/**
 * The `rule level` of each finding between two oasdiff checker fixtures, comparing the schemas
 * at each site (`base site => revision site` when they were renamed).
 */

export function diff(baseFile: string, revisionFile: string, sites: string[]): string[] {
  const baseDocument = load(baseFile);
  const revisionDocument = load(revisionFile);
  return sites.flatMap((site) => {
    const [baseSite = site, revisionSite = baseSite] = site.split(' => ');
    const base = siteOf(baseDocument, baseSite);
    const revision = siteOf(revisionDocument, revisionSite);
    const ctx = { ...base, baseDocument, revisionDocument };
    return compareSchemas(base.schema, revision.schema, ctx).map((f) => `${f.rule} ${f.level}`);
  });
}

import type { Location, Oas3Rule, UserContext } from '@redocly/openapi-core';
import { isDeepStrictEqual } from 'node:util';

import { followMember, followRefs, isObject } from './ref-chain.js';
import type { Followed } from './ref-chain.js';
import { createReportOnce } from './report-once.js';
import { parseTarget, reachesTarget, readTarget } from './shared-target.js';
import type { SharedTarget } from './shared-target.js';

/** The shared paging parameters every list operation takes, relative to redocly.yaml. */
export const DEFAULT_PAGING_PARAMETERS: readonly string[] = [
  'specs/openapi/shared/parameters.yaml#/Limit',
  'specs/openapi/shared/parameters.yaml#/Cursor',
];

/** The shared schema of a list response's `page` member, relative to redocly.yaml. */
export const DEFAULT_PAGE_SCHEMA = 'specs/openapi/shared/schemas.yaml#/PageInfo';

interface PagingParameter {
  target: SharedTarget;
  name: string;
  in: unknown;
  schema: unknown;
}

type Report = ReturnType<typeof createReportOnce>;

interface Envelope {
  page: SharedTarget;
  dataProperty: string;
  pageProperty: string;
}

/**
 * `paging-parameters`: an operation that takes any shared paging parameter takes all of them,
 * each a `$ref` to the shared definition or with the same name, `in` and schema, and its 200
 * `application/json` response is the page envelope: a required `data` array and a required
 * `page` that `$ref`s the shared PageInfo. Options `parameters`, `pageSchema`, `dataProperty`
 * and `pageProperty` are resolved against `baseDir`.
 */
export function createPagingParameters(baseDir: string): Oas3Rule {
  return (options) => {
    const refs = Array.isArray(options.parameters)
      ? options.parameters.map(String)
      : DEFAULT_PAGING_PARAMETERS;
    const loaded = refs.map((ref) => loadParameter(parseTarget(ref, baseDir)));
    const shared = loaded.filter((item): item is PagingParameter => !(item instanceof Error));
    const failures = loaded.filter((item): item is Error => item instanceof Error);
    const report = createReportOnce();
    const envelope: Envelope = {
      page: parseTarget(String(options.pageSchema ?? DEFAULT_PAGE_SCHEMA), baseDir),
      dataProperty: String(options.dataProperty ?? 'data'),
      pageProperty: String(options.pageProperty ?? 'page'),
    };
    return {
      Root: {
        enter(_root, ctx) {
          for (const failure of failures)
            ctx.report({ message: failure.message, location: ctx.location });
        },
      },
      Operation: {
        enter(operation, ctx) {
          if (!isObject(operation)) return;
          const found = pagingParametersOf(operation, shared, ctx);
          if (found.size === 0) return;
          const label = `operation '${String(operation.operationId ?? ctx.location.pointer)}'`;
          checkParameters(label, shared, found, ctx, report);
          checkEnvelope(label, operation, envelope, ctx, report);
        },
      },
    };
  };
}

function loadParameter(target: SharedTarget): PagingParameter | Error {
  const node = readTarget(target);
  if (node instanceof Error) return node;
  if (!isObject(node) || typeof node.name !== 'string')
    return new Error(`expected '${target.label}' to be a parameter with a name`);
  return { target, name: node.name, in: node.in, schema: node.schema };
}

function pagingParametersOf(
  operation: Record<string, unknown>,
  shared: PagingParameter[],
  ctx: UserContext,
): Map<PagingParameter, Followed> {
  const found = new Map<PagingParameter, Followed>();
  const list = followMember(ctx.location, operation, 'parameters', ctx);
  if (!list || !Array.isArray(list.node)) return found;
  list.node.forEach((raw, index) => {
    const parameter = followRefs(raw, list.location.child([index]), ctx);
    if (!parameter || !isObject(parameter.node)) return;
    const { name } = parameter.node;
    const match = shared.find((item) => item.name === name);
    if (match) found.set(match, parameter);
  });
  return found;
}

function checkParameters(
  label: string,
  shared: PagingParameter[],
  found: Map<PagingParameter, Followed>,
  ctx: UserContext,
  report: Report,
): void {
  const missing = shared.filter((item) => !found.has(item)).map((item) => `'${item.name}'`);
  const all = shared.map((item) => `'${item.name}'`).join(', ');
  if (missing.length > 0)
    report(
      ctx,
      `${label} pages but lacks ${missing.join(', ')}; expected every paging parameter: ${all}`,
      ctx.location.child(['parameters']),
    );
  for (const [item, parameter] of found) {
    if (reachesTarget(parameter.hops, item.target) || sameDefinition(parameter.node, item))
      continue;
    report(
      ctx,
      `parameter '${item.name}' differs from the shared paging parameter; ` +
        `expected a $ref to ${item.target.label}, or the same name, in and schema`,
      parameter.location,
    );
  }
}

function sameDefinition(node: unknown, item: PagingParameter): boolean {
  return isObject(node) && node.in === item.in && isDeepStrictEqual(node.schema, item.schema);
}

function checkEnvelope(
  label: string,
  operation: Record<string, unknown>,
  envelope: Envelope,
  ctx: UserContext,
  report: Report,
): void {
  const schema = listResponseSchema(operation, ctx);
  if (!schema || !isObject(schema.node)) {
    const message =
      `${label} pages but has no 200 'application/json' schema; ` + 'expected the page envelope';
    report(ctx, message, ctx.location.child(['responses']));
    return;
  }
  const problem = envelopeProblem(schema.node, schema.location, envelope, ctx);
  if (problem) report(ctx, problem.message, problem.at);
}

function listResponseSchema(
  operation: Record<string, unknown>,
  ctx: UserContext,
): Followed | undefined {
  const responses = followMember(ctx.location, operation, 'responses', ctx);
  if (!responses || !isObject(responses.node)) return undefined;
  const ok = followMember(responses.location, responses.node, '200', ctx);
  if (!ok || !isObject(ok.node) || !isObject(ok.node.content)) return undefined;
  const media = ok.node.content['application/json'];
  if (!isObject(media)) return undefined;
  const at = ok.location.child(['content', 'application/json', 'schema']);
  return followRefs(media.schema, at, ctx);
}

function envelopeProblem(
  schema: Record<string, unknown>,
  location: Location,
  envelope: Envelope,
  ctx: UserContext,
): { message: string; at: Location } | undefined {
  const { dataProperty, pageProperty } = envelope;
  const required = Array.isArray(schema.required) ? schema.required : [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const at = location.child(['properties']);
  const data = followMember(at, properties, dataProperty, ctx);
  if (!required.includes(dataProperty) || !isObject(data?.node) || data.node.type !== 'array')
    return {
      message:
        `a list response has no required '${dataProperty}' array; ` + 'expected the page envelope',
      at: location,
    };
  const page = followMember(at, properties, pageProperty, ctx);
  if (required.includes(pageProperty) && page && reachesTarget(page.hops, envelope.page))
    return undefined;
  return {
    message: `a list response's '${pageProperty}' is not a required $ref to ${envelope.page.label}`,
    at: pageProperty in properties ? at.child([pageProperty]) : location,
  };
}

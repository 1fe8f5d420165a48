import type { Location, Oas3Rule, UserContext } from '@redocly/openapi-core';

import { followMember, followRefs, isObject } from './ref-chain.js';
import { createReportOnce } from './report-once.js';
import { parseTarget, reachesTarget } from './shared-target.js';
import type { SharedTarget } from './shared-target.js';

/** Where the shared Problem schema lives, relative to redocly.yaml. */
export const DEFAULT_PROBLEM_SCHEMA = 'specs/openapi/shared/schemas.yaml#/Problem';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * `problem-responses`: every 4xx and 5xx response (including `4XX` and `5XX` ranges) has
 * `application/problem+json` content whose schema is, or `$ref`s, the shared Problem schema
 * (option `schema`, a `file#/pointer` relative to `baseDir`).
 */
export function createProblemResponses(baseDir: string): Oas3Rule {
  return (options) => {
    const target = parseTarget(String(options.schema ?? DEFAULT_PROBLEM_SCHEMA), baseDir);
    const report = createReportOnce();
    return {
      Operation: {
        enter(operation, ctx) {
          if (!isObject(operation)) return;
          const responses = followMember(ctx.location, operation, 'responses', ctx);
          if (!responses || !isObject(responses.node)) return;
          for (const code of Object.keys(responses.node)) {
            if (!/^[45]/.test(code)) continue;
            const response = followMember(responses.location, responses.node, code, ctx);
            const problem =
              response && responseProblem(code, response.node, response.location, target, ctx);
            if (problem) report(ctx, problem.message, problem.at);
          }
        },
      },
    };
  };
}

function responseProblem(
  code: string,
  response: unknown,
  location: Location,
  target: SharedTarget,
  ctx: UserContext,
): { message: string; at: Location } | undefined {
  const content = isObject(response) ? response.content : undefined;
  const media = isObject(content) ? content[PROBLEM_MEDIA_TYPE] : undefined;
  if (!isObject(media))
    return {
      message:
        `response '${code}' has no '${PROBLEM_MEDIA_TYPE}' content; ` +
        `expected the shared Problem schema (${target.label})`,
      at: location,
    };
  const mediaLocation = location.child(['content', PROBLEM_MEDIA_TYPE]);
  const schema = followRefs(media.schema, mediaLocation.child(['schema']), ctx);
  if (!schema || reachesTarget(schema.hops, target)) return undefined;
  return {
    message:
      `response '${code}' has a '${PROBLEM_MEDIA_TYPE}' schema that is not the shared ` +
      `Problem schema; expected a $ref to ${target.label}`,
    at: media.schema === undefined ? mediaLocation : mediaLocation.child(['schema']),
  };
}

import type { ApiContext, ApiVersionSummary } from '../../context.js';
import type { PlatformHandlers, Schemas } from './schemas.js';

/** GET /apis: every served API with its versions, by name; empty without a gateway. */
export const listApis: PlatformHandlers['listApis'] = (_request, context) => {
  const byName = new Map<string, Schemas['ApiVersion'][]>();
  for (const summary of servedApis(context)) {
    byName.set(summary.name, [...(byName.get(summary.name) ?? []), toApiVersion(summary)]);
  }
  const data = [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, versions]) => ({ name, versions: versions.sort(byVersionNumber) }));
  return { status: 200, body: { data } };
};

/**
 * The served API version with this id: `found` when served, `missing` with the served ids when
 * not, and `unchecked` when the context has no gateway to ask.
 */
export function findServedApi(
  context: ApiContext,
  apiId: string,
):
  | { state: 'found'; api: ApiVersionSummary }
  | { state: 'missing'; served: string[] }
  | { state: 'unchecked' } {
  if (!context.gateway) return { state: 'unchecked' };
  const apis = context.gateway.apis();
  const api = apis.find((candidate) => candidate.apiId === apiId);
  if (api) return { state: 'found', api };
  return { state: 'missing', served: apis.map((candidate) => candidate.apiId).sort() };
}

/** The sentence a 404 for an API id that is not served says. */
export function notServedDetail(apiId: string, served: readonly string[]): string {
  return `No API version '${apiId}' is served here; expected one of: ${served.join(', ')}.`;
}

function servedApis(context: ApiContext): readonly ApiVersionSummary[] {
  return context.gateway?.apis() ?? [];
}

function toApiVersion(summary: ApiVersionSummary): Schemas['ApiVersion'] {
  return {
    id: summary.apiId,
    version: summary.version,
    title: summary.title,
    basePath: summary.basePath,
    status: summary.status,
    ...(summary.deprecatedAt === undefined ? {} : { deprecatedAt: summary.deprecatedAt }),
    ...(summary.sunsetAt === undefined ? {} : { sunsetAt: summary.sunsetAt }),
  };
}

function byVersionNumber(a: Schemas['ApiVersion'], b: Schemas['ApiVersion']): number {
  return Number(a.version.slice(1)) - Number(b.version.slice(1));
}

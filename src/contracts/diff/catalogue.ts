import { ASYNCAPI_RULES } from './asyncapi/index.js';
import type { Level } from './model.js';
import { OPENAPI_RULES } from './openapi/rules.js';
import { PROJECT_RULES } from './project.js';
import { SCHEMA_RULES } from './schema/index.js';

/** Which part of the diff reports a rule. */
export type RuleFamily = 'project' | 'openapi' | 'schema' | 'asyncapi';

/** One rule: its id, where it applies, its level(s) and what it reports. */
export interface CatalogueEntry {
  id: string;
  family: RuleFamily;
  /** Schema rules are judged by direction; every other rule has one level for both. */
  levels: { request: Level; response: Level };
  summary: string;
}

/**
 * Every rule the diff can report, in one list: the project rules, the OpenAPI document rules,
 * the schema rules and the AsyncAPI rules. An id appears once per family; OpenAPI and AsyncAPI
 * may share an id (`operation-removed`) because a report is only ever of one kind.
 */
export const CATALOGUE: readonly CatalogueEntry[] = [
  ...fixed('project', PROJECT_RULES),
  ...fixed('openapi', OPENAPI_RULES),
  ...Object.entries(SCHEMA_RULES).map(([id, rule]) => ({
    id,
    family: 'schema' as const,
    levels: { request: rule.request, response: rule.response },
    summary: rule.summary,
  })),
  ...fixed('asyncapi', ASYNCAPI_RULES),
];

/** The catalogue entry of `id`, looked up among the families a report of `kind` can hold. */
export function findRule(id: string, kind: 'openapi' | 'asyncapi'): CatalogueEntry | undefined {
  const families: RuleFamily[] =
    kind === 'openapi' ? ['project', 'openapi', 'schema'] : ['project', 'asyncapi', 'schema'];
  return CATALOGUE.find((entry) => entry.id === id && families.includes(entry.family));
}

function fixed(
  family: RuleFamily,
  rules: Record<string, { summary: string; level: Level }>,
): CatalogueEntry[] {
  return Object.entries(rules).map(([id, rule]) => ({
    id,
    family,
    levels: { request: rule.level, response: rule.level },
    summary: rule.summary,
  }));
}

import type { Interaction, Pact } from '../pact/index.js';
import { listMessages } from './asyncapi-messages.js';
import type { AsyncApiContext } from './message-check.js';
import { checkMessage } from './message-check.js';
import type { OpenApiContext } from './http-check.js';
import { checkHttpInteraction } from './http-check.js';
import type { PactReport, Summary, Verdict } from './model.js';
import { toJsonSchemaDialect } from './openapi30-schema.js';
import { serverPrefixes } from './path-match.js';
import { followRecord } from './refs.js';
import { SchemaValidator } from './schema-validator.js';
import type { ContractSpec } from './spec.js';

/**
 * Checks every interaction of a pact against a provider's spec: HTTP interactions against an
 * OpenAPI document, messages against an AsyncAPI one. Any other pairing, and any interaction kind
 * the check does not cover, is `unsupported` with the reason.
 */
export function checkPact(pact: Pact, spec: ContractSpec): PactReport {
  const check = checkerOf(spec);
  const verdicts = pact.interactions.map(check);
  return {
    consumer: pact.consumer,
    provider: pact.provider,
    verdicts,
    summary: summarize(verdicts),
  };
}

/** Counts verdicts per outcome. */
export function summarize(verdicts: readonly Verdict[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, unsupported: 0 };
  for (const verdict of verdicts) summary[verdict.outcome] += 1;
  return summary;
}

type Checker = (interaction: Interaction) => Verdict;

// Compiled schemas are kept per spec, so many pacts against one provider compile them once.
const checkers = new WeakMap<ContractSpec, Checker>();

function checkerOf(spec: ContractSpec): Checker {
  const known = checkers.get(spec);
  if (known) return known;
  const checker = spec.kind === 'openapi' ? openApiChecker(spec) : asyncApiChecker(spec);
  checkers.set(spec, checker);
  return checker;
}

function openApiChecker(spec: Extract<ContractSpec, { kind: 'openapi' }>): Checker {
  const document = spec.dialect === '3.0' ? toJsonSchemaDialect(spec.document) : spec.document;
  const dialect = spec.dialect === '3.0' ? 'draft-07' : '2020-12';
  const context: OpenApiContext = {
    document,
    templates: Object.keys(followRecord(document, document.paths)),
    prefixes: serverPrefixes(document),
    bodies: new SchemaValidator(document, dialect),
    params: new SchemaValidator(document, dialect, true),
  };
  return (interaction) =>
    interaction.kind === 'http'
      ? checkHttpInteraction(interaction, context)
      : unsupported(interaction, 'OpenAPI');
}

function asyncApiChecker(spec: Extract<ContractSpec, { kind: 'asyncapi' }>): Checker {
  let context: AsyncApiContext | undefined;
  return (interaction) => {
    if (interaction.kind !== 'message') return unsupported(interaction, 'AsyncAPI');
    context ??= {
      messages: listMessages(spec.document),
      validator: new SchemaValidator(spec.document, 'draft-07'),
    };
    return checkMessage(interaction, context);
  };
}

const LABELS: Record<Interaction['kind'], string> = {
  http: 'HTTP interaction',
  message: 'message interaction',
  'sync-message': 'synchronous message interaction',
  unsupported: 'interaction',
};

/** Why an interaction is not checked against a spec of the given kind. */
function unsupported(interaction: Interaction, specKind: 'OpenAPI' | 'AsyncAPI'): Verdict {
  const { description, kind } = interaction;
  const detail =
    kind === 'unsupported'
      ? interaction.reason
      : kind === 'sync-message'
        ? `${LABELS[kind]}: request/reply messages are not checked`
        : `${LABELS[kind]}, the spec is ${specKind}`;
  return { description, kind, outcome: 'unsupported', detail, reasons: [] };
}

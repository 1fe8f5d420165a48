import { HTTP_METHODS } from '../../pipeline/document.js';
import type { HttpInteraction, PactResponse } from '../pact/index.js';
import type { BodyContext } from './body-check.js';
import { checkBody } from './body-check.js';
import { Findings } from './findings.js';
import type { ReasonCode, Verdict } from './model.js';
import { checkParameters, mergeParameters } from './parameters.js';
import { matchPath } from './path-match.js';
import { followRecord } from './refs.js';

/** An OpenAPI document prepared for checking: its path templates, prefixes and validators. */
export interface OpenApiContext extends BodyContext {
  templates: string[];
  prefixes: string[];
}

/**
 * Checks one HTTP interaction against an OpenAPI document: path, method, parameters, request
 * body, response status and response body. Every broken rule is a reason; a schema ajv cannot
 * compile makes the verdict `unsupported` unless something else already failed. An interaction
 * answered 400 or 422 may send an invalid request: that is what it tests.
 */
export function checkHttpInteraction(
  interaction: HttpInteraction,
  context: OpenApiContext,
): Verdict {
  const { request, response } = interaction;
  const verdict = (findings: Findings, detail: string): Verdict =>
    toVerdict(interaction.description, detail, findings);
  const findings = new Findings();

  const match = matchPath(context.templates, context.prefixes, request.path);
  if (!match) {
    findings.add(
      'unknown-path',
      '/request/path',
      describePaths(context.templates),
      `"${request.path}"`,
    );
    return verdict(findings, `${request.method} ${request.path}`);
  }
  const item = followRecord(
    context.document,
    followRecord(context.document, context.document.paths)[match.template],
  );
  const methods = HTTP_METHODS.filter((method) => item[method] !== undefined);
  const method = request.method.toLowerCase();
  if (!methods.some((known) => known === method)) {
    const expected = `one of ${methods.map((known) => known.toUpperCase()).join(', ')}`;
    findings.add('unknown-method', '/request/method', expected, `"${request.method}"`);
    return verdict(findings, `${request.method} ${match.template}`);
  }

  const operation = followRecord(context.document, item[method]);
  const parameters = mergeParameters(context.document, item.parameters, operation.parameters);
  checkParameters(parameters, request, match.params, context, findings);
  checkRequestBody(interaction, operation, context, findings);
  const status = checkResponse(response, operation, context, findings);
  const detail = `${request.method} ${match.template} -> ${status}`;
  if (!REJECTING_STATUSES.has(response.status)) return verdict(findings, detail);
  return verdict(withoutRequestValidity(findings), `${detail}, a rejected request`);
}

// A consumer that expects 400 or 422 sends an invalid request on purpose: the request's own
// validity is then not part of the contract, while its path, method and answer still are.
const REJECTING_STATUSES = new Set([400, 422]);
const REQUEST_VALIDITY: ReadonlySet<ReasonCode> = new Set([
  'missing-parameter',
  'invalid-parameter',
  'missing-request-body',
  'invalid-request-body',
]);

function withoutRequestValidity(findings: Findings): Findings {
  const kept = new Findings();
  for (const reason of findings.reasons)
    if (!REQUEST_VALIDITY.has(reason.code))
      kept.add(reason.code, reason.pointer, reason.expected, reason.actual);
  kept.uncheckable.push(...findings.uncheckable);
  return kept;
}

function checkRequestBody(
  interaction: HttpInteraction,
  operation: Record<string, unknown>,
  context: OpenApiContext,
  findings: Findings,
): void {
  const requestBody = followRecord(context.document, operation.requestBody);
  const body = interaction.request.body;
  if (body === undefined && requestBody.required === true) {
    const expected = `a body (${Object.keys(followRecord(context.document, requestBody.content)).join(', ')})`;
    findings.add('missing-request-body', '/request/body', expected, 'nothing');
    return;
  }
  checkBody(body, requestBody.content, 'request', context, findings);
}

/** Returns the response key the status fell under, or the bare status when none is declared. */
function checkResponse(
  response: PactResponse,
  operation: Record<string, unknown>,
  context: OpenApiContext,
  findings: Findings,
): string {
  const responses = followRecord(context.document, operation.responses);
  const key = responseKey(Object.keys(responses), response.status);
  if (key === undefined) {
    const expected = `one of ${Object.keys(responses).join(', ')}`;
    findings.add('undeclared-status', '/response/status', expected, String(response.status));
    return String(response.status);
  }
  const declared = followRecord(context.document, responses[key]);
  checkBody(response.body, declared.content, 'response', context, findings);
  return key;
}

/** The exact status, then its range (`2XX`), then `default` (OpenAPI 3.x, 4.8.16). */
export function responseKey(keys: readonly string[], status: number): string | undefined {
  const range = `${String(status).charAt(0)}XX`;
  return (
    keys.find((key) => key === String(status)) ??
    keys.find((key) => key.toUpperCase() === range) ??
    keys.find((key) => key === 'default')
  );
}

function describePaths(templates: readonly string[]): string {
  const shown = templates.slice(0, 6).join(', ');
  const more = templates.length > 6 ? ` and ${templates.length - 6} more` : '';
  return `a path of the spec: ${shown}${more}`;
}

function toVerdict(description: string, detail: string, findings: Findings): Verdict {
  if (findings.reasons.length > 0)
    return { description, kind: 'http', outcome: 'fail', detail, reasons: findings.reasons };
  if (findings.uncheckable.length > 0) {
    const why = `${detail}: ${findings.uncheckable.join('; ')}`;
    return { description, kind: 'http', outcome: 'unsupported', detail: why, reasons: [] };
  }
  return { description, kind: 'http', outcome: 'pass', detail, reasons: [] };
}
